from django.apps import AppConfig


class CurationDeskConfig(AppConfig):
    name = "tipreg.web.curation"
    label = "curation_desk"
    verbose_name = "Curation desk"
