"""List numbers as a reader would see them printed: 3, c, iii, C, III."""

from __future__ import annotations

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman(number: int) -> str:
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def letter(number: int) -> str:
    """a … z, then aa … zz, bbb …: how Word and UN documents go on after z."""
    repeat, index = divmod(number - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def format_number(number: int, style: str) -> str:
    """`style` is a Word numFmt name: decimal, decimalZero, lowerLetter, upperLetter, lowerRoman, upperRoman,
    none.

    Styles this register has no use for (ordinal words, CJK counting) are written as decimals.
    """
    if style == "none":
        return ""
    if number < 1:  # no letter or roman numeral for zero or below
        return str(number)
    match style:
        case "lowerLetter":
            return letter(number)
        case "upperLetter":
            return letter(number).upper()
        case "lowerRoman":
            return roman(number)
        case "upperRoman":
            return roman(number).upper()
        case "decimalZero":
            return f"{number:02d}"
        case _:
            return str(number)
