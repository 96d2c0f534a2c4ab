"""The register core as a Secretariat officer uses it: real documents through `tipreg` end to end."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import docx
import pymupdf
import pytest
from click.testing import CliRunner, Result

from registers import new_register
from tipreg.cli import main
from tipreg.corpus import sample_files

REPORT_9, REPORT_11, COMPILATION = "000", "001", "002"


def seed(prefix: str) -> str:
    return next(p for p in sample_files() if p.name.startswith(prefix)).read_text(encoding="utf-8")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def search(db: str, *args: str) -> list[dict]:
    result = run("search", *args, "--format", "json", "--limit", "50", "--db", db)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = new_register(tmp_path_factory.mktemp("demo"))
    assert run("demo", "--db", db).exit_code == 0
    return db


def test_girls_without_accents_finds_recommendations_4_and_7_of_the_11th_meeting(demo_db):
    hits = {(hit["meeting"], hit["number"]) for hit in search(demo_db, "niñas")}
    assert {(11, "4"), (11, "7")} <= hits
    assert {(hit["meeting"], hit["number"]) for hit in search(demo_db, "ninas")} == hits


def test_compensation_without_accent_finds_meeting_1_number_13(demo_db):
    hits = search(demo_db, "indemnizacion")
    assert (1, "13") in {(hit["meeting"], hit["number"]) for hit in hits}
    assert all("score" in hit and hit["sources"] for hit in hits)


def report_of_meeting_2() -> str:
    """The 2nd meeting's recommendations as its own report prints them: paragraphs numbered from 3,
    where the compilation (002) numbers them from 1."""
    section = seed(COMPILATION).split("II. Segunda reunión")[1].split("IV. Cuarta reunión")[0]
    paragraphs = re.findall(r"^(\d+)\. (.+)$", section, flags=re.MULTILINE)[:5]
    body = "\n\n".join(f"{int(number) + 2}. {text}" for number, text in paragraphs)
    return (
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena "
        "del 27 al 29 de enero de 2010\n\nI. Recomendaciones\n\n"
        "1. En su segunda reunión, celebrada en Viena del 27 al 29 de enero de 2010, el Grupo de Trabajo "
        "aprobó las recomendaciones que figuran a continuación.\n\n"
        f"{body}\n\nII. Resumen de las deliberaciones\n\n8. Muchos oradores destacaron la importancia del tema.\n"
    )


def test_a_report_and_the_compilation_give_one_entry_per_recommendation(tmp_path):
    db = new_register(tmp_path)
    (tmp_path / "report-2010.txt").write_text(report_of_meeting_2(), encoding="utf-8")
    compilation = next(p for p in sample_files() if p.name.startswith(COMPILATION))
    result = run("ingest", str(tmp_path / "report-2010.txt"), str(compilation), "--db", db)
    assert result.exit_code == 0, result.output

    records = [json.loads(line) for line in run("export", "--format", "jsonl", "--db", db).stdout.splitlines()]
    assert sum(r["meeting"] == 2 for r in records) == 58  # not 63: the five reported ones are the same entries
    shared = [r for r in records if len(r["sources"]) == 2]
    assert len(shared) == 5
    for record in shared:
        numbers = {s["document_type"]: int(s["number"]) for s in record["sources"]}
        assert numbers["meeting_report"] == numbers["compilation"] + 2
        assert {s["file"] for s in record["sources"]} == {"report-2010.txt", compilation.name}


def test_one_bad_file_never_stops_the_batch_and_each_gets_one_line(tmp_path):
    corpus = tmp_path / "batch"
    corpus.mkdir()
    report = seed(REPORT_9)
    (corpus / "a-good.txt").write_text(seed(REPORT_11), encoding="utf-8")
    (corpus / "latin1.txt").write_bytes(report.encode("latin-1", errors="replace"))
    (corpus / "utf16.txt").write_bytes(report.encode("utf-16"))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "Recomendación 1")
    (corpus / "truncated.pdf").write_bytes(pdf.tobytes()[:300])
    word = docx.Document()
    word.add_paragraph("Recomendación 1. Los Estados partes deberían proteger a las víctimas.")
    package = io.BytesIO()
    word.save(package)
    (corpus / "truncated.docx").write_bytes(package.getvalue()[:-2000])
    (corpus / "huge.txt").write_text("trata de personas " * 200_000, encoding="utf-8")
    (corpus / "recipe.txt").write_text(
        "Tortilla de patatas\n\nPele las patatas y córtelas en láminas finas. Bata los huevos con sal.\n\n"
        "Fría las patatas a fuego lento, mézclelas con el huevo y cuaje la tortilla por ambos lados.\n",
        encoding="utf-8",
    )
    (corpus / "french.txt").write_text(
        "Le Groupe de travail sur la traite des personnes a tenu sa réunion à Vienne. Les États parties "
        "devraient renforcer la coopération internationale et la protection des victimes de la traite.\n",
        encoding="utf-8",
    )
    db = new_register(tmp_path)

    result = run("ingest", str(corpus), "--max-size", "2", "--db", db)

    assert result.exit_code == 1  # some files failed
    # One line per file that failed or needs a word, "PATH: reason", nothing for the good file.
    messages = dict(line.split(": ", 1) for line in result.stderr.splitlines() if line.startswith(str(corpus)))
    assert {Path(path).name: message for path, message in messages.items()} == {
        "empty.txt": "empty file",
        "binary.txt": "binary content, not a text document",
        "truncated.pdf": messages[str(corpus / "truncated.pdf")],
        "truncated.docx": messages[str(corpus / "truncated.docx")],
        "huge.txt": "file is 3.4 MB, over the 2 MB limit",
        "recipe.txt": "warning: no provisions extracted: not recognised as a report, compilation, background paper "
        "or resolution of the Working Group's family; kept whole, shown on its document page but not searched",
        "french.txt": "warning: no provisions extracted: the document is in language 'fr', and provisions are read "
        "from Spanish and English documents; kept whole, shown on its document page but not searched",
        "latin1.txt": "warning: decoded as cp1252 (not UTF-8)",
        "utf16.txt": "warning: decoded as utf-16-le (not UTF-8)",
    }
    assert messages[str(corpus / "truncated.pdf")].startswith("damaged or truncated PDF: ")
    assert messages[str(corpus / "truncated.docx")].startswith("damaged or truncated DOCX: ")
    assert "10 files: 5 stored, 0 unchanged, 5 failed" in result.stdout
    summary = run("summary", "--db", db).stdout
    # The Latin-1 and UTF-16 copies of the 9th meeting's report are sources of the same 39 entries.
    assert re.search(r"\b9\b.*\b39\b", summary) and re.search(r"\b11\b.*\b16\b", summary)
    records = [json.loads(line) for line in run("export", "--format", "jsonl", "--db", db).stdout.splitlines()]
    files_of_meeting_9 = {s["file"] for r in records if r["meeting"] == 9 for s in r["sources"]}
    assert files_of_meeting_9 == {"latin1.txt", "utf16.txt"}


def test_a_report_printed_as_a_pdf_gives_the_same_recommendations(tmp_path):
    """The 9th meeting's report typeset into a real PDF (wrapped lines, the symbol atop each page and
    the job number and page mark at its foot) reads back to the same 39 recommendations."""
    from tipreg.pipeline import process_file, process_text
    from tipreg.synth import hard_wrap

    # The PDF's built-in font has no curly quotes: print straight ones, and compare with that text.
    text = seed(REPORT_9).translate(str.maketrans("“”", '""'))
    lines = hard_wrap(text, 95, random.Random(3)).split("\n")
    pdf, per_page = pymupdf.open(), 55
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    for number, page_lines in enumerate(pages, 1):
        page = pdf.new_page()
        page.insert_text((56, 40), "CTOC/COP/WG.4/2019/5", fontsize=9)
        for row, line in enumerate(page_lines):
            page.insert_text((56, 70 + row * 13), line, fontsize=9.5)
        page.insert_text((56, 810), f"{number}/{len(pages)}    V.19-07659", fontsize=8)
    path = tmp_path / "V1907659.pdf"
    pdf.save(path)

    from_pdf, from_text = process_file(path), process_text(text)
    assert from_pdf.source.format == "pdf" and len(from_pdf.source.pages) == len(pages)
    assert from_pdf.meta.symbol == "CTOC/COP/WG.4/2019/5"
    assert [(p.meeting, p.number, p.text) for p in from_pdf.provisions] == [
        (p.meeting, p.number, p.text) for p in from_text.provisions
    ]
