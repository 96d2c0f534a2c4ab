from django.urls import path, re_path

from tipreg.web.api import views
from tipreg.web.reports import api as reports_api

urlpatterns = [
    path("search", views.search, name="api_search"),
    path("provisions/<str:provision_id>", views.provision, name="api_provision"),
    path("provisions/<str:provision_id>/similar", views.similar, name="api_similar"),
    path("documents", views.documents, name="api_documents"),
    path("openapi.json", views.openapi, name="api_openapi"),
    path("reports", reports_api.report_list, name="api_reports"),
    path("reports/<str:state_code>/<str:period_name>/<str:provision_id>", reports_api.report_detail, name="api_report"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
