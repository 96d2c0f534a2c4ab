"""Where and when each meeting was held, as the register's documents print it, and as a publication prints it
in Spanish or English (pure functions, no Django)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tipreg.normalize.markers import NUMBERED_PARAGRAPH, ORDINAL_MARK, ROMAN_HEADING
from tipreg.segment.dates import MONTHS, fold, ordinal_value
from tipreg.segment.meta import MEETING_PATTERNS, MEETING_SECTION

_LEADING_PREPOSITION = re.compile(r"^(?:en|in|at)\s+", re.IGNORECASE)
_MONTH = "|".join(MONTHS)
# "14 y 15 de abril de 2009", "del 9 al 11 de septiembre", "30 de septiembre a 2 de octubre de 2020",
# "27 to 29 January 2010", "30 September–2 October 2020": a first day (its month and year where they differ)
# and a last day with its month and year.
_DAYS = re.compile(
    rf"(?:\b(?:del|los\s+d[ií]as|el\s+d[ií]a|el|from|on)\s+)?"
    rf"(?P<first>\d{{1,2}})(?:\s+(?:de\s+)?(?P<first_month>{_MONTH})(?:\s+(?:de\s+)?(?P<first_year>\d{{4}}))?)?"
    rf"(?:\s*(?:al|a|y|to|and|-|–)\s*(?P<last>\d{{1,2}}))?"
    rf"\s+(?:de\s+)?(?P<month>{_MONTH})\s+(?:de\s+)?(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
# "El Grupo de Trabajo … hizo suyas las recomendaciones propuestas durante su tercera reunión posteriormente, en
# su cuarta reunión", "The recommendations proposed at its third meeting were endorsed … at its fourth meeting"
_ENDORSED = re.compile(r"\b(?:hizo\s+suy[ao]s?|hicieron\s+suy[ao]s|endorsed)\b")
_RECOMMENDATIONS = re.compile(r"\b(?:recomendaciones|recommendations)\b", re.IGNORECASE)
_LATER_MEETING = re.compile(
    rf"\b(?:en\s+su|at\s+its)\s+(?P<ord>\d{{1,2}}(?:{ORDINAL_MARK})?|[A-Za-zÁÉÍÓÚáéíóú]+)\s+(?:reuni\S{{1,3}}n|meeting)\b"
)
# The places the Working Group has met or may meet, (Spanish, English); any other is kept as written.
PLACE_NAMES = (("Viena", "Vienna"), ("Nueva York", "New York"), ("Ginebra", "Geneva"))
_PLACES = {fold(name): names for names in PLACE_NAMES for name in names}  # either language's name, folded
# One of those places where the words before the days end: "Viena (Austria)", "formato híbrido en Viena", "a hybrid
# format in Vienna" are the place alone (the words around it, in the document's language, would stay untranslated).
_KNOWN_PLACE = re.compile(
    rf"(?:^|\s)(?P<place>{'|'.join(name for names in PLACE_NAMES for name in names)})(?:\s*\([^()]*\))?$",
    re.IGNORECASE,
)
# How two days are joined, (consecutive, a longer run), as United Nations documents write them
_JOINERS = {"es": (" y ", " a "), "en": (" and ", "–")}
_MONTH_NAMES = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


@dataclass(frozen=True)
class Venue:
    """A meeting's place and its first and last day."""

    place: str
    first: date
    last: date

    def render(self, lang: str) -> str:
        """ "Viena, 14 y 15 de abril de 2009" / "Vienna, 14 and 15 April 2009", as United Nations documents write
        them: two days joined by "y"/"and", a longer run by "a"/an en dash."""
        place = _PLACES.get(fold(self.place), (self.place, self.place))[0 if lang == "es" else 1]
        return f"{place}, {_day_span(self.first, self.last, lang)}"


