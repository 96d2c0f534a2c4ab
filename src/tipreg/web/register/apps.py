from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterWebConfig(AppConfig):
    name = "tipreg.web.register"
    label = "register_web"
    verbose_name = _("Register pages")
