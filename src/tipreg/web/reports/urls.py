from django.urls import path

from tipreg.web.reports import dashboard_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("reports/", views.report_home, name="report_home"),
    path("reports/<str:state_code>/<int:period_id>/<str:provision_id>/", views.report_edit, name="report_edit"),
    path("reports/export.<str:output>", views.reports_export, name="reports_export"),
    path("reports/import/", views.reports_import, name="reports_import"),
    path("reports/evidence/upload/<int:report_id>/", views.evidence_upload, name="evidence_upload"),
    path("reports/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("dashboards/", dashboard_views.dashboard, name="dashboards"),
    path("dashboards/<slug:slug>.<str:output>", dashboard_views.dashboard_file, name="dashboard_file"),
]
