"""Template helpers for the register pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tipreg.enrich.taxonomy import theme_definitions, theme_names
from tipreg.segment.provisions import text_lead
from tipreg.web.register.reading import LinkedEntry
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
    "paragraph": _("paragraph"),
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


STRENGTH_LABELS = {
    5: _("obligation (shall)"),
    4: _("recommendation (should)"),
    3: _("consideration (should consider)"),
    2: _("encouragement (are encouraged)"),
    1: _("option (may wish to)"),
}
GROUP_LABELS = {
    "women": _("women"),
    "children": _("children"),
    "migrants": _("migrants"),
    "domestic_workers": _("domestic workers"),
    "persons_with_disabilities": _("persons with disabilities"),
    "refugees": _("refugees"),
}
# How a link reads from the entry shown: (the other entry is earlier, the other entry is later).
LINK_LABELS = {
    "cites": (_("cites"), _("cited by")),
    "reiterates": (_("reiterates"), _("reiterated by")),
    "recurs": (_("earlier on the same matter"), _("later on the same matter")),
}


@register.filter
def strength_label(strength: int | str | None) -> str:
    """ "4 — recommendation (should)": the level and its name on the ordinal scale (docs/labelling-guide.md)."""
    if strength in (None, ""):
        return ""
    name = STRENGTH_LABELS.get(int(strength))
    return f"{strength} — {name}" if name else str(strength)


@register.filter
def group_label(group: str | None) -> str:
    return str(GROUP_LABELS.get(group or "", group or ""))


@register.filter
def link_label(link: LinkedEntry) -> str:
    """What a link is, read from the entry shown."""
    words = LINK_LABELS.get(link.type)
    if words is None:
        return link.type
    return str(words[0] if link.direction == "earlier" else words[1])


@register.filter
def method_label(method: str) -> str:
    """Who gave a label: "corrected by NAME" for a curator, else the method as recorded (rule:…, model:…)."""
    if method.startswith("curator:"):
        return _("corrected by %(name)s") % {"name": method.removeprefix("curator:")}
    return method


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
def lead_in(text: str, first: dict) -> str:
    """The words of a provision's text before its first sub-item, "a)" or "(a)" (the text runs them inline)."""
    return text_lead(text, first["label"], first["text"])
