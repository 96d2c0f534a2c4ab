"""Dates and meeting ordinals as UN documents write them, in Spanish and English."""

from __future__ import annotations

import re
import unicodedata

from tipreg.normalize.markers import ORDINAL_MARK

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip

ORDINALS = {
    "primera": 1, "primer": 1, "primero": 1, "segunda": 2, "segundo": 2, "tercera": 3, "tercer": 3,
    "tercero": 3, "cuarta": 4, "cuarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "sexto": 6,
    "septima": 7, "septimo": 7, "setima": 7, "octava": 8, "octavo": 8, "novena": 9, "noveno": 9,
    "decima": 10, "decimo": 10, "undecima": 11, "undecimo": 11, "decimoprimera": 11,
    "duodecima": 12, "duodecimo": 12, "decimosegunda": 12, "decimotercera": 13, "decimocuarta": 14,
    "decimoquinta": 15, "decimosexta": 16, "decimoseptima": 17, "decimoctava": 18, "decimonovena": 19,
    "vigesima": 20,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip

# Opening day of each meeting of the Working Group, as listed in its own reports
# (CTOC/COP/WG.4/2019/5, paragraph 1; CTOC/COP/WG.4/2021/4, paragraph 4): a last resort when a
# document gives the dates of its meeting but not its ordinal.
MEETING_CALENDAR = {
    (2009, 4, 14): 1, (2010, 1, 27): 2, (2010, 10, 19): 3, (2011, 10, 10): 4, (2013, 11, 6): 5,
    (2015, 11, 16): 6, (2017, 9, 6): 7, (2018, 7, 2): 8, (2019, 9, 9): 9, (2021, 10, 12): 11,
}  # fmt: skip

_MONTH = "|".join(MONTHS)
SPANISH_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:\s*(?:al|a|y)\s*\d{{1,2}})?\s+de\s+(?P<month>{_MONTH})\s+de\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
ENGLISH_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:\s*(?:to|-|–|and)\s*\d{{1,2}})?\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Lowercase without accents: how ordinals and month names are looked up."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def find_date(text: str) -> tuple[int, int, int] | None:
    """The first (year, month, day) written out in `text`; a range gives its first day."""
    found = [m for m in (SPANISH_DATE.search(text), ENGLISH_DATE.search(text)) if m]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return int(first["year"]), MONTHS[first["month"].lower()], int(first["day"])


def iso(date: tuple[int, int, int] | None) -> str | None:
    return f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}" if date else None


def ordinal_value(token: str) -> int | None:
    """ "novena" → 9, "11ª" / "11.ª" / "11a" / "11?" (OCR) / "9th" → 11, 9."""
    digits = re.fullmatch(rf"(\d{{1,2}})(?:{ORDINAL_MARK}|\s*(?:st|nd|rd|th))?\.?", token.strip())
    if digits:
        return int(digits[1])
    return ORDINALS.get(fold(token))


def meeting_of_date(date: tuple[int, int, int] | None) -> int | None:
    return MEETING_CALENDAR.get(date) if date else None


def year_of_meeting(meeting: int | None) -> int | None:
    """The year a meeting was held, from the calendar: for a document that names its meeting but no date
    of it ("para facilitar el debate en el cuarto período de sesiones")."""
    return next((year for (year, _, _), number in MEETING_CALENDAR.items() if number == meeting), None)
