"""Reports in and out as CSV or XLSX. An import is all or nothing: any row in error, and nothing is saved."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tipreg.store.models import Provision
from tipreg.web.reports import filing
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


class UnreadableFile(ValueError):
    pass


@dataclass
class ImportResult:
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number as a spreadsheet shows it, why)


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
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("reports")
    for row in rows:
        # A leading = + - @ would make a spreadsheet evaluate the cell: keep text as text.
        sheet.append([f"'{v}" if v[:1] in ("=", "+", "-", "@") else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The two spreadsheet formats reports and dashboard tables download as: content type, and the writer.
FILE_TYPES = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """The rows of an uploaded .csv or .xlsx as {column: text}; UnreadableFile if it cannot be read."""
    if name.lower().endswith(".xlsx"):
        table = _xlsx_table(content)
    elif name.lower().endswith(".csv"):
        try:
            table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        except (UnicodeDecodeError, csv.Error) as error:
            raise UnreadableFile(_("not a UTF-8 CSV file (%(error)s)") % {"error": error}) from error
    else:
        raise UnreadableFile(_("send a .csv or .xlsx file"))
    if not table:
        raise UnreadableFile(_("the file is empty"))
    header = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise UnreadableFile(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if len(table) - 1 > MAX_IMPORT_ROWS:
        raise UnreadableFile(_("more than %(rows)s rows") % {"rows": MAX_IMPORT_ROWS})
    return [_cells(header, row) for row in table[1:] if any(str(cell or "").strip() for cell in row)]


def _cells(header: list[str], row: list[object]) -> dict[str, str]:
    """A row as {column: text}; missing cells are empty, cells beyond the header ignored."""
    padded = [*row, *[None] * (len(header) - len(row))]
    return {name: str(cell if cell is not None else "").strip() for name, cell in zip(header, padded, strict=False)}


def _xlsx_table(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        raise UnreadableFile(_("not a readable XLSX workbook (%(error)s)") % {"error": type(error).__name__}) from error


def import_rows(rows: list[dict[str, str]], user: AbstractBaseUser) -> ImportResult:
    """Save every row through the report form's rules (permissions, version check, history), in one
    transaction: if any row fails, none is kept and every failing row is reported."""
    result = ImportResult()
    statuses = set(ImplementationReport.Status.values)
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            try:
                _import_row(row, user, statuses)
                result.saved += 1
            except (ValueError, filing.Conflict) as error:
                result.errors.append((number, str(error)))
        if result.errors:
            transaction.set_rollback(True)
            result.saved = 0
    return result


def _import_row(row: dict[str, str], user: AbstractBaseUser, statuses: set[str]) -> None:
    state = State.objects.filter(code=row["state"].upper()).first()
    if state is None:
        raise ValueError(_("no State %(state)r") % {"state": row["state"]})
    if not filing.may_file_for(user, state):
        raise ValueError(_("you may not file reports for %(state)s") % {"state": state.code})
    period = ReportingPeriod.objects.filter(name=row["period"]).first()
    if period is None:
        raise ValueError(_("no reporting period %(period)r") % {"period": row["period"]})
    if not Provision.objects.filter(pk=row["recommendation"]).exists():
        raise ValueError(_("no register entry %(entry)r") % {"entry": row["recommendation"]})
    if row["status"] not in statuses:
        raise ValueError(_("status must be one of %(statuses)s") % {"statuses": ", ".join(sorted(statuses))})
    version = row.get("version", "")
    if version and not version.isdigit():
        raise ValueError(_("version must be a whole number (or empty for a new report)"))
    submitted = row.get("submitted", "").lower()
    if submitted and submitted not in YES_NO:
        raise ValueError(_("submitted must be yes or no (or empty to keep the report's)"))
    values: dict[str, str | bool] = {"status": row["status"], "narrative": row.get("narrative", "")}
    if submitted:
        values["submitted"] = YES_NO[submitted]
    filing.save_report(
        user=user,
        provision_id=row["recommendation"],
        state=state,
        period=period,
        values=values,
        base_version=int(version) if version else None,
    )
