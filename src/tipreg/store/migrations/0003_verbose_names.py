# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""Names of the models in the Secretariat's desk, translated (no change to the tables)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0002_keyword_index"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="provision",
            options={"verbose_name": "register entry", "verbose_name_plural": "register entries"},
        ),
    ]
