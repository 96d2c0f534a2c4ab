"""The register's persistence: identity (one entry, many sources), idempotence, whole-or-nothing writes."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import textwrap
import unicodedata
from pathlib import Path

import pytest
from django.db import connection

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, REC_WITNESSES, Rec, build_document, name_unless_poison
from tipreg import pipeline
from tipreg.corpus import sample_dir
from tipreg.publish.export import export
from tipreg.search import search
from tipreg.search.keyword import FTS_TABLE, keyword_index
from tipreg.services import ingest_paths, process_in_workers
from tipreg.settings import database_config
from tipreg.store import setup
from tipreg.store.models import Document, Note, Provision, Source
from tipreg.store.writer import store_document


def counts() -> tuple[int, int, int, int]:
    return Document.objects.count(), Provision.objects.count(), Source.objects.count(), Note.objects.count()


def fts_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        return cursor.fetchone()[0]


def test_a_document_is_stored_with_its_provisions_sources_and_notes(db):
    outcome = store_document(build_document("report.txt", [REC_WITNESSES, REC_GIRLS, REC_SUBITEMS]))

    assert (outcome.status, outcome.new_entries, outcome.matched_entries) == ("stored", 3, 0)
    assert counts() == (1, 3, 3, 1)
    stored = Document.objects.get()
    assert (stored.type, stored.meeting, stored.symbol, str(stored.date)) == (
        "meeting_report",
        9,
        "CTOC/COP/WG.4/2019/5",
        "2019-09-25",
    )
    girls = Provision.objects.get(number="2")
    source = girls.sources.get()
    assert stored.text[source.span_start : source.span_end] == REC_GIRLS.original
    assert "nifias" in girls.text_original and "niñas" in girls.text
    nested = Provision.objects.get(number="3").subitems
    assert [item["label"] for item in nested] == ["a", "b"]
    assert [item["label"] for item in nested[0]["subitems"]] == ["i", "ii"]
    assert nested[0]["subitems"][0]["text"] == "en la investigación financiera;"


def test_stable_ids_name_kind_meeting_and_text(db):
    store_document(build_document("report.txt", [REC_WITNESSES]))
    assert re.fullmatch(r"rec-m09-[0-9a-f]{10}", Provision.objects.get().id)


def test_reingesting_the_same_document_changes_nothing(db):
    document = build_document("report.txt", [REC_WITNESSES, REC_GIRLS, REC_SUBITEMS])
    store_document(document)
    before = list(Provision.objects.order_by("id").values_list("id", "updated_at"))

    outcome = store_document(document)

    assert outcome.status == "unchanged"
    assert counts() == (1, 3, 3, 1)
    assert list(Provision.objects.order_by("id").values_list("id", "updated_at")) == before
    assert fts_rows() == 3


def test_a_report_and_a_compilation_give_one_entry_with_two_sources(db):
    store_document(build_document("report.txt", [REC_WITNESSES, REC_GIRLS]))
    entry_id = Provision.objects.get(number="2").id
    renumbered = Rec("17", REC_GIRLS.text, heading="IX. Novena reunión: Viena, 9 a 11 de septiembre de 2019")
    outcome = store_document(
        build_document("compilation.txt", [renumbered], type="compilation", symbol="CTOC/COP/WG.4/2020/2", label="")
    )

    assert (outcome.new_entries, outcome.matched_entries) == (0, 1)
    assert Provision.objects.count() == 2
    entry = Provision.objects.get(pk=entry_id)  # the id given first is kept
    assert entry.number == "2"  # the entry keeps the number of its first source
    sources = {source.document.type: source.number for source in entry.sources.select_related("document")}
    assert sources == {"meeting_report": "2", "compilation": "17"}


def test_a_clean_and_an_ocr_copy_of_one_report_are_one_entry(db):
    clean = Rec("1", "El Grupo de Trabajo decidió que la Conferencia examinara la cuestión de la indemnización.")
    # The repair missed one OCR word; folding alone cannot make the texts equal, the fuzzy match does.
    ocr = Rec(
        "1",
        "El Grupo de Trabajo decidid que la Conferencia examinara la cuestión de la indemnización.",
        original="El Grupo de Trabajo decidid que la Conferencia examinara la cuestion de la indemnizacion.",
    )
    store_document(build_document("clean.txt", [clean, REC_TEN]))
    outcome = store_document(build_document("scan.txt", [ocr, REC_TEN]))

    assert (outcome.new_entries, outcome.matched_entries) == (0, 2)
    assert Provision.objects.count() == 2
    assert Provision.objects.get(number="1").sources.count() == 2


def test_a_revised_text_with_another_negation_or_modal_is_another_entry(db):
    """Close wording is not the same recommendation when what it asks changed: "no deberían", "deberán"."""
    original = Rec(
        "1", "Los Estados partes deberían tratar de cooperar eficazmente en la investigación de los casos de trata."
    )
    store_document(build_document("report.txt", [original, REC_TEN]))
    negated = Rec(
        "1", "Los Estados partes no deberían tratar de cooperar eficazmente en la investigación de los casos de trata."
    )
    binding = Rec(
        "1", "Los Estados partes deberán tratar de cooperar eficazmente en la investigación de los casos de trata."
    )
    ocr = Rec(
        "1", "Los Estados partes deberian tratar de cooperar eficazrnente en la investigacion de los casos de trata."
    )

    assert (store_document(build_document("negated.txt", [negated])).new_entries) == 1
    assert (store_document(build_document("binding.txt", [binding])).new_entries) == 1
    outcome = store_document(build_document("scan.txt", [ocr]))

    assert (outcome.new_entries, outcome.matched_entries) == (0, 1)  # an OCR'd copy still finds its entry
    assert sorted(Provision.objects.filter(number="1").values_list("text", flat=True)) == sorted(
        [original.text, negated.text, binding.text]
    )


def test_different_recommendations_of_one_meeting_stay_apart(db):
    store_document(build_document("report.txt", [REC_WITNESSES, REC_GIRLS]))
    outcome = store_document(build_document("other.txt", [REC_TEN, REC_SUBITEMS]))

    assert (outcome.new_entries, outcome.matched_entries) == (2, 0)
    assert Provision.objects.count() == 4


def test_the_same_text_at_another_meeting_is_another_entry(db):
    store_document(build_document("report9.txt", [REC_GIRLS]))
    again = Rec("4", REC_GIRLS.text, meeting=10, year=2020)
    store_document(build_document("report10.txt", [again], meeting=10, year=2020))

    assert sorted(Provision.objects.values_list("meeting", flat=True)) == [9, 10]


def test_provisions_without_a_meeting_match_only_by_exact_text(db):
    paragraph = "Insta a los Estados Miembros a que tipifiquen como delito la trata de personas en todas sus formas."
    near = "Insta a los Estados Miembros a que tipifiquen como delito la trata de niños en todas sus formas."
    resolution = dict(type="resolution", meeting=None, year=2019, label="")
    ops = [Rec("1", paragraph, kind="operative_paragraph", meeting=None, heading=None)]
    near_ops = [Rec("1", near, kind="operative_paragraph", meeting=None, heading=None)]
    store_document(build_document("draft.txt", ops, symbol="A/C.3/74/L.11", **resolution))
    store_document(build_document("adopted.txt", ops, symbol="A/RES/74/176", **resolution))
    store_document(build_document("other.txt", near_ops, symbol="A/RES/73/146", **resolution))

    entries = Provision.objects.order_by("created_at")
    assert [entry.sources.count() for entry in entries] == [2, 1]
    assert all(re.fullmatch(r"op-[0-9a-f]{10}", entry.id) for entry in entries)


def test_one_document_printing_a_text_twice_gives_two_entries(db):
    twice = [REC_WITNESSES, Rec("5", REC_WITNESSES.text)]
    outcome = store_document(build_document("report.txt", twice))

    assert outcome.new_entries == 2
    first, second = Provision.objects.order_by("number_key")
    assert second.id == first.id + "-2"


def test_a_failure_mid_document_leaves_nothing_written(db, monkeypatch):
    store_document(build_document("earlier.txt", [REC_TEN]))
    before = counts()
    backend = type(keyword_index())  # SQLite FTS5 or PostgreSQL full text, whichever the register uses
    real_update = backend.update
    calls = []

    def fail_on_second(self, provision):
        calls.append(provision.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real_update(self, provision)

    monkeypatch.setattr(backend, "update", fail_on_second)
    with pytest.raises(RuntimeError, match="disk full"):
        store_document(build_document("report.txt", [REC_WITNESSES, REC_GIRLS, REC_SUBITEMS]))

    assert len(calls) == 2  # the failure came after one provision was fully written
    assert counts() == before
    assert fts_rows() == 1


# Through the pipeline: files on disk, read, processed and stored by the ingestion service.


def ocr_copy(text: str) -> str:
    """The text as a bad scan gives it: accents lost, ñ read as "fi", ó as "6", lines hard-wrapped."""
    damaged = text.replace("ñ", "fi").replace("ó", "6")
    damaged = "".join(c for c in unicodedata.normalize("NFD", damaged) if not unicodedata.combining(c))
    return "\n\n".join("\n".join(textwrap.wrap(paragraph, 80)) for paragraph in damaged.split("\n\n"))


@pytest.fixture
def report_9(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return Path(shutil.copy(sample_dir() / "000_e5ae3a1e0a1653f3.txt", folder))


def test_a_clean_report_and_its_ocr_copy_give_one_entry_per_recommendation(db, report_9):
    scan = report_9.with_name("scan.txt")
    scan.write_text(ocr_copy(report_9.read_text()))

    report = ingest_paths([report_9.parent], db, progress=False)

    assert [outcome.status for outcome in report.outcomes] == ["stored", "stored"]
    assert (report.outcomes[1].new_entries, report.outcomes[1].matched_entries) == (0, 39)
    assert Provision.objects.count() == 39
    for entry in Provision.objects.filter(meeting=9):
        assert sorted(entry.sources.values_list("document__file", "number")) == [
            (report_9.name, entry.number),
            ("scan.txt", entry.number),
        ]


def test_bad_files_are_reported_and_the_rest_stored(db, report_9, monkeypatch):
    (report_9.parent / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    crashing = report_9.parent / "crash.txt"
    crashing.write_text("El Grupo de Trabajo recomendó.")
    real_process_file = pipeline.process_file

    def process_file(path, **options):
        if Path(path) == crashing:
            raise KeyError("meta")  # a bug in a stage, not a bad file
        return real_process_file(path, **options)

    monkeypatch.setattr(pipeline, "process_file", process_file)
    errors = io.StringIO()
    report = ingest_paths([report_9.parent], db, progress=False, errors=errors)

    statuses = {Path(outcome.file).name: outcome.status for outcome in report.outcomes}
    assert statuses == {"000_e5ae3a1e0a1653f3.txt": "stored", "broken.pdf": "failed", "crash.txt": "failed"}
    lines = errors.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{report_9.parent / 'broken.pdf'}: ")
    assert lines[1] == f"{crashing}: internal error: KeyError: 'meta'"
    assert Document.objects.get().file == report_9.name
    assert Provision.objects.count() == 39


def test_reingesting_a_file_skips_it_without_processing(db, report_9, monkeypatch):
    ingest_paths([report_9], db, progress=False)
    before = sorted(Provision.objects.values_list("id", "updated_at"))
    monkeypatch.setattr(pipeline, "process_file", lambda *args, **kwargs: pytest.fail("processed again"))

    report = ingest_paths([report_9], db, progress=False)

    assert [outcome.status for outcome in report.outcomes] == ["unchanged"]
    assert sorted(Provision.objects.values_list("id", "updated_at")) == before


def test_parallel_workers_give_the_same_register_as_one_process(tmp_path, report_9):
    report_11 = Path(shutil.copy(sample_dir() / "001_7bd5d977365344a0.txt", report_9.parent))
    exports = []
    for jobs in (1, 2):
        db = str(tmp_path / f"jobs{jobs}.sqlite3")
        report = ingest_paths([report_9, report_11], db, jobs=jobs, progress=False)
        assert [outcome.status for outcome in report.outcomes] == ["stored", "stored"]
        out = io.StringIO()
        export(db, "jsonl", out)
        exports.append(out.getvalue())
    assert exports[0] == exports[1]
    assert exports[0].count("\n") == 39 + 16


def test_a_worker_that_dies_fails_only_its_own_file(tmp_path):
    names = ["a.txt", "poison.pdf", "b.txt", "c.txt", "d.txt"]

    results = list(process_in_workers([tmp_path / name for name in names], 2, name_unless_poison))

    assert results[0] == "a.txt" and results[2:] == ["b.txt", "c.txt", "d.txt"]
    assert results[1].startswith("internal error: the process reading this file died")


@pytest.mark.sqlite_only
def test_sqlite_registers_use_wal_and_wait_for_a_busy_writer(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000


@pytest.mark.sqlite_only
def test_searches_read_while_another_process_holds_the_write_lock(db):
    store_document(build_document("report.txt", [REC_GIRLS]))
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM store_source")  # uncommitted: readers still see the sources
        assert [hit.provision.number for hit in search("niñas")] == ["2"]
        assert Source.objects.count() == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_register_is_a_sqlite_path_or_a_database_url(tmp_path):
    local = database_config(str(tmp_path / "r.sqlite3"))
    assert (local["ENGINE"], local["NAME"]) == ("django.db.backends.sqlite3", str(tmp_path / "r.sqlite3"))
    assert local["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    shared = database_config("postgresql://clerk:secret@db.example:5433/register")
    assert (shared["ENGINE"], shared["NAME"], shared["HOST"], shared["PORT"], shared["USER"]) == (
        "django.db.backends.postgresql",
        "register",
        "db.example",
        5433,
        "clerk",
    )
    assert "transaction_mode" not in shared.get("OPTIONS", {})


@pytest.mark.sqlite_only
def test_one_process_can_work_on_several_registers(db, tmp_path):
    store_document(build_document("report.txt", [REC_GIRLS]))
    other = str(tmp_path / "other.sqlite3")

    setup(other)
    assert Provision.objects.count() == 0
    setup(db)
    assert Provision.objects.count() == 1
    opened = connection.connection
    setup(db)  # the same register again: the open connection is kept
    assert connection.connection is opened


def test_words_of_a_rolled_back_copy_are_indexed_when_the_copy_comes_again(db, monkeypatch):
    store_document(build_document("clean.txt", [REC_TEN]))
    scan = Rec("10", REC_TEN.text, original=REC_TEN.text.replace("trata", "zqxwvy"))
    backend = type(keyword_index())
    real_add = backend.add_original

    def add_then_fail(self, provision_id, text_original):
        real_add(self, provision_id, text_original)
        raise RuntimeError("disk full")

    monkeypatch.setattr(backend, "add_original", add_then_fail)
    with pytest.raises(RuntimeError):
        store_document(build_document("scan.txt", [scan]))
    monkeypatch.setattr(backend, "add_original", real_add)
    assert search("zqxwvy") == []  # rolled back with its document

    store_document(build_document("scan-again.txt", [scan]))
    assert [hit.provision.number for hit in search("zqxwvy")] == ["10"]
