"""Enrich stage: labels on recommendations and sub-items (pure functions, no Django).

`label_trees(trees, classifier)` labels texts and their sub-items by documented rules
(docs/labelling-guide.md); a text to which neither the rules nor its lead give a theme gets the themes of the
learned classifier when one is passed (`tipreg.enrich.theme_model`). Measured by `tipreg evaluate labels`.
"""

from __future__ import annotations

from tipreg.enrich.addressees import addressees, opening_addressees
from tipreg.enrich.labels import ADDRESSEES, GROUPS, STRENGTHS, Label, Reference, TextLabels, distinct
from tipreg.enrich.references import references
from tipreg.enrich.strength import is_reiteration, strength, subitem_strength
from tipreg.enrich.text import lead_clause
from tipreg.enrich.theme_model import ThemeClassifier
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
    "label_trees",
]


def label_text(text: str, lead: TextLabels | None = None) -> TextLabels:
    """Labels of a recommendation's text, or of a sub-item's text when its lead's labels are given."""
    if lead is None:
        clause = lead_clause(text)
        # Every sentence's addressees, the items' included ("Los Estados partes deberían: ... i) ...; en una
        # reunión futura del Grupo de Trabajo debería examinarse ..."); a lead that names nobody ("Con respecto
        # a ... cabe señalar: a) La Conferencia debería ...") is addressed to whoever its items name.
        clause_addressees = addressees(clause)
        found_addressees = distinct(clause_addressees + addressees(text))
        found_strength = strength(clause) or strength(text)
    else:
        # A sub-item that opens by completing its lead's sentence ("examinar la función ...") is addressed to
        # whoever the lead's own sentence names, and to anyone its later sentences name; one that opens with
        # its own addressee ("b) La Conferencia debería ...") only to its own. A lead whose own sentence names
        # nobody passes nobody on ("a) Se debería reconocer que ..." names nobody).
        own_addressees = opening_addressees(text)
        found_strength = subitem_strength(text, lead.strength, own_addressee=bool(own_addressees))
        inherited = (
            [] if own_addressees else [Label(a.value, a.confidence, "inherited") for a in lead.clause_addressees]
        )
        found_addressees = clause_addressees = distinct(inherited + addressees(text))
    found_themes = themes(text)
    clause_themes = themes(lead_clause(text)) if lead is None else found_themes
    if lead is not None and not found_themes:
        # A sub-item that only completes its lead's sentence ("(ii) Where they were used by traffickers") takes
        # the themes of that sentence, not those the lead has from its other sub-items; with none there, the
        # classifier decides (label_trees).
        found_themes = clause_themes = [
            Label(theme.value, theme.confidence, "inherited") for theme in lead.clause_themes
        ]
    return TextLabels(
        clause_themes=clause_themes,
        clause_addressees=clause_addressees,
        themes=found_themes,
        addressees=found_addressees,
        strength=found_strength,
        reiteration=is_reiteration(text),
        groups=groups(text),
        references=references(text),
    )


def label_provision(provision: Provision, classifier: ThemeClassifier | None = None) -> dict[str, TextLabels]:
    """Labels keyed by path: "" for the provision itself, "a", "a.ii" for its sub-items."""
    return label_tree(provision.text, provision.subitems, classifier)


def label_tree(text: str, subitems: list[SubItem], classifier: ThemeClassifier | None = None) -> dict[str, TextLabels]:
    """Labels of a text and its sub-items, keyed by path ("", "a", "a.ii")."""
    return label_trees([(text, subitems)], classifier)[0]


def label_trees(
    trees: list[tuple[str, list[SubItem]]], classifier: ThemeClassifier | None = None
) -> list[dict[str, TextLabels]]:
    """Labels of many texts with their sub-items; the classifier embeds, in one batch, only the texts left
    without a theme by the rules and their leads (that is where it is used, and it keeps ingestion cheap)."""
    labelled = []
    for text, subitems in trees:
        tree = {"": label_text(text)}
        _label_subitems(subitems, tree[""], "", tree)
        labelled.append(tree)
    if classifier is not None:
        _add_model_themes(trees, labelled, classifier)
    return labelled


def _label_subitems(items: list[SubItem], lead: TextLabels, prefix: str, out: dict[str, TextLabels]) -> None:
    for item in items:
        path = f"{prefix}.{item.label}" if prefix else item.label
        out[path] = label_text(item.text, lead)
        _label_subitems(item.subitems, out[path], path, out)


def _add_model_themes(
    trees: list[tuple[str, list[SubItem]]], labelled: list[dict[str, TextLabels]], classifier: ThemeClassifier
) -> None:
    """Fill in the model's themes where the rules left none; sub-items of such a text inherit nothing from it
    (they were labelled first, under their lead's rule themes) and are predicted on their own text."""
    themeless: list[tuple[TextLabels, str]] = []
    for (text, subitems), tree in zip(trees, labelled, strict=True):
        texts = {"": text, **subitem_texts(subitems, "")}
        themeless += [(labels, texts[path]) for path, labels in tree.items() if not labels.themes]
    predicted = classifier.predict([text for _, text in themeless])
    for (labels, _), model_themes in zip(themeless, predicted, strict=True):
        labels.themes = model_themes


def subitem_texts(items: list[SubItem], prefix: str = "") -> dict[str, str]:
    """Each sub-item's text by its path ("a", "a.ii"), as the labels are keyed."""
    texts: dict[str, str] = {}
    for item in items:
        path = f"{prefix}.{item.label}" if prefix else item.label
        texts[path] = item.text
        texts.update(subitem_texts(item.subitems, path))
    return texts
