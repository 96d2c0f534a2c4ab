"""Root URLs: the register's pages, the API under /api/, reports and accounts, the Secretariat's admin,
and Django's language switcher."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("tipreg.web.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("tipreg.web.reports.urls")),
    path("", include("tipreg.web.register.urls")),
]
