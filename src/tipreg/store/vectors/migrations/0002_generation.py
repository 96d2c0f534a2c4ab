# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""Generation counters kept by triggers, so that a vector index knows when the register changed."""

from django.db import migrations, models

from tipreg.store.vectors.triggers import install_triggers, remove_triggers


class Migration(migrations.Migration):
    dependencies = [("vectors", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("key", models.CharField(max_length=220, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(
            lambda apps, schema_editor: install_triggers(schema_editor.connection),
            lambda apps, schema_editor: remove_triggers(schema_editor.connection),
        ),
    ]
