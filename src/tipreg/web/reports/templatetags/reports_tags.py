"""How the report pages show a history value and a register entry."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipreg.web.reports.models import ImplementationReport

register = template.Library()
FIELD_NAMES = {
    "status": gettext_lazy("Status"),
    "narrative": gettext_lazy("Narrative"),
    "submitted": gettext_lazy("Stage"),
    "evidence": gettext_lazy("Evidence"),
}


@register.filter
def field_name(field: str) -> str:
    return str(FIELD_NAMES.get(field, field))


@register.filter
def field_value(value: object, field: str) -> str:
    """A value before or after a change as a person reads it: the status's label, draft or submitted."""
    if field == "evidence" and not value:  # attached where there was none, or removed
        return _("none")
    if field == "submitted":
        return _("submitted") if value else _("draft")
    if field == "status" and value in ImplementationReport.Status.values:
        return str(ImplementationReport.Status(value).label)
    return str(value)
