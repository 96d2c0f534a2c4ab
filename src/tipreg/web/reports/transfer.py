"""Reports in and out as CSV or XLSX. An import is all or nothing: any row in error, and nothing is saved."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tipreg.publish.spreadsheet import write_xlsx
from tipreg.store.curation.records import resolve
from tipreg.web.reports import filing
from tipreg.web.reports.forms import NARRATIVE_MAX_LENGTH
from tipreg.web.reports.models import ImplementationReport, ReportingPeriod, State

COLUMNS = (
    "recommendation",
    "state",
    "period",
    "status",
    "narrative",
    "submitted",
    "version",
    "updated_at",
    "updated_by",
)
REQUIRED = ("recommendation", "state", "period", "status")
MAX_IMPORT_ROWS = 5000
YES_NO = {"yes": True, "no": False}
# The CSV holds each value exactly as stored, with no apostrophe put before text a spreadsheet would take for
# a formula (tipreg.publish.spreadsheet.FORMULA_STARTS), unlike the register's open-data CSV; so an import
# takes every cell as it is. The XLSX export (text cells, never formulas) is the one to open in a spreadsheet.


class UnreadableFile(ValueError):
    pass


@dataclass
class ImportResult:
    saved: int = 0  # rows that made a new version of a report (or a new report)
    unchanged: int = 0  # rows that say what the report already says: nothing saved for them
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number as a spreadsheet shows it, why)


Row = tuple[int, dict[str, str]]  # an imported row: its number in the file (the header's row is 1), its cells


def export_rows(reports: QuerySet[ImplementationReport]) -> Iterator[list[str]]:
    yield list(COLUMNS)
    for report in reports.select_related("state", "period", "updated_by").order_by("state__code", "provision_id"):
        yield [
            report.provision_id,
            report.state.code,
            report.period.name,
            report.status,
            report.narrative,
            "yes" if report.submitted else "no",
            str(report.version),
            report.updated_at.isoformat(timespec="seconds"),
            report.updated_by.get_username(),
        ]


def to_csv(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(rows: Iterable[list[str]]) -> bytes:
    """The header row, then the rows, as one sheet of the register's XLSX writer (text cells stay text)."""
    rows = iter(rows)
    buffer = io.BytesIO()
    write_xlsx("reports", next(rows, []), rows, buffer)
    return buffer.getvalue()


# The two spreadsheet formats reports and dashboard tables download as: content type, and the writer.
FILE_TYPES = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


