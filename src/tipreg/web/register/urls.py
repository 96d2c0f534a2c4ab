from django.urls import path

from tipreg.web.register import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("provisions/", views.provision_list, name="provision_list"),
    path("provisions/<str:provision_id>", views.provision_detail, name="provision_detail"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:document_id>", views.document_detail, name="document_detail"),
]
