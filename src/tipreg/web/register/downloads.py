"""Search results as files: CSV (UTF-8 with BOM, for Excel), JSON and XLSX, in the export record shape plus score."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse

from tipreg.publish.export import FIELDS, flat_values, provision_record
from tipreg.publish.spreadsheet import csv_row, write_xlsx
from tipreg.store.models import Provision, Source
from tipreg.web.register.results import ResultSet

COLUMNS = (*FIELDS, "score")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK = 500


def records(results: ResultSet) -> Iterator[dict[str, Any]]:
    """Export records of every result in the result set's order, each with its score."""
    sources = Prefetch("sources", queryset=Source.objects.with_documents().defer("text_original"))
    for start in range(0, results.total, CHUNK):
        ids = results.ids[start : start + CHUNK]
        entries = Provision.objects.prefetch_related(sources).in_bulk(ids)
        for pid in ids:
            yield {**provision_record(entries[pid]), "score": round(results.scores[pid], 4)}


def flat_row(record: dict[str, Any]) -> list[Any]:
    """A record as one spreadsheet row; nested fields as JSON text."""
    return flat_values(record, COLUMNS)


def response(results: ResultSet, output: str) -> HttpResponse:
    body = {"csv": _csv, "json": _json, "xlsx": _xlsx}[output](results)
    reply = HttpResponse(body, content_type=CONTENT_TYPES[output])
    reply["Content-Disposition"] = f'attachment; filename="tipreg-search.{output}"'
    return reply


def _csv(results: ResultSet) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads a CSV without a BOM in the legacy code page
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(csv_row(flat_row(record)) for record in records(results))
    return out.getvalue().encode("utf-8")


def _json(results: ResultSet) -> bytes:
    return json.dumps(
        {"query": results.params.q, "total": results.total, "results": list(records(results))}, ensure_ascii=False
    ).encode("utf-8")


def _xlsx(results: ResultSet) -> bytes:
    out = io.BytesIO()
    write_xlsx("results", COLUMNS, (flat_row(record) for record in records(results)), out)
    return out.getvalue()
