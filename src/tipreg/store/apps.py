from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "tipreg.store"
    label = "store"
    verbose_name = "Register"
