from django.apps import AppConfig


class LabelsConfig(AppConfig):
    name = "tipreg.store.labels"
    label = "labels"
    verbose_name = "Labels of register entries"
