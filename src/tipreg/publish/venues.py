"""Where and when each meeting was held, as the register's documents print it (pure functions, no Django)."""

from __future__ import annotations

import re

from tipreg.normalize.markers import ROMAN_HEADING
from tipreg.segment.dates import ordinal_value
from tipreg.segment.meta import MEETING_PATTERNS, MEETING_SECTION

_LEADING_PREPOSITION = re.compile(r"^(?:en|in|at)\s+", re.IGNORECASE)


def section_venues(headings: list[str]) -> dict[int, str]:
    """From a compilation's section headings ("I. Primera reunión: Viena, 14 y 15 de abril de 2009")."""
    venues: dict[int, str] = {}
    for heading in headings:
        roman = ROMAN_HEADING.match(heading)
        section = MEETING_SECTION.match(roman["title"] if roman else heading)
        meeting = ordinal_value(section["ord"]) if section else None
        if meeting and section["rest"].strip():
            venues.setdefault(meeting, section["rest"].strip())
    return venues


def report_venue(text: str, meeting: int) -> str | None:
    """From a report's own words ("la novena reunión … se celebró en Viena del 9 al 11 de septiembre de 2019")."""
    for cue, pattern in MEETING_PATTERNS:
        for match in pattern.finditer(text) if cue in text else ():
            rest = " ".join(match["rest"].split())
            if rest and ordinal_value(match["ord"]) == meeting:
                return _LEADING_PREPOSITION.sub("", rest)
    return None