def read_rows(name: str, content: bytes) -> list[Row]:
    """The rows of an uploaded .csv or .xlsx, each with its number as a spreadsheet shows it (the header's
    row is 1; blank rows are skipped but still counted) and its cells as {column: text}; UnreadableFile if it
    cannot be read. The header is the first row that is not blank."""
    if name.lower().endswith(".xlsx"):
        table = _xlsx_table(content)
    elif name.lower().endswith(".csv"):
        try:  # one record per row, as a spreadsheet shows a CSV (a narrative on several lines is one row)
            table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        except (UnicodeDecodeError, csv.Error) as error:
            raise UnreadableFile(_("not a UTF-8 CSV file (%(error)s)") % {"error": error}) from error
    else:
        raise UnreadableFile(_("send a .csv or .xlsx file"))
    numbered = [(number, row) for number, row in enumerate(table, start=1) if any(_text(cell).strip() for cell in row)]
    if not numbered:
        raise UnreadableFile(_("the file is empty"))
    header = [_text(cell).strip().lower() for cell in numbered[0][1]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise UnreadableFile(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if len(numbered) - 1 > MAX_IMPORT_ROWS:
        raise UnreadableFile(_("more than %(rows)s rows") % {"rows": MAX_IMPORT_ROWS})
    return [(number, _cells(header, row)) for number, row in numbered[1:]]


def _cells(header: list[str], row: list[object]) -> dict[str, str]:
    """A row as {column: text}: only the columns the header names (a column the file lacks is absent, so
    the report keeps its value); missing cells are empty, cells beyond the header ignored. The narrative is
    taken exactly as written; every other cell without the spaces around it."""
    padded = [*row, *[None] * (len(header) - len(row))]
    return {
        name: _text(cell) if name == "narrative" else _text(cell).strip()
        for name, cell in zip(header, padded, strict=False)
        if name
    }


def _text(cell: object) -> str:
    """A cell as text: what a spreadsheet shows for the values it may have typed (a number, yes/no, a date)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()
    return str(cell)


def _xlsx_table(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        # A formula cell reads as its formula text ("=SUM(1)"): never as a cached result a file may lack.
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=False).worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        raise UnreadableFile(_("not a readable XLSX workbook (%(error)s)") % {"error": type(error).__name__}) from error


def import_rows(rows: list[Row], user: AbstractBaseUser) -> ImportResult:
    """Save every row through the report form's rules (permissions, version check, history), in one
    transaction: if any row fails, none is kept and every failing row is reported by its number in the file.
    A row that says what its report already says saves nothing (no new version)."""
    result = ImportResult()
    statuses = set(ImplementationReport.Status.values)
    with transaction.atomic():
        for number, row in rows:
            try:
                if _import_row(row, user, statuses):
                    result.saved += 1
                else:
                    result.unchanged += 1
            except (ValueError, filing.Conflict) as error:
                result.errors.append((number, str(error)))
        if result.errors:
            transaction.set_rollback(True)
            result.saved = result.unchanged = 0
    return result


def _import_row(row: dict[str, str], user: AbstractBaseUser, statuses: set[str]) -> bool:
    """Save one row; True if that made a new version (or a new report), False if nothing changed."""
    if "\0" in "".join(row.values()):
        raise ValueError(_("a cell holds a NUL character"))
    state = State.objects.filter(code=row["state"].upper()).first()
    if state is None:
        raise ValueError(_("no State %(state)r") % {"state": row["state"]})
    if not filing.may_file_for(user, state):
        raise ValueError(_("you may not file reports for %(state)s") % {"state": state.code})
    period = ReportingPeriod.objects.filter(name=row["period"]).first()
    if period is None:
        raise ValueError(_("no reporting period %(period)r") % {"period": row["period"]})
    provision_id = resolve(row["recommendation"])  # an entry merged into another: its report is there now
    if provision_id is None:
        raise ValueError(_("no register entry %(entry)r") % {"entry": row["recommendation"]})
    if row["status"] not in statuses:
        raise ValueError(_("status must be one of %(statuses)s") % {"statuses": ", ".join(sorted(statuses))})
    version = row.get("version", "")
    if version and not version.isdigit():
        raise ValueError(_("version must be a whole number (or empty for a new report)"))
    submitted = row.get("submitted", "").lower()
    if submitted and submitted not in YES_NO:
        raise ValueError(_("submitted must be yes or no (or empty to keep the report's)"))
    values: dict[str, str | bool] = {"status": row["status"]}
    if "narrative" in row:  # a file without the column keeps the report's narrative (a new report's is empty)
        if len(row["narrative"]) > NARRATIVE_MAX_LENGTH:
            raise ValueError(_("the narrative is longer than %(count)s characters") % {"count": NARRATIVE_MAX_LENGTH})
        values["narrative"] = row["narrative"]
    if submitted:
        values["submitted"] = YES_NO[submitted]
    base_version = int(version) if version else None
    try:
        report = filing.save_report(
            user=user,
            provision_id=provision_id,
            state=state,
            period=period,
            values=values,
            base_version=base_version,
        )
    except filing.Conflict as conflict:
        if "version" in row:
            raise
        raise ValueError(
            _(
                "the report exists (version %(version)s) and the file has no version column: add one with the "
                "version of each report it updates"
            )
            % {"version": conflict.current.version}
        ) from conflict
    return report.version != base_version
