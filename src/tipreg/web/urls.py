"""Root URLs: the register's pages, the API under /api/, and Django's language switcher."""

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("tipreg.web.api.urls")),
    path("", include("tipreg.web.register.urls")),
]