def parse_venue(text: str) -> Venue | None:
    """The place and days of "Viena, 14 y 15 de abril de 2009", "Vienna from 27 to 29 January 2010" …; None
    where either is missing or the days are not a run of calendar dates."""
    days = _DAYS.search(text)
    place = text[: days.start()].strip(" ,") if days else ""
    place = _LEADING_PREPOSITION.sub("", place)
    known = _KNOWN_PLACE.search(place)
    place = known["place"] if known else place
    if not days or not re.fullmatch(r"[^\W\d_]+(?:[ .'-][^\W\d_]+)*", place):
        return None
    year, month = int(days["year"]), MONTHS[days["month"].lower()]
    first_month = MONTHS[days["first_month"].lower()] if days["first_month"] else month
    first_year = int(days["first_year"]) if days["first_year"] else year
    try:
        last = date(year, month, int(days["last"] or days["first"]))
        first = date(first_year, first_month, int(days["first"])) if days["last"] else last
    except ValueError:
        return None
    return Venue(place, first, last) if first <= last else None


def render_venue(text: str, lang: str) -> str:
    """A venue as the documents print it, in `lang` where it can be read; as printed otherwise."""
    venue = parse_venue(text)
    return venue.render(lang) if venue else text


def _day_span(first: date, last: date, lang: str) -> str:
    def written(day: date, *, month: bool = True, year: bool = True) -> str:
        name = _MONTH_NAMES[lang][day.month - 1]
        parts = [str(day.day), *([name] if month else []), *([str(day.year)] if year else [])]
        return (" de " if lang == "es" else " ").join(parts)

    if first == last:
        return written(first)
    same_year, same_month = first.year == last.year, (first.year, first.month) == (last.year, last.month)
    start = written(first, month=not same_month, year=not same_year)
    consecutive, longer = _JOINERS[lang]
    return f"{start}{consecutive if same_month and (last - first).days == 1 else longer}{written(last)}"


def section_venues(headings: list[str]) -> dict[int, str]:
    """From a compilation's section headings ("I. Primera reunión: Viena, 14 y 15 de abril de 2009")."""
    venues: dict[int, str] = {}
    for heading in headings:
        roman = ROMAN_HEADING.match(heading)
        section = MEETING_SECTION.match(roman["title"] if roman else heading)
        meeting = ordinal_value(section["ord"]) if section else None
        if meeting and (section["rest"] or "").strip():
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


def section_bodies(headings: list[str], text: str) -> dict[int, str]:
    """The words that open each meeting's section of a compilation, before its first numbered paragraph or the
    next heading (the third meeting's: "El Grupo de Trabajo … hizo suyas las recomendaciones … en su cuarta
    reunión …"). A heading is looked for as a line of its own, its last occurrence (a table of contents comes
    first)."""
    lines = {
        heading: [m.start() for m in re.finditer(rf"(?m)^[ \t]*{re.escape(heading)}[ \t]*$", text)]
        for heading in headings
    }
    starts = sorted(start for found in lines.values() for start in found)
    bodies: dict[int, str] = {}
    for heading in headings:
        meeting = next(iter(section_venues([heading])), None)
        if meeting is None or meeting in bodies or not lines.get(heading):
            continue
        start = lines[heading][-1]
        end = next((later for later in starts if later > start), len(text))
        prose = []
        body = text[start:end].partition("\n")[2]  # what follows the heading's line
        for paragraph in re.split(r"\n\s*\n", body):
            paragraph = " ".join(paragraph.split())
            if NUMBERED_PARAGRAPH.match(paragraph) or ROMAN_HEADING.match(paragraph):
                break
            if paragraph:
                prose.append(paragraph)
        if prose:
            bodies[meeting] = " ".join(prose)
    return bodies


def endorsed_later(text: str, meeting: int) -> int | None:
    """The later meeting at which `text` says the recommendations of `meeting` were endorsed, if it says so."""
    cue = _ENDORSED.search(text)
    if not cue or not _RECOMMENDATIONS.search(text):
        return None
    for match in _LATER_MEETING.finditer(text, cue.end(), cue.end() + 300):
        later = ordinal_value(match["ord"])
        if later and later > meeting:
            return later
    return None
