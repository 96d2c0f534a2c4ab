from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tipreg.web.reports"
    label = "reports"
    verbose_name = "Implementation reports"
