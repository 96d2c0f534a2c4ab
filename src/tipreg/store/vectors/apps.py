from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VectorsConfig(AppConfig):
    name = "tipreg.store.vectors"
    label = "vectors"
    verbose_name = _("Embeddings of register entries")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(reinstall_triggers, sender=self)


def reinstall_triggers(sender: AppConfig, using: str, **kwargs: object) -> None:
    """After every migrate: a migration that rebuilt a table (SQLite does, to alter a column) lost its triggers."""
    from django.db import connections

    from tipreg.store.vectors.triggers import install_triggers

    install_triggers(connections[using])
