from django.apps import AppConfig


class RegisterWebConfig(AppConfig):
    name = "tipreg.web.register"
    label = "register_web"
    verbose_name = "Register pages"
