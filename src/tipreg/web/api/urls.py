from django.urls import path, re_path

from tipreg.web.api import views

urlpatterns = [
    path("search", views.search, name="api_search"),
    path("provisions/<str:provision_id>", views.provision, name="api_provision"),
    path("provisions/<str:provision_id>/similar", views.similar, name="api_similar"),
    path("documents", views.documents, name="api_documents"),
    path("openapi.json", views.openapi, name="api_openapi"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
