"""Exports follow the published record contract (DESIGN.md, "Export record"), in register order."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys

import pytest

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, REC_WITNESSES, Rec, build_document
from tipreg.publish.export import export
from tipreg.store.writer import store_document

CONTRACT = [
    *["id", "kind", "meeting", "year", "number", "heading", "subitems", "text", "text_original", "sources"],
    *["themes", "addressees", "strength", "groups", "references", "links"],
]
SOURCE_FIELDS = {"file", "document_symbol", "document_type", "language", "span", "number"}


@pytest.fixture
def register(db):
    # Stored out of order on purpose: the export orders by meeting, natural number, kind.
    store_document(build_document("report9.txt", [REC_TEN, REC_SUBITEMS, REC_WITNESSES, REC_GIRLS]))
    operative = Rec("1", "Insta a los Estados a que penalicen la trata.", kind="operative_paragraph", meeting=None)
    store_document(build_document("res.txt", [operative], type="resolution", meeting=None, label=""))
    store_document(
        build_document("report1.txt", [Rec("2", "Los Estados deberían reunir datos.", meeting=1, year=2009)])
    )
    store_document(build_document("compilation.txt", [Rec("7", REC_GIRLS.text)], type="compilation", label=""))
    return db


def jsonl_records(db: str) -> list[dict]:
    out = io.StringIO()
    count = export(db, "jsonl", out)
    lines = out.getvalue().splitlines()
    assert count == len(lines)
    return [json.loads(line) for line in lines]


def test_jsonl_records_have_exactly_the_contract_fields(register):
    for record in jsonl_records(register):
        assert list(record) == CONTRACT
        for source in record["sources"]:
            assert set(source) == SOURCE_FIELDS
            assert isinstance(source["span"], list) and len(source["span"]) == 2


def test_labels_and_references_keep_their_published_key_order_on_every_backend(db):
    """jsonb (PostgreSQL) reorders an object's keys; the export gives them in the documented order."""
    text = "Los Estados partes deberían aplicar el artículo 6 del Protocolo y la resolución 64/293."
    store_document(build_document("report9.txt", [Rec("1", text)]))
    (record,) = jsonl_records(db)
    for label in [*record["themes"], *record["addressees"], record["strength"]]:
        assert list(label) == ["value", "confidence", "method"]
    assert [reference["kind"] for reference in record["references"]] == ["article", "resolution"]
    for reference in record["references"]:
        assert list(reference) == ["kind", "text", "instrument", "number", "paragraph", "year", "symbol"]


@pytest.mark.parametrize(
    "second",
    # the new part's id sorts before the kept part's for the first two, after it for the third
    [
        "La Conferencia debería considerar el tema",
        "La Oficina debería asistir",
        "La Secretaría debería preparar un informe",
    ],
)
def test_the_two_parts_of_a_split_come_in_the_order_of_their_text(db, second):
    """Both parts keep the number; the one that stands first in the document comes first, whatever the ids."""
    from tipreg.store.curation.records import split

    first = "Los Estados partes deberían tipificar como delito el trabajo forzoso."
    store_document(build_document("report9.txt", [Rec("4", f"{first} {second} en su próxima reunión.")]))
    (glued,) = jsonl_records(db)
    split(glued["id"], second, "M. Curator")
    texts = [record["text"] for record in jsonl_records(db)]
    assert [text.split()[:2] for text in texts] == [["Los", "Estados"], second.split()[:2]]


def test_records_come_by_meeting_then_natural_number_then_kind(register):
    order = [(record["meeting"], record["number"], record["kind"]) for record in jsonl_records(register)]
    assert order == [
        (1, "2", "recommendation"),
        (9, "1", "recommendation"),
        (9, "2", "recommendation"),
        (9, "3", "recommendation"),
        (9, "10", "recommendation"),
        (None, "1", "operative_paragraph"),
    ]


def test_a_record_carries_its_text_subitems_and_every_source(register):
    by_number = {(r["meeting"], r["number"]): r for r in jsonl_records(register)}
    girls = by_number[(9, "2")]
    assert "niñas" in girls["text"] and "nifias" in girls["text_original"]
    assert [(s["file"], s["document_type"], s["number"]) for s in girls["sources"]] == [
        ("report9.txt", "meeting_report", "2"),
        ("compilation.txt", "compilation", "7"),
    ]
    assert girls["sources"][0]["document_symbol"] == "CTOC/COP/WG.4/2019/5"
    assert girls["sources"][0]["language"] == "es"
    subitems = by_number[(9, "3")]["subitems"]
    assert [(item["label"], [sub["label"] for sub in item["subitems"]]) for item in subitems] == [
        ("a", ["i", "ii"]),
        ("b", []),
    ]
    assert set(subitems[0]["subitems"][1]) == {"label", "text", "subitems"}
    assert subitems[0]["subitems"][1]["text"] == "en la cooperación internacional;"


