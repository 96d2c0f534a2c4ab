# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""When each State was registered (and, if it was, removed), so that a past period's coverage is measured against
the States expected to report in it. States already there count as registered from the first period on: they
stay expected in every period, as the dashboards counted them before."""

import datetime

import django.utils.timezone
from django.db import migrations, models


def registered_from_the_first_period(apps: object, schema_editor: object) -> None:
    periods, states = apps.get_model("reports", "ReportingPeriod"), apps.get_model("reports", "State")
    first = periods.objects.order_by("starts").values_list("starts", flat=True).first()
    today = datetime.date.today()
    states.objects.update(registered_on=min(first, today) if first else today)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="state",
            name="registered_on",
            field=models.DateField(null=True, verbose_name="registered on"),
        ),
        migrations.RunPython(registered_from_the_first_period, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="state",
            name="registered_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="registered on"),
        ),
        migrations.AddField(
            model_name="state",
            name="removed_on",
            field=models.DateField(blank=True, null=True, verbose_name="removed on"),
        ),
    ]
