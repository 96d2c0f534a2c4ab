"""Implementation reports: what each State party says it has done about a recommendation, per period.

Roles: the Secretariat is a staff user (curates in /admin/); a focal point is a user linked to one State
(FocalPoint) and reads and writes that State's reports only; the public has no account and sees reports only
as counts in the dashboards, and only once submitted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)  # ISO 3166-1 alpha-3, e.g. ESP
    name = models.CharField(_("name"), max_length=200)
    # Which periods a State is expected to report in (the dashboards' coverage): those that end on or after the
    # day it was registered and begin before the day it was removed (its reports stay; it is not expected after).
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("State")
        verbose_name_plural = _("States")
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        """The checks of `tipreg states add` and of the desk's State page: the code is the key of the State's
        reports and of their API addresses."""
        if not (len(self.code) == 3 and self.code.isascii() and self.code.isalpha()):
            message = _("A State's code is its ISO 3166-1 alpha-3 code (three letters, such as ESP), not %(code)r.")
            raise ValidationError({"code": message % {"code": self.code}})
        self.code, self.name = self.code.upper(), self.name.strip()
        if not self.name:
            raise ValidationError({"name": _("A State needs its name.")})
        if self.removed_on and self.registered_on and self.removed_on < self.registered_on:
            raise ValidationError({"removed_on": _("A State cannot be removed before it was registered.")})


class FocalPoint(models.Model):
    """The link that makes a user the focal point of one State."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_point", verbose_name=_("user")
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="focal_points", verbose_name=_("State"))

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return f"{self.user} → {self.state.code}"


class ReportingPeriod(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    is_current = models.BooleanField(_("current"), default=False)  # the period reports are filed for now

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ("-starts",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The checks of `tipreg periods add` and of the desk's period page."""
        if not self.name.strip() or "/" in self.name:  # the name is a segment of the write API's URLs
            raise ValidationError({"name": _("A period's name must not be empty or contain “/”.")})
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("A period cannot end before it starts.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saved current, it is the only current period: reports are filed for one period at a time."""
        with transaction.atomic():
            if self.is_current:
                ReportingPeriod.objects.filter(is_current=True).exclude(pk=self.pk).update(is_current=False)
            super().save(*args, **kwargs)


class ImplementationReport(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    # The register entry's stable id, not a foreign key: re-ingestion never removes an id it gave.
    provision_id = models.CharField(_("Recommendation"), max_length=64, db_index=True)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reports", verbose_name=_("State"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("Period")
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    narrative = models.TextField(_("Narrative"), blank=True)
    # A draft is seen by its State and the Secretariat only; a submitted report also counts in the public
    # dashboards. Saving it as a draft again withdraws it until it is submitted again.
    submitted = models.BooleanField(_("submitted"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)  # checked on save: optimistic concurrency
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        constraints = (
            models.UniqueConstraint(fields=("provision_id", "state", "period"), name="one_report_per_period"),
        )

    def __str__(self) -> str:
        return f"{self.state.code} {self.period} {self.provision_id}"


class ReportChange(models.Model):
    """One saved change to a report: who, when, and each field's value before and after."""

    report = models.ForeignKey(ImplementationReport, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()  # the report's version this change produced
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField()  # {field: [before, after]}

    class Meta:
        ordering = ("report", "version", "id")  # a file attached or removed keeps the version: in the order made


class Evidence(models.Model):
    """A file attached to a report, kept under TIPREG_MEDIA_DIR (never under the web root)."""

    report = models.ForeignKey(
        ImplementationReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report")
    )
    file = models.FileField(_("File"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)  # from the allowed list, never the client's claim
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class ApiToken(models.Model):
    """A key a script sends as `Authorization: Bearer …` to the write API; only its SHA-256 is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)  # what the token is for, to tell one from another
    digest = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the token
    prefix = models.CharField(max_length=12)  # the token's first characters, shown to recognise it
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.user} {self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """Failed log-ins of one user name from one address, counted in the database so that every server process
    (`tipreg serve --workers N`) sees the same count; the key is a SHA-256, never the name or address."""

    key = models.CharField(max_length=64, unique=True)
    name_key = models.CharField(max_length=64, default="", db_index=True)  # the name's alone: to lift its locks
    count = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()  # the window of LOGIN_LOCKOUT_SECONDS runs from the first failure

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count}"
