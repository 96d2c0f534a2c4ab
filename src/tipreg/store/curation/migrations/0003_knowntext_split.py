# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""A known text a split left behind remembers where it was cut and which entry took the rest."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0002_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="knowntext",
            name="split_at",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="knowntext",
            name="split_off",
            field=models.CharField(max_length=64, null=True),
        ),
    ]
