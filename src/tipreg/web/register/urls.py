from django.urls import path

from tipreg.web.register import publications, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("provisions/", views.provision_list, name="provision_list"),
    path("provisions/<str:provision_id>", views.provision_detail, name="provision_detail"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:document_id>", views.document_detail, name="document_detail"),
    path("publications/", publications.publication_list, name="publication_list"),
    path("publications/<str:kind>.<str:output>", publications.publication_download, name="publication_download"),
    path("recurring/", views.recurring, name="recurring"),
    path("gaps/", publications.gap_view, name="gap_view"),
    path("gaps/chart.svg", publications.gap_chart, name="gap_chart"),
]
