from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tipreg.web.api"
    label = "register_api"
    verbose_name = "Register API"
