"""tipreg publish: the thematic index and the chronological compilation, read back with real DOCX and PDF readers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from docx import Document as read_docx
from openpyxl import load_workbook

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, REC_WITNESSES, Rec, build_document
from tipreg.cli import main
from tipreg.publish import publish
from tipreg.publish.build import one_line
from tipreg.publish.export import export
from tipreg.publish.venues import render_venue, report_venue, section_venues
from tipreg.store.labels.records import correct
from tipreg.store.models import Provision
from tipreg.store.writer import store_document

FIRST_MEETING = Rec("2", "Los Estados deberían reunir datos sobre la trata.", meeting=1, year=2009, heading=None)
NOTE = "Véase CTOC/COP/WG.4/2009/2, párr. 17."
# Themes set by a curator, so that what the index must show does not depend on the labelling rules.
THEMES = {
    (9, "1"): ["protection.witnesses"],
    (9, "2"): ["protection.assistance", "protection.compensation"],
    (9, "3"): ["prevention.awareness"],
    (9, "10"): ["protection.compensation"],
    (1, "2"): ["partnership.data"],
}


@pytest.fixture
def register(db):
    report = build_document("report9.txt", [REC_TEN, REC_SUBITEMS, REC_WITNESSES, REC_GIRLS])
    report.provisions[2].notes = ["1"]  # the witnesses recommendation cites the document's footnote 1
    store_document(report)
    compilation = build_document("compilation.txt", [FIRST_MEETING], type="compilation", meeting=1, year=2009)
    compilation.meta.headings = ["I. Primera reunión: Viena, 14 y 15 de abril de 2009"]
    store_document(compilation)
    for (meeting, number), themes in THEMES.items():
        entry = Provision.objects.get(meeting=meeting, number=number)
        correct(entry.pk, "themes", themes, "curator")
    return db


def docx_paragraphs(path: Path) -> list:
    return [paragraph for paragraph in read_docx(str(path)).paragraphs if paragraph.text.strip()]


def position(texts: list[str], start: str) -> int:
    return next(i for i, text in enumerate(texts) if text.startswith(start))


def test_compilation_docx_has_meetings_in_order_numbers_as_adopted_nested_subitems_and_notes(register, tmp_path):
    out = tmp_path / "compilation.docx"
    publish("compilation", "docx", out, "es", register)
    paragraphs = docx_paragraphs(out)
    texts = [p.text for p in paragraphs]
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Primera reunión: Viena, 14 y 15 de abril de 2009",
        "Novena reunión (2019)",
        "A. Recomendaciones generales",
    ]
    assert texts.index("2. Los Estados deberían reunir datos sobre la trata.") < texts.index("Novena reunión (2019)")
    numbers = [re.match(r"\d+", text)[0] for text in texts[position(texts, "Novena") :] if re.match(r"\d+\. ", text)]
    assert numbers == ["1", "2", "3", "10"]
    lead = position(texts, "3. Se alienta a los Estados partes a que adopten medidas como las siguientes:")
    assert texts[lead] == "3. Se alienta a los Estados partes a que adopten medidas como las siguientes:"
    assert texts[lead + 1 : lead + 5] == [
        "a) reforzar la capacidad de los organismos encargados de hacer cumplir la ley:",
        "i) en la investigación financiera;",
        "ii) en la cooperación internacional;",
        "b) realizar campañas de sensibilización sobre el trabajo forzoso.",
    ]
    indents = [paragraphs[lead + k].paragraph_format.left_indent or 0 for k in (0, 1, 2, 4)]
    assert indents[0] < indents[1] < indents[2] and indents[3] == indents[1]
    assert texts[lead + 5].startswith("10. El Grupo de Trabajo")
    witnesses = position(texts, "1. Los Estados partes deberían tratar de cooperar")
    assert texts[witnesses + 1] == f"Nota 1: {NOTE}"
    assert NOTE not in texts[witnesses]


def test_compilation_pdf_reads_back_in_order_with_nesting_and_the_footnote_at_the_foot_of_its_page(register, tmp_path):
    out = tmp_path / "compilation.pdf"
    publish("compilation", "pdf", out, "en", register)
    document = pymupdf.open(out)
    text = "".join(page.get_text() for page in document)
    # rindex: the contents list the same headings first
    first, ninth = text.rindex("First meeting: Vienna, 14 and 15 April 2009"), text.rindex("Ninth meeting (2019)")
    assert first < text.index("reunir datos sobre la trata") < ninth
    order = [text.index(words, ninth) for words in ("tratar de cooperar", "niñas", "siguientes:", "Grupo de Trabajo")]
    assert order == sorted(order)
    page = next(page for page in document if "siguientes:" in page.get_text())
    x = {label: page.search_for(label)[0].x0 for label in ("3.", "a)", "i)", "ii)", "b)")}
    assert x["3."] < x["a)"] < x["i)"] and x["ii)"] == pytest.approx(x["i)"], abs=1) and x["b)"] == x["a)"]
    page = next(page for page in document if "tratar de cooperar" in page.get_text())
    recommendation, note = page.search_for("tratar de cooperar")[0], page.search_for("Véase CTOC/COP/WG.4/2009/2")[0]
    assert note.y0 > recommendation.y1 and note.y0 > page.rect.height * 0.7  # under the text, at the page foot
    note_size = {
        span["size"]
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
        if "Véase" in span["text"]
    }
    assert max(note_size) < 10


def test_index_lists_each_recommendation_under_its_subthemes_with_counts_and_a_table_by_meeting(register, tmp_path):
    out = tmp_path / "index.docx"
    publish("index", "docx", out, "es", register)
    texts = [p.text for p in docx_paragraphs(out)]
    start = texts.index("Indemnización y reparación (2)")
    assert texts[start + 1 : start + 4] == [
        "Indemnización, restitución, vías de reparación y fondos para las víctimas, incluido el Fondo Fiduciario de "
        "Contribuciones Voluntarias de las Naciones Unidas.",
        f"Reunión 9 (2019), n.º 2 — {one_line(REC_GIRLS.text)}",
        f"Reunión 9 (2019), n.º 10 — {REC_TEN.text}",
    ]
    assert texts[start + 4].startswith("Víctimas y testigos en el proceso penal (1)")
    theme = texts.index("Protección y asistencia (3)")  # three distinct entries, one of them under two sub-themes
    assert texts[theme + 1].startswith("Identificación, protección, asistencia y derechos de las víctimas")
    assert texts[texts.index("No criminalización de las víctimas (0)") + 2] == "Ninguna recomendación."
    assert texts[texts.index("Datos e investigación (1)") + 2].startswith("Reunión 1 (2009), n.º 2 — Los Estados")
    table = read_docx(str(out)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Tema", "R1", "R9", "Total"]
    assert rows[1:3] == [["Prevención", "0", "1", "1"], ["Protección y asistencia", "0", "3", "3"]]
    assert rows[4] == ["Alianzas y cooperación", "1", "0", "1"]


def test_index_pdf_puts_a_known_recommendation_under_its_theme(register, tmp_path):
    out = tmp_path / "index.pdf"
    publish("index", "pdf", out, "en", register)
    text = "".join(page.get_text() for page in pymupdf.open(out))
    assert "Compensation and remedies (2)" in text
    compensation = text.index("Compensation and remedies (2)")
    assert compensation < text.index("Meeting 9 (2019), no. 10", compensation) < text.index("Victims and witnesses")
    assert text.index("Overview") < text.index("Theme\nM1\nM9\nTotal") < compensation


def test_html_escapes_the_register_text_and_markdown_nests_subitems(db, tmp_path):
    script = Rec("1", "Los Estados deberían <script>alert(1)</script> proteger a las víctimas.", heading=None)
    store_document(build_document("report9.txt", [script, REC_SUBITEMS]))
    publish("compilation", "html", tmp_path / "c.html", "en", db)
    html = (tmp_path / "c.html").read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<html lang="en">' in html and "Ninth meeting (2019)" in html
    publish("compilation", "md", tmp_path / "c.md", "es", db)
    lines = (tmp_path / "c.md").read_text("utf-8").splitlines()
    lead = lines.index("**3.** Se alienta a los Estados partes a que adopten medidas como las siguientes:")
    assert lines[lead + 2 : lead + 6] == [
        "- a) reforzar la capacidad de los organismos encargados de hacer cumplir la ley:",
        "    - i) en la investigación financiera;",
        "    - ii) en la cooperación internacional;",
        "- b) realizar campañas de sensibilización sobre el trabajo forzoso.",
    ]


def test_cli_publishes_with_progress_and_refuses_bad_arguments(register, tmp_path):
    runner = CliRunner()
    out = tmp_path / "index.md"
    result = runner.invoke(
        main, ["publish", "index", "--format", "md", "--out", str(out), "--lang", "en", "--db", register, "--progress"]
    )
    assert result.exit_code == 0, result.output
    assert "read register" in result.stderr and f"index written to {out}" in result.stderr
    assert out.read_text("utf-8").startswith("# Thematic index of the recommendations")
    missing = runner.invoke(
        main, ["publish", "compilation", "--format", "pdf", "--out", str(tmp_path / "no" / "c.pdf")]
    )
    assert missing.exit_code == 2 and "no folder" in missing.output
    unknown = runner.invoke(main, ["publish", "compilation", "--format", "odt", "--out", str(out)])
    assert unknown.exit_code == 2 and "odt" in unknown.output


def test_xlsx_export_has_the_contract_columns_and_keeps_formula_like_text_as_text(db, tmp_path):
    formula = '=HYPERLINK("http://example.invalid","x") Los Estados deberían proteger a las víctimas.'
    store_document(build_document("report9.txt", [Rec("1", formula), REC_TEN]))
    out = tmp_path / "register.xlsx"
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    header, *rows = list(load_workbook(out).active.iter_rows(values_only=False))
    assert [cell.value for cell in header][:4] == ["id", "kind", "meeting", "year"]
    text_column = [cell.value for cell in header].index("text")
    assert rows[0][text_column].value == formula and rows[0][text_column].data_type == "s"
    assert rows[1][text_column].value == REC_TEN.text
    buffer = io.BytesIO()
    assert export(db, "xlsx", buffer) == 2


def test_venues_come_from_compilation_headings_or_the_report_itself():
    assert section_venues(["I. Primera reunión: Viena, 14 y 15 de abril de 2009", "II. Recomendaciones"]) == {
        1: "Viena, 14 y 15 de abril de 2009"
    }
    text = "La novena reunión del Grupo de Trabajo sobre la Trata de Personas se celebró en Viena del 9 al 11 de septiembre de 2019."
    assert report_venue(text, 9) == "Viena del 9 al 11 de septiembre de 2019"
    assert report_venue(text, 8) is None


@pytest.mark.parametrize(
    ("printed", "spanish", "english"),
    [
        ("Viena, 14 y 15 de abril de 2009", "Viena, 14 y 15 de abril de 2009", "Vienna, 14 and 15 April 2009"),
        (
            "Viena del 9 al 11 de septiembre de 2019",
            "Viena, 9 a 11 de septiembre de 2019",
            "Vienna, 9–11 September 2019",
        ),
        # OCR lost the accent of "días"
        (
            "Viena los dias 12 y 13 de octubre de 2021",
            "Viena, 12 y 13 de octubre de 2021",
            "Vienna, 12 and 13 October 2021",
        ),
        ("Viena, 19 de octubre de 2010", "Viena, 19 de octubre de 2010", "Vienna, 19 October 2010"),
        ("Vienna from 27 to 29 January 2010", "Viena, 27 a 29 de enero de 2010", "Vienna, 27–29 January 2010"),
        (
            "Vienna, 30 September-2 October 2020",
            "Viena, 30 de septiembre a 2 de octubre de 2020",
            "Vienna, 30 September–2 October 2020",
        ),
        (
            "Ginebra, 30 de diciembre de 2020 a 2 de enero de 2021",
            "Ginebra, 30 de diciembre de 2020 a 2 de enero de 2021",
            "Geneva, 30 December 2020–2 January 2021",
        ),
        ("Bangkok, 3 y 4 de mayo de 2022", "Bangkok, 3 y 4 de mayo de 2022", "Bangkok, 3 and 4 May 2022"),
    ],
)
def test_a_venue_is_printed_in_the_publications_language(printed, spanish, english):
    assert (render_venue(printed, "es"), render_venue(printed, "en")) == (spanish, english)


@pytest.mark.parametrize("printed", ["Viena, 31 de febrero de 2020", "Viena, 12 a 10 de mayo de 2020", "en 2019", ""])
def test_a_venue_that_cannot_be_read_as_place_and_days_is_printed_as_it_stands(printed):
    assert render_venue(printed, "en") == printed


def test_one_line_summary_is_the_first_sentence_cut_at_a_word():
    assert one_line("Los Estados deberían actuar. Y además otra cosa.") == "Los Estados deberían actuar."
    long = "Los Estados partes deberían " + "reforzar la cooperación internacional " * 10
    summary = one_line(long)
    assert len(summary) <= 160 and summary.endswith(" …") and long.startswith(summary[:-2])


def test_a_long_list_is_summarised_under_each_subtheme_by_its_passage_on_it(db, tmp_path):
    training = "a) impartir capacitación a los fiscales y los jueces;"
    non_punishment = "b) velar por que no se castigue a las víctimas de la trata por los delitos que hayan cometido."
    store_document(
        build_document("report9.txt", [Rec("5", f"Los Estados partes deberían: {training} {non_punishment}")])
    )
    out = tmp_path / "index.md"
    publish("index", "md", out, "es", db)
    text = out.read_text("utf-8")

    def listed_under(title: str) -> str:
        return text.split(f"{title} (1)", 1)[1].split("\n#", 1)[0]

    assert non_punishment in listed_under("No criminalización de las víctimas")
    assert training[:-1] in listed_under("Capacitación y asistencia técnica")
    assert "impartir" not in listed_under("No criminalización de las víctimas")
