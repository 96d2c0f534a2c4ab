from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tipreg.web.api"
    label = "register_api"
    verbose_name = _("Register API")
