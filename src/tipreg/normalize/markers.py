"""Line-start patterns shared by layout reconstruction and segmentation.

UN documents mark structure at the start of a line: section headings ("II. Recomendaciones"),
lettered headings ("A. Recomendaciones generales"), "Recomendación 12", numbered paragraphs
("12. "), sub-items ("a) ", " - b) ", "(iii) ") and footnotes ("¹ ", "* ").
"""

from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# The mark of a numeral ordinal as Spanish documents print it: "11ª", "11.ª" (the Academy's spelling, and the one
# the register's own publications print), "11º", "11a" as typed, "11?" as OCR reads the "ª".
ORDINAL_MARK = r"\.?\s*[ªºa°o?]"

ROMAN_HEADING = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<title>\S.*)$")
LETTER_HEADING = re.compile(r"^(?P<letter>[A-H])\.\s+(?P<title>[A-ZÁÉÍÓÚÑ0-9“\"].*)$")
# OCR turns "Recomendación" into "Recomendacion", "Recomendacién", "Recomendaci6n"..., and its "1" into "l"
# ("Recomendacion l", "ll", "l0"; see `number_of`).
RECOMMENDATION_HEADING = re.compile(
    r"^(?:Recomendaci\S{1,2}n|Recommendation|Recomendac\S{1,3}n)\s+(?P<num>[\dl]{1,3})\s*[.:]?\s*$",
    re.IGNORECASE,
)
# The heading run into its text in one paragraph, as some HTML and DOCX conversions give it:
# "Recomendación 1 Los Estados partes deberían …" (the text opens with a capital), or in the two cells of a
# table row, which the DOCX reader joins with " | ".
RECOMMENDATION_RUN_IN = re.compile(
    r"^(?:Recomendaci\S{1,2}n|Recommendation)\s+(?P<num>\d{1,3})\s*[.:|]?\s+(?P<text>[A-ZÁÉÍÓÚÑ¿«“\"].*)$", re.DOTALL
)
# OCR reads a paragraph's "1" as "l" ("l. Los Estados partes", "ll.", "l0."): no word is an "l" before a full
# stop and a capital, so such a number is read as the digits it stands for (see `number_of`).
# A number set in a table cell of its own comes with the reader's cell separator: "3. | States parties …".
NUMBERED_PARAGRAPH = re.compile(
    r"^(?P<num>\d{1,3}|[\dl]{1,3}(?=\.\s+[A-ZÁÉÍÓÚÑ“\"]))\.(?:\s*\|\s+|\s+|(?=[*“\"(]))(?P<text>\S.*)$", re.DOTALL
)
_OCR_ONE = str.maketrans("l", "1")
SUBITEM = re.compile(r"^(?:[-–•]\s*)?\(?(?P<label>[a-z]{1,2}|[ivxl]{1,6})\)(?:\s*\|)?\s+(?P<text>\S.*)$", re.DOTALL)
BULLET = re.compile(r"^[-–•]\s+(?P<text>\S.*)$", re.DOTALL)
# "¹ Naciones Unidas, …", "* CTOC/COP/WG.4/2019/1." — an asterisk note has a space; "*Informe Mundial*" is emphasis.
FOOTNOTE = re.compile(rf"^(?:(?P<label>[{SUPERSCRIPT_DIGITS}]+)\s*|(?P<star>\*{{1,3}})\s+)(?P<text>\S.*)$", re.DOTALL)
PLAIN_FOOTNOTE = re.compile(r"^(?P<label>\d{1,2})\s+(?P<text>[A-ZÁÉÍÓÚ*\[“\"].*)$", re.DOTALL)

ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}


def roman_to_int(roman: str) -> int | None:
    """Value of a lower- or upper-case roman numeral, or None when it is not a canonical one."""
    roman = roman.lower()
    if not roman or any(ch not in ROMAN_VALUES for ch in roman):
        return None
    total = 0
    for i, ch in enumerate(roman):
        value = ROMAN_VALUES[ch]
        nxt = ROMAN_VALUES[roman[i + 1]] if i + 1 < len(roman) else 0
        total += -value if value < nxt else value
    return total if int_to_roman(total) == roman else None


def int_to_roman(value: int) -> str:
    parts = []
    for number, letters in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= number:
            parts.append(letters)
            value -= number
    return "".join(parts)


def number_of(match: re.Match[str]) -> str:
    """The number of a NUMBERED_PARAGRAPH or RECOMMENDATION_HEADING match, an OCR'd "l" read as the "1" it is."""
    return match["num"].translate(_OCR_ONE)


def starts_structure(line: str) -> bool:
    """True when a line opens a new structural unit (and so never continues the previous one)."""
    if line[:1].islower() and ")" not in line[:8] and not line.startswith("l"):
        return False  # most wrapped lines: only a sub-item label ("a) ", "iv) ") or an OCR'd "l." starts in lower case
    return bool(
        RECOMMENDATION_HEADING.match(line)
        or NUMBERED_PARAGRAPH.match(line)
        or SUBITEM.match(line)
        or BULLET.match(line)
        or ROMAN_HEADING.match(line)
        or LETTER_HEADING.match(line)
    )
