"""Enrich stage: rule-based labels on recommendations and sub-items (pure functions, no Django).

`label_provision(provision)` labels a provision's lead text and every sub-item; rules are documented in
docs/labelling-guide.md and measured by `tipreg evaluate labels`.
"""

from __future__ import annotations

from tipreg.enrich.addressees import addressees
from tipreg.enrich.labels import ADDRESSEES, GROUPS, STRENGTHS, Label, Reference, TextLabels
from tipreg.enrich.references import references
from tipreg.enrich.strength import is_reiteration, strength, subitem_strength
from tipreg.enrich.text import lead_clause
from tipreg.enrich.vocabulary import groups, themes
from tipreg.model import Provision, SubItem

__all__ = [
    "ADDRESSEES",
    "GROUPS",
    "STRENGTHS",
    "Label",
    "Reference",
    "TextLabels",
    "label_provision",
    "label_text",
    "label_tree",
]


def label_text(text: str, lead: TextLabels | None = None) -> TextLabels:
    """Labels of a recommendation's text, or of a sub-item's text when its lead's labels are given."""
    if lead is None:
        clause = lead_clause(text)
        # A lead that names nobody ("Con respecto a ... cabe señalar: a) La Conferencia debería ...") is
        # addressed to whoever its items name.
        found_addressees = addressees(clause) or addressees(text)
        found_strength = strength(clause) or strength(text)
    else:
        found_addressees = addressees(text)
        found_strength = subitem_strength(text, lead.strength, own_addressee=bool(found_addressees))
        found_addressees = found_addressees or [Label(a.value, a.confidence, "inherited") for a in lead.addressees]
    found_themes = themes(text)
    if lead is not None and not found_themes:
        # A sub-item that only completes its lead's sentence ("(ii) Where they were used by traffickers").
        found_themes = [Label(theme.value, theme.confidence, "inherited") for theme in lead.themes]
    return TextLabels(
        themes=found_themes,
        addressees=found_addressees,
        strength=found_strength,
        reiteration=is_reiteration(text),
        groups=groups(text),
        references=references(text),
    )


def label_provision(provision: Provision) -> dict[str, TextLabels]:
    """Labels keyed by path: "" for the provision itself, "a", "a.ii" for its sub-items."""
    return label_tree(provision.text, provision.subitems)


def label_tree(text: str, subitems: list[SubItem]) -> dict[str, TextLabels]:
    """Labels of a text and its sub-items, keyed by path ("", "a", "a.ii")."""
    labelled = {"": label_text(text)}
    _label_subitems(subitems, labelled[""], "", labelled)
    return labelled


def _label_subitems(items: list[SubItem], lead: TextLabels, prefix: str, out: dict[str, TextLabels]) -> None:
    for item in items:
        path = f"{prefix}.{item.label}" if prefix else item.label
        out[path] = label_text(item.text, lead)
        _label_subitems(item.subitems, out[path], path, out)
