from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationDeskConfig(AppConfig):
    name = "tipreg.web.curation"
    label = "curation_desk"
    verbose_name = _("Curation desk")
