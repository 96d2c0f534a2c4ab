"""The labels the enrich stage puts on a recommendation or sub-item (plain data, no Django)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

STRENGTHS = {
    5: "obligation (deberán, shall)",
    4: "recommendation (deberían, should)",
    3: "consideration (deberían considerar la posibilidad, should consider)",
    2: "encouragement (se alienta, are encouraged)",
    1: "option (tal vez deseen, podrían, may wish to)",
}
ADDRESSEES = ("states_parties", "member_states", "secretariat", "conference", "working_group", "other_bodies")
GROUPS = ("women", "children", "migrants", "domestic_workers", "persons_with_disabilities", "refugees")


@dataclass(frozen=True)
class Label:
    """One label value with how sure the rule is and which rule (or who) produced it."""

    value: str | int
    confidence: float
    method: str  # "rule:<name>", "inherited" (from the lead text of a sub-item), "curator:<name>"


@dataclass(frozen=True)
class Reference:
    """An instrument or document cited, as printed and as structured parts."""

    kind: str  # article, resolution, decision, symbol, report_paragraph
    text: str  # as printed
    instrument: str | None = None  # protocol, convention (articles only)
    number: str | None = None  # article number, "70/1", "4/4", the symbol, the paragraph number
    paragraph: str | None = None  # article paragraph or subparagraph: "1", "2 y 3", "a"
    year: int | None = None  # report_paragraph: year of the meeting reported on
    symbol: str | None = None  # report_paragraph: document symbol printed next to it


@dataclass
class TextLabels:
    """Every label of one text (a recommendation's lead text or one sub-item)."""

    themes: list[Label] = field(default_factory=list)
    addressees: list[Label] = field(default_factory=list)
    strength: Label | None = None
    reiteration: bool = False
    groups: list[Label] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    # The themes of the text's own sentence, before its list of sub-items: what a themeless sub-item inherits
    # (not the themes the lead gets from its other sub-items). Not stored: `record()` leaves it out.
    clause_themes: list[Label] = field(default_factory=list, repr=False)
    # Likewise the addressees of that sentence: what a sub-item completing the sentence is addressed to.
    clause_addressees: list[Label] = field(default_factory=list, repr=False)

    def record(self) -> dict[str, Any]:
        """The JSON-ready form used by the store and the export."""
        record = asdict(self)
        del record["clause_themes"], record["clause_addressees"]
        return record

    def values(self, name: str) -> list[str | int]:
        """The bare values of one label list (themes, addressees, groups)."""
        return [label.value for label in getattr(self, name)]


def distinct(labels: Iterable[Label]) -> list[Label]:
    """One label per value, the first given of each, in order."""
    first: dict[str | int, Label] = {}
    for label in labels:
        first.setdefault(label.value, label)
    return list(first.values())