def test_spans_point_at_the_text_in_the_source_document(register):
    from tipreg.store.models import Document

    girls = next(r for r in jsonl_records(register) if (r["meeting"], r["number"]) == (9, "2"))
    start, end = girls["sources"][0]["span"]
    assert Document.objects.get(file="report9.txt").text[start:end] == REC_GIRLS.original


def test_csv_has_a_bom_the_contract_columns_and_nested_fields_as_json(register):
    out = io.StringIO(newline="")
    count = export(register, "csv", out)
    data = out.getvalue()

    assert data.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline="")))
    assert count == len(rows) == 6
    assert list(rows[0]) == CONTRACT
    girls = next(row for row in rows if (row["meeting"], row["number"]) == ("9", "2"))
    assert "niñas" in girls["text"]
    assert [source["number"] for source in json.loads(girls["sources"])] == ["2", "7"]
    assert json.loads(rows[3]["subitems"])[0]["label"] == "a"
    assert rows[-1]["meeting"] == ""  # no meeting: an empty cell


FORMULA_LIKE = {  # as stored → as the CSV cell holds it
    '=HYPERLINK("http://example.invalid","ver") Los Estados deberían proteger.': (
        '\'=HYPERLINK("http://example.invalid","ver") Los Estados deberían proteger.'
    ),
    "+34 Los Estados deberían cooperar.": "'+34 Los Estados deberían cooperar.",
    "-1+1 Los Estados deberían reunir datos.": "'-1+1 Los Estados deberían reunir datos.",
    "@SUM(1) Los Estados deberían informar.": "'@SUM(1) Los Estados deberían informar.",
    "'=1+1 Los Estados deberían legislar.": "''=1+1 Los Estados deberían legislar.",  # its own apostrophe kept
    "'Los Estados' deberían capacitar.": "'Los Estados' deberían capacitar.",  # no formula: as it is
}


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe_and_jsonl_keeps_them_exact(db):
    recs = [Rec(str(number), text) for number, text in enumerate(FORMULA_LIKE, start=1)]
    store_document(build_document("report9.txt", recs))
    out = io.StringIO(newline="")
    export(db, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"), newline="")))

    assert [row["text"] for row in rows] == list(FORMULA_LIKE.values())
    assert [row["text_original"] for row in rows] == list(FORMULA_LIKE.values())
    assert {row["meeting"] for row in rows} == {"9"} and rows[0]["sources"].startswith("[")
    assert [record["text"] for record in jsonl_records(db)] == list(FORMULA_LIKE)


def test_a_text_with_unicode_line_separators_stays_on_its_json_line_in_export_and_search(db):
    from click.testing import CliRunner

    from tipreg.cli import main

    text = "Los Estados partes\u2028deberían, sin\x85demora,\u2029proteger a las víctimas."  # Word's separators
    store_document(build_document("report9.txt", [Rec("1", text), REC_TEN]))
    out = io.StringIO()
    export(db, "jsonl", out)
    found = CliRunner().invoke(main, ["search", "proteger", "--mode", "keyword", "--format", "json", "--db", db])

    for output in (out.getvalue(), found.stdout):
        lines = output.splitlines()  # str.splitlines() breaks at U+2028, U+2029 and U+0085 too
        assert text in [json.loads(line)["text"] for line in lines]
    assert len(out.getvalue().splitlines()) == 2 and len(found.stdout.splitlines()) == 1


def test_an_empty_register_exports_nothing(db):
    assert jsonl_records(db) == []


def test_an_unknown_format_is_refused(db):
    with pytest.raises(ValueError, match=r"'xls'; one of jsonl, csv, xlsx"):
        export(db, "xls", io.StringIO())


def test_an_xlsx_export_is_not_written_to_a_terminal(db):
    terminal, child = pty.openpty()  # stdout a real terminal, as when an officer types the command
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from tipreg.cli import main; main()", "export", "--format", "xlsx", "--db", db],
            stdout=child,
            stderr=subprocess.PIPE,
            timeout=120,
        )
        os.close(child)
        try:
            shown = os.read(terminal, 4096)
        except OSError:  # EIO: nothing was written to the terminal, whose other end is closed
            shown = b""
    finally:
        os.close(terminal)
    assert done.returncode == 2 and b"PK" not in shown  # no zip bytes on the screen
    assert "an XLSX file is binary: give --out FILE" in done.stderr.decode()
