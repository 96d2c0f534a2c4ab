"""Spreadsheet files of text that stays text: the open-data export and the web's search downloads share the XLSX
writer and the CSV rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

FORMULA_STARTS = ("=", "+", "-", "@")  # what makes a spreadsheet take a typed text for a formula
# A CSV cell has no type: a spreadsheet opening the file runs text that starts like a formula (OWASP adds a leading
# tab or carriage return). Leading apostrophes are matched too, so that one added is always the one to drop.
_CSV_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def write_xlsx(sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Any]], out: BinaryIO) -> int:
    """One sheet: the header, then each row; returns the number of rows written (header excluded)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # streams rows: memory stays flat however long the register
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(list(header))
    count = 0
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
        count += 1
    workbook.save(out)
    return count


def text_cell(sheet: Any, value: Any) -> Any:
    """Text as text: control characters XLSX cannot hold dropped, and never a formula, even when it starts
    with "=" (openpyxl would otherwise store such text as a formula for Excel to run). Text a spreadsheet would
    take for a formula (FORMULA_STARTS) is also marked quote-prefixed, the style Excel gives to text typed after
    an apostrophe, so that editing the cell keeps it text; the apostrophe is no part of the value."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if value[:1] in FORMULA_STARTS:
        cell.quotePrefix = True
    return cell


def csv_row(values: Sequence[Any]) -> list[Any]:
    """A row for a CSV that spreadsheets open: text they would take for a formula gets an apostrophe before it
    (OWASP's advice on CSV injection), so "=HYPERLINK(…)" is shown, never run. Dropping the one apostrophe from a
    cell that begins with apostrophes and then = + - @, a tab or a carriage return gives the exact text back."""
    return [f"'{value}" if isinstance(value, str) and _CSV_FORMULA.match(value) else value for value in values]
