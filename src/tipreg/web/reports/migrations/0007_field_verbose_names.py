# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""Field names in the Secretariat's desk, translated (no change to the tables)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_state_registered_removed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="content_type",
            field=models.CharField(max_length=100, verbose_name="type"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="file",
            field=models.FileField(upload_to="evidence/%Y/%m/", verbose_name="File"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="original_name",
            field=models.CharField(max_length=255, verbose_name="file name"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evidence",
                to="reports.implementationreport",
                verbose_name="report",
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="size",
            field=models.PositiveIntegerField(verbose_name="size"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="uploaded_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
        migrations.AlterField(
            model_name="focalpoint",
            name="state",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="focal_points",
                to="reports.state",
                verbose_name="State",
            ),
        ),
        migrations.AlterField(
            model_name="focalpoint",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="focal_point",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="narrative",
            field=models.TextField(blank=True, verbose_name="Narrative"),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="period",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="reports.reportingperiod",
                verbose_name="Period",
            ),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="provision_id",
            field=models.CharField(db_index=True, max_length=64, verbose_name="Recommendation"),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="state",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="reports.state",
                verbose_name="State",
            ),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="status",
            field=models.CharField(
                choices=[
                    ("not_started", "not started"),
                    ("in_progress", "in progress"),
                    ("implemented", "implemented"),
                    ("not_applicable", "not applicable"),
                ],
                default="not_started",
                max_length=20,
                verbose_name="Status",
            ),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="submitted",
            field=models.BooleanField(default=False, verbose_name="submitted"),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="Updated"),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="updated_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="updated by",
            ),
        ),
        migrations.AlterField(
            model_name="implementationreport",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version"),
        ),
        migrations.AlterField(
            model_name="reportingperiod",
            name="ends",
            field=models.DateField(verbose_name="ends"),
        ),
        migrations.AlterField(
            model_name="reportingperiod",
            name="is_current",
            field=models.BooleanField(default=False, verbose_name="current"),
        ),
        migrations.AlterField(
            model_name="reportingperiod",
            name="name",
            field=models.CharField(max_length=80, unique=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="reportingperiod",
            name="starts",
            field=models.DateField(verbose_name="starts"),
        ),
        migrations.AlterField(
            model_name="state",
            name="code",
            field=models.CharField(max_length=8, unique=True, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="state",
            name="name",
            field=models.CharField(max_length=200, verbose_name="name"),
        ),
    ]
