from django.apps import AppConfig


class VectorsConfig(AppConfig):
    name = "tipreg.store.vectors"
    label = "vectors"
    verbose_name = "Embeddings of register entries"
