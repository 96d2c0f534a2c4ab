"""Strength of the language on an ordinal scale (docs/labelling-guide.md, "Strength").

5 obligation: deberán, shall, must
4 recommendation: debería(n), should, recomienda que
3 consideration: a "should" followed by considerar/estudiar/examinar la posibilidad (should consider)
2 encouragement: se alienta/alentó a, are encouraged, invita a
1 option: tal vez deseen, podría(n), may wish to, could
The first marker of the lead clause is the main verb and decides ("se alienta a ... a que consideren" is 2,
"se podría alentar" is 1, "deberían ... que podrían" is 4).
Sub-items take their lead's strength unless they name their own addressee (then their own modal decides);
a sub-item that opens with "estudiar la posibilidad" under a "should" lead is 3.
Resolution paragraphs: Insta/Exhorta/Solicita/Pide (urges, calls upon, requests) 4, Alienta/Invita 2,
"Insta ... a que consideren la posibilidad" 3; a paragraph that only records (Recuerda, Toma nota) has none.
"""

from __future__ import annotations

import re

from tipreg.enrich.labels import Label
from tipreg.enrich.text import (
    ENCOURAGED_PASSIVE,
    ENCOURAGING_VERBS,
    REPORTING_VERBS,
    REQUESTING_VERBS,
    fold,
    without_cited_provisions,
)

MODALS: list[tuple[int, str, re.Pattern[str]]] = [
    # "podrían"/"could" only as the main verb of a named actor ("Los Estados partes podrían", "Se podría alentar"),
    # not in a relative clause ("conceptos que podrían requerir").
    (
        1,
        "option",
        re.compile(
            r"\b(tal vez deseen?|may wish|(partes|miembros|estados|se|parties|states|secretariat) (podrian?|could))\b"
        ),
    ),
    (
        2,
        "encouragement",
        re.compile(rf"\b(se (alienta|alento|invita)|{ENCOURAGED_PASSIVE}|{ENCOURAGING_VERBS})\b"),
    ),
    (
        4,
        "should",
        re.compile(
            r"\b(deberian?|should|debe(n)? (seguir|prestar)|recomienda|recomendo|recommend(s|ed)?"
            # the reporting and a resolution's requesting verbs (docs/labelling-guide.md, "Resolution paragraphs")
            rf"|{REPORTING_VERBS}|{REQUESTING_VERBS})\b"
        ),
    ),
    # the future of a sentence that opens with its subject ("Los Estados partes reconocerán") says "shall"
    (5, "obligation", re.compile(r"\b(deberan|shall|must)\b|^los estados partes \w+(aran|eran|iran)\b")),
]
# What "consider" asks to weigh: the possibility, the ways or means, the options; a parenthetical may come
# between ("considerar, de conformidad con su legislación nacional y ..., la posibilidad"), and a few words
# ("considerara iniciar deliberaciones sobre la posibilidad"), but not "que" ("considerar que": recognize).
WEIGHED = (
    r"(,[^,;.]{0,200},)?( (?!que\b)\w+){0,3}? (la posibilidad|la manera|la conveniencia|el modo|las modalidades"
    r"|los medios|las formas|(todas )?las (posibles )?opciones)"
)
CONSIDER = re.compile(
    r"^\W*(\w+\W+){0,3}?(considerar|estudiar|examinar|explorar)"
    + WEIGHED
    + r"|^\W*(\w+\W+){0,2}?((consider|explore|examine) (the possibility|ways|means|(the )?modalities|whether"
    r"|the feasibility|(all )?(the )?options)|(consider|explore) \w+ing)"
    # a sub-item "Consider ...", not "consider that" (recognize)
    r"|^\W*consider\b(?! that)"
)
# "Insta a los Estados Miembros que aún no lo hayan hecho a que consideren ... la posibilidad de ratificar" and
# "recomendó a la Conferencia que, en su séptimo período de sesiones, considerara ... la posibilidad" are 3.
REQUEST_CONSIDER = re.compile(
    r"^[^;.]{0,160}?\b(a )?que\b[^;.]{0,80}? (consider|estudi|examin)(e|en|ara|aran|ase|asen)\b"
    + WEIGHED
    + r"|^[^;.]{0,160}?\b(to|that\b[^;.]{0,80}?) consider(,[^,;.]{0,200},)? (the possibility|ways|means|whether|\w+ing)"
    # the English passive of "que se considerara la posibilidad"
    + r"|^[^;.]{0,160}?\bthat\b[^;.]{0,80}? consideration (should )?be given to (the possibility|ways|means|whether)"
)
# The verbs that ask someone else to act, whose object's own verb decides ("recomendó a X que considerara").
REQUEST = re.compile(r"insta|exhorta|solicita|pide|urges|calls upon|requests|recomienda|recomendo|recommend(s|ed)?")
REITERATION = re.compile(r"\b(reiter|reafirm|reaffirm|recall(s|ed|ing)? (its|their) recommendation)")


def strength(lead: str) -> Label | None:
    """The strength of a lead clause, or None when it has no modal marker."""
    folded = without_cited_provisions(fold(lead))
    found = [(level, name, match) for level, name, pattern in MODALS if (match := pattern.search(folded))]
    if not found:
        return None
    level, name, match = min(found, key=lambda item: item[2].start())
    if level == 4 and CONSIDER.search(folded[match.end() :]):
        return Label(3, 0.9, "rule:should+consider")
    if level == 4 and REQUEST.fullmatch(match.group(0)) and REQUEST_CONSIDER.search(folded[match.end() :]):
        return Label(3, 0.9, "rule:request+consider")
    return Label(level, 0.95 if len(found) == 1 else 0.85, f"rule:{name}")


def subitem_strength(text: str, lead: Label | None, own_addressee: bool) -> Label | None:
    """A sub-item's own modal when it names its own addressee, else the lead's (3 when it opens with "consider")."""
    own = strength(text) if own_addressee else None
    if own is not None:
        return own
    if lead is None:
        return None
    if lead.value == 4 and CONSIDER.search(fold(text)):
        return Label(3, 0.9, "inherited+consider")
    return Label(lead.value, lead.confidence, "inherited")


def is_reiteration(text: str) -> bool:
    """Whether the text reiterates or reaffirms an earlier recommendation."""
    return bool(REITERATION.search(fold(text)))
