"""Open-data exports: one record per register entry, in the shape DESIGN.md publishes as a contract.

Record: id, kind, meeting, year, number, heading, subitems [{label, text, subitems}], text,
text_original, sources [{file, document_symbol, document_type, language, span, number}], and the entry's
labels (README, "Labels"): themes, addressees, groups [{value, confidence, method}], strength
{value, confidence, method} or null, references [{kind, text, instrument, number, paragraph, year, symbol}].
Records come ordered by meeting, number (natural order), kind, and are streamed, never listed whole.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from tqdm import tqdm

from tipreg.publish.spreadsheet import csv_row, write_xlsx
from tipreg.store import setup
from tipreg.store.labels.export import LABEL_FIELDS, entry_labels

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from tipreg.store.models import Provision, Source

FIELDS = (
    "id",
    "kind",
    "meeting",
    "year",
    "number",
    "heading",
    "subitems",
    "text",
    "text_original",
    "sources",
    *LABEL_FIELDS,
)
NESTED = ("subitems", "sources", *LABEL_FIELDS)  # JSON-encoded in a CSV cell
FORMATS = ("jsonl", "csv", "xlsx")
CHUNK = 500
# Line ends to Python's str.splitlines() (and to readers that split on them) that JSON leaves unescaped in strings;
# a document's text can hold them (Word's line and paragraph separators).
_LINE_ENDS_JSON_KEEPS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def provision_record(provision: Provision) -> dict[str, Any]:
    """The export record of one entry; its sources (with documents) should be prefetched."""
    return {
        "id": provision.id,
        "kind": provision.kind,
        "meeting": provision.meeting,
        "year": provision.year,
        "number": provision.number,
        "heading": provision.heading,
        "subitems": _contract_subitems(provision.subitems),
        "text": provision.text,
        "text_original": provision.text_original,
        "sources": [
            {
                "file": source.document.file,
                "document_symbol": source.document.symbol,
                "document_type": source.document.type,
                "language": source.document.language,
                "span": [source.span_start, source.span_end],
                "number": source.number,
            }
            for source in _sources(provision)
        ],
        **entry_labels(provision),
    }


def _sources(provision: Provision) -> Iterable[Source]:
    """Prefetched sources as they are; otherwise one query, documents joined, texts left unloaded."""
    if "sources" in getattr(provision, "_prefetched_objects_cache", {}):
        return provision.sources.all()
    return provision.sources.with_documents().defer("text_original")


def _contract_subitems(subitems: list[dict]) -> list[dict]:
    """Stored sub-items also keep their original text; the contract publishes label, text, subitems."""
    return [
        {"label": item["label"], "text": item["text"], "subitems": _contract_subitems(item["subitems"])}
        for item in subitems
    ]


def register_entries() -> QuerySet[Provision]:
    """Every entry in register order, sources (ingestion order, then position) and documents prefetched.

    Entries of one meeting and number (a curator's split: both parts keep the number) come in the order
    their text stands in their documents."""
    from django.db.models import F, Min, Prefetch

    from tipreg.store.labels.export import LABEL_PREFETCH
    from tipreg.store.models import Provision, Source

    ordered = Provision.objects.annotate(first_span=Min("sources__span_start")).order_by(
        F("meeting").asc(nulls_last=True), "number_key", "kind", "first_span", "id"
    )
    return ordered.prefetch_related(Prefetch("sources", queryset=Source.objects.with_documents()), *LABEL_PREFETCH)


def iter_records(db: str | None = None) -> Iterator[dict[str, Any]]:
    setup(db)
    for provision in register_entries().iterator(chunk_size=CHUNK):
        yield provision_record(provision)


def export(db: str | None, format: str, out: TextIO | BinaryIO, *, progress: bool = False) -> int:
    """Write every entry to `out` as JSON Lines, CSV or XLSX; returns the number of records.

    For CSV, open `out` with newline="" (the csv module writes its own line ends); for XLSX, `out` is binary.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; one of {', '.join(FORMATS)}")
    setup(db)
    from tipreg.store.models import Provision

    records = tqdm(
        iter_records(),
        total=Provision.objects.count(),
        unit=" provisions",
        desc="export",
        disable=not progress,
        file=sys.stderr,
    )
    if format == "xlsx":
        return write_xlsx("register", FIELDS, (flat_values(record, FIELDS) for record in records), out)
    write = _write_jsonl if format == "jsonl" else _write_csv
    return write(records, out)


def flat_values(record: dict[str, Any], columns: tuple[str, ...]) -> list[Any]:
    """A record as one spreadsheet row of `columns`; nested fields as JSON text."""
    return [json.dumps(record[name], ensure_ascii=False) if name in NESTED else record[name] for name in columns]


def json_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON Lines, whatever line ends its texts hold (escaped, so the text is exact)."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_ENDS_JSON_KEEPS)


def _write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json_line(record) + "\n")
        count += 1
    return count


def _write_csv(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    # Excel reads a CSV without a byte-order mark in the machine's legacy code page (cp1252 on
    # Spanish Windows), turning "niñas" into "niÃ±as"; the BOM makes it read UTF-8. Opened there, a cell
    # could run as a formula: csv_row keeps such text text (JSON Lines keeps it exact).
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for record in records:
        writer.writerow(csv_row(flat_values(record, FIELDS)))
        count += 1
    return count
