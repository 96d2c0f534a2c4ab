"""Template helpers for the register pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tipreg.enrich.taxonomy import theme_definitions, theme_names
from tipreg.web.register.results import HIGHLIGHT

register = template.Library()


@register.filter
def highlight(snippet: str) -> SafeString:
    """A search snippet escaped whole, then its matched words (between HIGHLIGHT markers) in <mark>."""
    escaped = escape(snippet)  # the markers are not HTML-special, so they survive escaping unchanged
    return mark_safe(escaped.replace(HIGHLIGHT[0], "<mark>").replace(HIGHLIGHT[1], "</mark>"))


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters changed (None or "" removes one); page resets."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value not in (None, ""):
            params[name] = str(value)
    return "?" + urlencode(sorted(params.items()))


# Labels for the register's codes; an unknown code shows as it is.
KIND_LABELS = {
    "recommendation": _("recommendation"),
    "operative_paragraph": _("operative paragraph"),
    "preambular_paragraph": _("preambular paragraph"),
}
TYPE_LABELS = {
    "meeting_report": _("meeting report"),
    "compilation": _("compilation"),
    "background_paper": _("background paper"),
    "resolution": _("resolution"),
    "unknown": _("unknown"),
}


ADDRESSEE_LABELS = {
    "states_parties": _("States parties"),
    "member_states": _("Member States"),
    "secretariat": _("the Secretariat"),
    "conference": _("the Conference"),
    "working_group": _("the Working Group"),
    "other_bodies": _("other bodies"),
}


@register.filter
def theme_label(theme: str | None) -> str:
    """A theme's or sub-theme's name in the interface's language (docs/taxonomy.md)."""
    return theme_names(get_language() or "es").get(theme or "", theme or "")


@register.filter
def theme_definition(theme: str | None) -> str:
    """What a theme or sub-theme covers, in the interface's language; empty for an unknown id."""
    return theme_definitions(get_language() or "es").get(theme or "", "")


@register.filter
def addressee_label(addressee: str | None) -> str:
    return str(ADDRESSEE_LABELS.get(addressee or "", addressee or ""))


@register.filter
def kind_label(kind: str | None) -> str:
    return str(KIND_LABELS.get(kind or "", kind or ""))


@register.filter
def type_label(document_type: str | None) -> str:
    return str(TYPE_LABELS.get(document_type or "", document_type or ""))


@register.filter
def lead_in(text: str, first_label: str) -> str:
    """The words of a provision's text before its first sub-item (the text runs the sub-items inline)."""
    cut = text.find(f" {first_label}) ")
    return text[:cut].rstrip() if cut > 0 else text
