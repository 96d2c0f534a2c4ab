# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""A report's history in the order it was made: a file attached or removed keeps the report's version."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_field_verbose_names"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reportchange",
            options={"ordering": ("report", "version", "id")},
        ),
    ]
