# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""Names of the models in the Secretariat's desk, translated (no change to the tables)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="curationevent",
            options={
                "ordering": ("created_at", "id"),
                "verbose_name": "curation event",
                "verbose_name_plural": "curation events",
            },
        ),
        migrations.AlterModelOptions(
            name="redirect",
            options={"verbose_name": "redirect of a merged id", "verbose_name_plural": "redirects of merged ids"},
        ),
    ]
