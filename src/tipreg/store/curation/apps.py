from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "tipreg.store.curation"
    label = "curation"
    verbose_name = "Curation of register entries"
