# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""Names of the models in the Secretariat's desk, translated (no change to the tables)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_login_failure_name_key"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="evidence",
            options={"verbose_name": "evidence file", "verbose_name_plural": "evidence files"},
        ),
        migrations.AlterModelOptions(
            name="focalpoint",
            options={"verbose_name": "focal point", "verbose_name_plural": "focal points"},
        ),
        migrations.AlterModelOptions(
            name="implementationreport",
            options={"verbose_name": "implementation report", "verbose_name_plural": "implementation reports"},
        ),
        migrations.AlterModelOptions(
            name="reportingperiod",
            options={
                "ordering": ("-starts",),
                "verbose_name": "reporting period",
                "verbose_name_plural": "reporting periods",
            },
        ),
        migrations.AlterModelOptions(
            name="state",
            options={"ordering": ("name",), "verbose_name": "State", "verbose_name_plural": "States"},
        ),
    ]
