"""tipreg publish: the thematic index and the chronological compilation, read back with real DOCX and PDF readers."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from docx import Document as read_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from openpyxl import load_workbook

from conftest import FAMILY, REC_GIRLS, REC_SUBITEMS, REC_TEN, REC_WITNESSES, Rec, build_document
from tipreg.cli import main
from tipreg.model import CleanText, Document, DocumentMeta, ReadResult, SubItem
from tipreg.model import Note as ModelNote
from tipreg.model import Provision as ModelProvision
from tipreg.pipeline import process_file
from tipreg.publish import publish
from tipreg.publish.build import one_line, summary_on
from tipreg.publish.document import Call, Item, Note, Publication, Section
from tipreg.publish.export import export
from tipreg.publish.render import render
from tipreg.publish.venues import endorsed_later, render_venue, report_venue, section_bodies, section_venues
from tipreg.publish.wording import ordinal
from tipreg.read import read_file
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


def docx_footnotes(path: Path) -> dict[str, list[tuple[str, bool]]]:
    """The DOCX's footnotes by id, each as its (text, italic) runs after its raised number (python-docx reads no
    footnotes: the part's XML)."""
    part = read_docx(str(path)).part.part_related_by(RELATIONSHIP_TYPE.FOOTNOTES)
    notes = {}
    for note in parse_xml(part.blob).iterfind(qn("w:footnote")):
        if note.get(qn("w:type")) is None:  # not Word's separators
            runs = [run for run in note.iter(qn("w:r")) if run.find(qn("w:footnoteRef")) is None]
            notes[note.get(qn("w:id"))] = [
                (
                    "".join(text.text or "" for text in run.iter(qn("w:t"))),
                    run.find(f"{qn('w:rPr')}/{qn('w:i')}") is not None,
                )
                for run in runs
            ]
    return notes


def docx_calls(paragraph) -> list[tuple[str, str]]:
    """A paragraph's text in runs, a footnote's call as ("call", its id)."""
    runs = []
    for run in paragraph._p.iter(qn("w:r")):
        call = run.find(qn("w:footnoteReference"))
        runs.append(
            ("call", call.get(qn("w:id")))
            if call is not None
            else ("text", "".join(text.text or "" for text in run.iter(qn("w:t"))))
        )
    return runs


def position(texts: list[str], start: str) -> int:
    return next(i for i, text in enumerate(texts) if text.startswith(start))


def test_compilation_docx_has_meetings_in_order_numbers_as_adopted_nested_subitems_and_notes(register, tmp_path):
    out = tmp_path / "compilation.docx"
    publish("compilation", "docx", out, "es", register)
    paragraphs = docx_paragraphs(out)
    texts = [p.text for p in paragraphs]
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "I. Primera reunión: Viena, 14 y 15 de abril de 2009",
        "II. Novena reunión (2019)",
        "A. Recomendaciones generales",
    ]
    assert texts.index("2. Los Estados deberían reunir datos sobre la trata.") < texts.index(
        "II. Novena reunión (2019)"
    )
    numbers = [
        re.match(r"\d+", text)[0] for text in texts[position(texts, "II. Novena") :] if re.match(r"\d+\. ", text)
    ]
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
    assert docx_calls(paragraphs[witnesses])[-1] == ("call", "1")  # a Word footnote, at the foot of the page
    assert docx_footnotes(out) == {"1": [(" ", False), (NOTE, False)]}
    assert not any(NOTE in text for text in texts)


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


def test_the_pdf_prints_a_footnotes_number_raised_and_its_contents_without_bullets_as_un_documents_do(
    register, tmp_path
):
    """Read back, the note is a note ("¹ Véase …", not a paragraph "1. Véase …"), and no bullet of the contents list
    falls into the text of the recommendation its page ends on."""
    out = tmp_path / "compilation.pdf"
    publish("compilation", "pdf", out, "es", register)
    text = read_file(out).text
    assert f"\n\n¹ {NOTE}\n\n" in text
    assert "•" not in text
    assert [(note.label, note.text) for note in process_file(out).clean.notes] == [("¹", NOTE)]


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
    mismatch = runner.invoke(main, ["publish", "index", "--format", "pdf", "--out", str(tmp_path / "index.docx")])
    assert mismatch.exit_code == 2 and "a PDF file ends in .pdf, not 'index.docx'" in mismatch.output
    assert not (tmp_path / "index.docx").exists()


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
        # a known place with its country, or with the meeting's format, is the place alone
        (
            "Viena (Austria) del 9 al 11 de septiembre de 2019",
            "Viena, 9 a 11 de septiembre de 2019",
            "Vienna, 9–11 September 2019",
        ),
        (
            "formato híbrido en Viena del 2 al 4 de julio de 2024",
            "Viena, 2 a 4 de julio de 2024",
            "Vienna, 2–4 July 2024",
        ),
        (
            "a hybrid format in Vienna on 2 and 3 July 2024",
            "Viena, 2 y 3 de julio de 2024",
            "Vienna, 2 and 3 July 2024",
        ),
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
    unspaced = "Losestadospartesdeberían" + "reforzarlacooperación" * 10 + " y proteger a las víctimas."  # OCR
    summary = one_line(unspaced)
    assert len(summary) == 160 and summary.endswith(" …") and unspaced.startswith(summary[:-2])


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


# A compilation as the Secretariat's background paper prints it (CTOC/COP/WG.4/2019/…, file 002 of the sample):
# note calls inside the text ("Transnacional¹,"), in a sub-item, stuck to a word of an OCR'd paragraph
# ("informe4."), notes in italics, and the third meeting's section, which holds no recommendation.
TREATY, IBID = "Naciones Unidas, *Treaty Series*, vol. 2237, núm. 39574.", "*Ibid.*, vol. 2225, núm. 39574."
ACCESSION = (
    "Respecto del logro de la adhesión universal al Protocolo, que complementa la Convención de las Naciones Unidas "
    "contra la Delincuencia Organizada Transnacional{n1}, y respecto de la aplicación eficaz de estos, los Estados "
    "que no lo hayan hecho aún deberían pasar a ser partes en la Convención de las Naciones Unidas contra la "
    "Delincuencia Organizada Transnacional{n2} y el Protocolo contra la Trata de Personas."
)
THIRD_MEETING = (
    "El Grupo de Trabajo sobre la Trata de Personas hizo suyas las recomendaciones propuestas durante su tercera "
    "reunión posteriormente, en su cuarta reunión, celebrada del 10 al 12 de octubre de 2011."
)
GUIDELINES = ("a", "aplicar los Principios y Directrices Recomendados{n3} a las víctimas;")
WITNESSES_LAST = "b) proteger a los testigos."


def compilation_with_notes() -> Document:
    """The compilation above as the pipeline makes it: the provisions' text without the calls, spans on the text
    as read, where the calls are."""
    rec2 = "2. " + ACCESSION.format(n1="¹", n2="²")
    rec3 = "3. Los Estados partes deberían:\n - a) aplicar los Principios y Directrices Recomendados³ a las victimas;"
    rec3 += f"\n - {WITNESSES_LAST}"
    rec4 = "1. Los Estados partes deberían aplicar lo dispuesto en el informe4."
    parts = [
        "I. Primera reunión: Viena, 14 y 15 de abril de 2009",
        rec2,
        rec3,
        "III. Tercera reunión: Viena, 19 de octubre de 2010",
        THIRD_MEETING,
        "IV. Cuarta reunión: Viena, 10 a 12 de octubre de 2011",
        rec4,
        "¹ " + TREATY,
        "² " + IBID,
        "³ E/2002/68/Add.1.",
        "⁴ [CTOC/COP/WG.4/2010/6](#).",
    ]
    text = "\n\n".join(parts)
    notes = []
    for part in parts[-4:]:
        start = text.index(part)
        notes.append(ModelNote(part[0].translate(str.maketrans("¹²³⁴", "1234")), part[2:], start, start + len(part)))
    lead = ACCESSION.format(n1="", n2="")
    guidelines = GUIDELINES[1].format(n3="")
    provisions = [
        ModelProvision(
            "recommendation", "2", 1, 2009, None, lead, lead, (text.index(rec2), text.index(rec2) + len(rec2)),
            notes=["1", "2"],
        ),
        ModelProvision(
            "recommendation", "3", 1, 2009, None, f"Los Estados partes deberían: a) {guidelines} {WITNESSES_LAST}",
            "…", (text.index(rec3), text.index(rec3) + len(rec3)),
            subitems=[SubItem("a", guidelines, "…"), SubItem("b", WITNESSES_LAST[3:], WITNESSES_LAST[3:])],
            notes=["3"],
        ),
        ModelProvision(
            "recommendation", "1", 4, 2011, None, rec4[3:-2] + ".", rec4[3:-2] + ".",
            (text.index(rec4), text.index(rec4) + len(rec4)), notes=["4"],
        ),
    ]  # fmt: skip
    data = text.encode()
    source = ReadResult(
        "compilation.txt", "/corpus/compilation.txt", "txt", text, hashlib.sha256(data).hexdigest(), len(data)
    )
    headings = [part for part in parts if re.match(r"[IV]+\. ", part)]
    meta = DocumentMeta("compilation", "es", "2019-08-07", 9, 2019, "CTOC/COP/WG.4/2019/2", "Recopilación", headings)
    return Document(source, meta, CleanText(blocks=[], notes=notes), provisions)


@pytest.fixture
def noted(db):
    store_document(compilation_with_notes())
    report = build_document("report9.txt", [REC_WITNESSES])
    report.provisions[0].notes = ["1"]  # the report's own note 1: the compilation's fifth
    store_document(report)
    return db


def test_note_calls_stand_where_the_source_has_them_numbered_through_the_publication(noted, tmp_path):
    publish("compilation", "md", tmp_path / "c.md", "es", noted)
    md = (tmp_path / "c.md").read_text("utf-8")
    assert "**2.** " + ACCESSION.format(n1="[^1]", n2="[^2]") in md
    assert "- a) " + GUIDELINES[1].format(n3="[^3]") in md  # in the sub-item, after the repaired word
    assert "lo dispuesto en el informe[^4]." in md  # an OCR'd call, stuck to its word, before the full stop
    assert "de protección de testigos.[^5]" in md  # a call the report prints after the text
    assert f"[^1]: Naciones Unidas, *Treaty Series*, vol. 2237, núm. 39574.\n\n[^2]: {IBID}" in md
    assert "[^4]: CTOC/COP/WG.4/2010/6." in md and "[^5]: Véase CTOC/COP/WG.4/2009/2, párr. 17." in md
    assert md.index(WITNESSES_LAST[3:]) < md.index("[^3]:") < md.index("**1.**")  # under its recommendation
    publish("compilation", "html", tmp_path / "c.html", "en", noted)
    html = (tmp_path / "c.html").read_text("utf-8")
    call = '<sup class="note-call"><a href="#note-{0}">{0}</a></sup>'
    assert ACCESSION.format(n1=call.format(1), n2=call.format(2)) in html
    assert (
        '<aside class="note" id="note-1"><span class="label">Note 1:</span> Naciones Unidas, <i>Treaty Series</i>'
        in html
    )
    assert 'id="note-2"><span class="label">Note 2:</span> <i>Ibid.</i>, vol. 2225' in html


def test_docx_calls_word_footnotes_where_the_source_calls_them_with_their_italics(noted, tmp_path):
    out = tmp_path / "c.docx"
    publish("compilation", "docx", out, "es", noted)
    paragraphs = docx_paragraphs(out)
    accession = paragraphs[position([p.text for p in paragraphs], "2. Respecto del logro")]
    runs = docx_calls(accession)
    calls = [k for k, (kind, _) in enumerate(runs) if kind == "call"]
    assert [runs[k][1] for k in calls] == ["1", "2"]
    assert runs[calls[0] - 1][1].endswith("Organizada Transnacional") and runs[calls[0] + 1][1].startswith(", y ")
    assert runs[calls[1] + 1][1] == " y el Protocolo contra la Trata de Personas."
    notes = docx_footnotes(out)
    assert "".join(text for text, _ in notes["1"]) == " Naciones Unidas, Treaty Series, vol. 2237, núm. 39574."
    assert [text for text, italic in notes["1"] if italic] == ["Treaty Series"]
    assert [text for text, italic in notes["2"] if italic] == ["Ibid."]
    assert not any(p.text.startswith("Nota ") for p in paragraphs)


def test_pdf_calls_a_footnote_inside_the_sentence_and_sets_its_italics(noted, tmp_path):
    out = tmp_path / "c.pdf"
    publish("compilation", "pdf", out, "es", noted)
    page = pymupdf.open(out)[0]
    lines = [line["spans"] for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])]
    spans = [span for line in lines for span in line]
    body = max(span["size"] for span in spans if "Transnacional" in span["text"])
    calls = [(k, span) for k, span in enumerate(spans) if span["text"] in ("1", "2") and span["size"] < body * 0.8]
    assert [span["text"] for _, span in calls] == ["1", "2"]  # not after the full stop: inside the text
    assert spans[calls[0][0] - 1]["text"].endswith("Transnacional")
    assert spans[calls[0][0] + 1]["text"].startswith(", y respecto")
    assert spans[calls[1][0] + 1]["text"].startswith(" y el Protocolo")
    treaty = next(span for span in spans if span["text"] == "Treaty Series")
    assert "Italic" in treaty["font"] and treaty["size"] < body and treaty["origin"][1] > page.rect.height * 0.7


def test_a_pdf_footnote_call_follows_its_word_with_no_space_even_at_the_start_of_a_line(tmp_path):
    """A call at the start of a line ("Personas³, que" after a line break) was set with a padding that the PDF's text
    layer carries as a space: read back, "Personas ³, que", and the text without its call "Personas , que". A call
    after every word puts one at the start of each line."""
    words = [
        "Los",
        "Estados",
        "partes",
        "deberían",
        "reforzar",
        "la",
        "cooperación",
        "con",
        "las",
        "organizaciones",
        "de",
        "la",
        "sociedad",
        "civil",
    ]
    words *= 4
    notes = [Note(str(k), f"Nota {k}.") for k in range(1, len(words) + 1)]
    text, calls = "", []
    for word, note in zip(words, notes, strict=True):
        text += f"{word} " if text else word
        calls.append(Call(len(text.rstrip()), note))
        text = text.rstrip() + " "
    item = Item("1", text.rstrip(), notes=notes, calls=calls)
    publication = Publication("compilation", "es", "Recopilación", "", [Section("I. Primera reunión", "m1", [item])])
    render(publication, "pdf", tmp_path / "c.pdf")
    read = read_file(tmp_path / "c.pdf").text
    assert len(re.findall(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+[ ,.]", read)) >= len(words)  # every call read as raised
    assert not re.search(r"[^\S\n][⁰¹²³⁴⁵⁶⁷⁸⁹]", read)  # and right after its word


def test_the_compilation_gives_the_third_meeting_its_section_saying_where_its_recommendations_were_endorsed(
    noted, tmp_path
):
    publish("compilation", "md", tmp_path / "es.md", "es", noted)
    publish("compilation", "md", tmp_path / "en.md", "en", noted)
    spanish = (tmp_path / "es.md").read_text("utf-8").splitlines()
    assert [line for line in spanish if line.startswith("## ")] == [
        "## I. Primera reunión: Viena, 14 y 15 de abril de 2009",
        "## II. Tercera reunión: Viena, 19 de octubre de 2010",
        "## III. Cuarta reunión: Viena, 10 a 12 de octubre de 2011",
        "## IV. Novena reunión (2019)",
    ]
    third = spanish.index("## II. Tercera reunión: Viena, 19 de octubre de 2010")
    assert spanish[third + 2] == (
        "El Grupo de Trabajo hizo suyas las recomendaciones propuestas durante su tercera reunión posteriormente, "
        "en su cuarta reunión (Viena, 10 a 12 de octubre de 2011)."
    )
    assert spanish[third + 4] == "## III. Cuarta reunión: Viena, 10 a 12 de octubre de 2011"
    english = (tmp_path / "en.md").read_text("utf-8").splitlines()
    third = english.index("## II. Third meeting: Vienna, 19 October 2010")
    assert english[third - 4].startswith("- b) proteger a los testigos")  # after the first meeting's last item
    assert english[third + 2] == (
        "The recommendations proposed at the third meeting were endorsed by the Working Group later, at its fourth "
        "meeting (Vienna, 10–12 October 2011)."
    )
    assert english[third + 4] == "## III. Fourth meeting: Vienna, 10–12 October 2011"


def test_a_meeting_section_says_where_its_recommendations_were_endorsed_in_either_language():
    headings = [
        "II. Segunda reunión: Viena, 27 a 29 de enero de 2010",
        "III. Tercera reunión: Viena, 19 de octubre de 2010",
    ]
    text = (
        f"Índice\n{headings[1]}\n\n{headings[0]}\n\n5. Los Estados…\n\n{headings[1]}\n\n{THIRD_MEETING}\n\nIV. Cuarta"
    )
    bodies = section_bodies(headings, text)
    assert bodies == {3: THIRD_MEETING}  # the second meeting opens with its first recommendation
    assert endorsed_later(bodies[3], 3) == 4
    english = (
        "The recommendations proposed at its third meeting were endorsed by the Working Group at its fourth meeting."
    )
    assert endorsed_later(english, 3) == 4
    assert endorsed_later("El Grupo de Trabajo se reunió en su cuarta reunión.", 3) is None


def test_a_meeting_known_without_recommendations_says_the_register_has_none(db, tmp_path):
    compilation = build_document("compilation.txt", [FIRST_MEETING], type="compilation", meeting=1, year=2009)
    compilation.meta.headings = [
        "I. Primera reunión: Viena, 14 y 15 de abril de 2009",
        "II. Segunda reunión: Viena, 27 a 29 de enero de 2010",
    ]
    store_document(compilation)
    publish("compilation", "md", tmp_path / "c.md", "en", db)
    lines = (tmp_path / "c.md").read_text("utf-8").splitlines()
    second = lines.index("## II. Second meeting: Vienna, 27–29 January 2010")
    assert lines[second + 2] == "The register holds no recommendations of this meeting."


def test_the_index_overview_counts_the_classified_entries_and_says_how_many_have_no_theme(register, tmp_path):
    publish("index", "md", tmp_path / "all.md", "en", register)
    assert "All 5 recommendations are classified under 5 themes and 20 sub-themes." in (tmp_path / "all.md").read_text(
        "utf-8"
    )
    store_document(
        build_document("report11.txt", [Rec("4", "El Grupo de Trabajo debería reunirse.", meeting=11, year=2021)])
    )
    correct(Provision.objects.get(meeting=11).pk, "themes", [], "curator")
    for lang, overview, section in (
        (
            "es",
            "5 de las 6 recomendaciones están clasificadas en 5 temas y 20 subtemas; 1 no tiene tema asignado "
            "(sección «Sin tema asignado»).",
            "## Sin tema asignado (1)",
        ),
        (
            "en",
            "5 of the 6 recommendations are classified under 5 themes and 20 sub-themes; 1 has no theme assigned "
            "(section “No theme assigned”).",
            "## No theme assigned (1)",
        ),
    ):
        publish("index", "md", tmp_path / f"{lang}.md", lang, register)
        lines = (tmp_path / f"{lang}.md").read_text("utf-8").splitlines()
        assert lines[lines.index(overview) - 2] == lines[4] and lines[4] in ("## Resumen", "## Overview")
        assert section in lines and lines.index(section) > lines.index(overview)


def test_docx_pages_are_a4_with_the_page_number_in_the_footer(register, tmp_path):
    out = tmp_path / "c.docx"
    publish("compilation", "docx", out, "en", register)
    section = read_docx(str(out)).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = [section.top_margin, section.right_margin, section.bottom_margin, section.left_margin]
    assert [round(margin.cm, 1) for margin in margins] == [2.2, 2.0, 2.4, 2.0]
    footer = section.footer.paragraphs[0]
    fields = footer._p.findall(qn("w:fldSimple"))
    assert [field.get(qn("w:instr")).strip() for field in fields] == ["PAGE"]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER


CLAUSES = (
    "reforzar la cooperación entre las autoridades encargadas de hacer cumplir la ley y las fiscalías",
    "mediante acuerdos escritos, capacitación conjunta y el intercambio oportuno de información",
    "sobre las tendencias de la trata de personas en cada región y las respuestas a ese flagelo",
    "con la participación de la sociedad civil, el sector privado y las organizaciones internacionales",
)


def long_recommendation(number: str, meeting: int, items: int) -> Rec:
    """A recommendation with `items` sub-items (up to 26) of one to four printed lines."""
    subitems = [
        SubItem(label, ", ".join(CLAUSES[: 1 + (k * 3 + meeting) % 4]) + ";", "…")
        for k, label in enumerate("abcdefghijklmnopqrstuvwxyz"[:items])
    ]
    lead = f"Los Estados partes deberían, conforme a su recomendación {number}, adoptar medidas como las siguientes:"
    text = " ".join([lead, *(f"{item.label}) {item.text}" for item in subitems)])
    return Rec(number, text, subitems=subitems, meeting=meeting, year=2000 + meeting, heading=_group(number))


def short_recommendation(number: str, meeting: int) -> Rec:
    text = (
        f"Inicio {meeting}-{number}: la Secretaría debería seguir prestando asistencia técnica a los Estados que la "
        f"soliciten para aplicar el Protocolo contra la Trata de Personas, en particular en materia de legislación, "
        f"reunión de datos y capacitación de los profesionales de la justicia penal. Fin {meeting}-{number}."
    )
    return Rec(number, text, meeting=meeting, year=2000 + meeting, heading=_group(number))


def _group(number: str) -> str:
    """A heading of the report's own over each recommendation: a sub-heading (h3) over each in the compilation."""
    return f"{'ABC'[int(number) - 1]}. Recomendaciones del grupo {number}"


def test_pdf_pages_run_full_headings_keep_with_their_first_recommendation_short_ones_stay_whole(db, tmp_path):
    # Twenty meetings of long recommendations, which cannot all move whole to the next page, and short ones (0),
    # each under a heading of its own: their headings fall at every height of a page, some in its last lines
    plan = {meeting: [(meeting * 5) % 7, 0, 3 + (meeting * 3) % 11][meeting % 3 :] for meeting in range(1, 21)}
    plan[8] = [26]  # longer than a page: the old rules left its heading alone on a page before it
    recs = [
        long_recommendation(str(k + 1), meeting, items) if items else short_recommendation(str(k + 1), meeting)
        for meeting, sizes in plan.items()
        for k, items in enumerate(sizes)
    ]
    store_document(build_document("report.txt", recs, meeting=None, year=None))
    out = tmp_path / "c.pdf"
    publish("compilation", "pdf", out, "es", db)
    document = pymupdf.open(out)
    assert document.page_count > 4
    heading_pages = set()
    for page in document:
        lines = [
            (line["bbox"][3], max(span["size"] for span in line["spans"]), "".join(s["text"] for s in line["spans"]))
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            if 60 < line["bbox"][1] < page.rect.height - 60 and "".join(s["text"] for s in line["spans"]).strip()
        ]
        body = sorted(line for line in lines if line[1] > 9.5)  # top to bottom; footnotes (8.5 pt) left out
        headings = [line for line in body if line[1] > 11]  # h2 13.6 pt, h3 11.6 pt
        heading_pages |= {page.number for _ in headings}
        assert body[-1][1] < 11, f"page {page.number + 1} ends with the heading {body[-1][2]!r}"
        if page.number < document.page_count - 1:
            assert body[-1][0] > page.rect.height * 0.75, f"page {page.number + 1} is left part empty"
    assert len(heading_pages) >= 3
    text = [page.get_text() for page in document]
    for meeting, sizes in plan.items():
        for k, items in enumerate(sizes):
            if not items:  # a short recommendation is never cut
                start = next(n for n, page in enumerate(text) if f"Inicio {meeting}-{k + 1}:" in page)
                assert f"Fin {meeting}-{k + 1}." in text[start]


def test_a_summary_goes_on_past_a_lead_that_only_announces_its_list():
    text = (
        "Respecto de la coordinación de los esfuerzos a nivel nacional, los Estados partes deberían: a) establecer "
        "mecanismos de coordinación nacional; b) elaborar planes nacionales."
    )
    expected = (
        "Respecto de la coordinación de los esfuerzos a nivel nacional, los Estados partes deberían: a) establecer "
        "mecanismos de coordinación nacional;"
    )
    assert summary_on(text, None) == expected
    assert (
        summary_on("Los Estados partes deberían cooperar. Y algo más.", None) == "Los Estados partes deberían cooperar."
    )


def test_publications_of_an_empty_register_say_it_holds_no_recommendations(db, tmp_path):
    for kind in ("index", "compilation"):
        publish(kind, "md", tmp_path / f"{kind}.md", "es", db)
        text = (tmp_path / f"{kind}.md").read_text("utf-8")
        assert "El registro aún no tiene recomendaciones: ingiera los documentos del Grupo de Trabajo." in text
        assert "Las 0 recomendaciones" not in text
    publish("index", "md", tmp_path / "en.md", "en", db)
    assert "The register holds no recommendations yet" in (tmp_path / "en.md").read_text("utf-8")


def test_control_characters_in_the_register_text_are_printed_as_spaces_in_every_format(db, tmp_path):
    # a form feed where a page broke, a stray \x01: XML (DOCX, HTML) cannot hold them, a PDF shows a missing glyph
    subitems = [SubItem("a", "reforzar\x0bla capacidad;", "reforzar\x0bla capacidad;")]
    rec = Rec("1", "Los Estados\x0c partes deberían\x01cooperar: a) reforzar\x0bla capacidad;", subitems=subitems)
    store_document(build_document("report9.txt", [rec]))
    lead, subitem = "1. Los Estados partes deberían cooperar:", "a) reforzar la capacidad;"
    publish("compilation", "docx", tmp_path / "c.docx", "es", db)
    texts = [p.text for p in docx_paragraphs(tmp_path / "c.docx")]
    assert texts[position(texts, "1. ") : position(texts, "1. ") + 2] == [lead, subitem]
    publish("compilation", "pdf", tmp_path / "c.pdf", "es", db)
    text = " ".join(pymupdf.open(tmp_path / "c.pdf")[0].get_text().split())
    assert f"{lead} {subitem}" in text
    publish("compilation", "html", tmp_path / "c.html", "es", db)
    html = (tmp_path / "c.html").read_text("utf-8")
    assert "Los Estados partes deberían cooperar:" in html and not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", html)


def test_a_file_that_cannot_be_written_is_a_one_line_error_before_any_work(register, tmp_path):
    too_long = "a" * 300  # no file system takes a name this long, whoever runs the test (root writes anywhere)
    folder = tmp_path / "out"
    folder.mkdir()
    runner = CliRunner()
    for args in (
        ["publish", "compilation", "--format", "pdf", "--progress", "--out", str(folder / f"{too_long}.pdf")],
        ["export", "--format", "csv", "--progress", "--out", str(folder / f"{too_long}.csv")],
        ["gaps", "--chart", str(folder / f"{too_long}.svg")],
    ):
        result = runner.invoke(main, [*args, "--db", register])
        option = "--chart" if args[0] == "gaps" else "--out"
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert result.stderr.splitlines()[-1] == f"Error: {option}: cannot write {args[-1]}: File name too long"
        # no work done: no progress, no report
        assert "read register" not in result.stderr and "export:" not in result.stderr and not result.stdout
    assert not list(folder.iterdir())  # nor a partial file left behind


def test_a_word_longer_than_the_line_breaks_inside_the_pdf_page(db, tmp_path):
    word = "https://www.unodc.org/" + "documentosdelgrupodetrabajosobrelatratadepersonas" * 4
    store_document(build_document("report9.txt", [Rec("1", f"Los Estados partes deberían consultar {word} a menudo.")]))
    publish("compilation", "pdf", tmp_path / "c.pdf", "es", db)
    page = pymupdf.open(tmp_path / "c.pdf")[0]
    right_margin = page.rect.width - 2 / 2.54 * 72  # print.css: 2 cm
    assert max(box[2] for box in page.get_text("words")) <= right_margin + 1
    assert word in "".join(page.get_text().split())  # all of it printed, on the lines it was broken into


def test_markdown_keeps_markup_characters_of_the_register_text_literal(db, tmp_path):
    text = "Los Estados <b>deberían</b> ver [la guía](http://x.invalid), `A_B` *y* &amp; [^9] (art. 6 & 7)."
    store_document(build_document("report9.txt", [Rec("1", text, heading="A. Recomendaciones <generales>")]))
    publish("compilation", "md", tmp_path / "c.md", "es", db)
    lines = (tmp_path / "c.md").read_text("utf-8").splitlines()
    # backslash escapes: CommonMark prints each character as it stands, no bold, link, code, footnote or entity
    assert "### A. Recomendaciones \\<generales\\>" in lines
    assert (
        "**1.** Los Estados \\<b\\>deberían\\</b\\> ver \\[la guía\\](http://x.invalid), \\`A\\_B\\` \\*y\\* \\&amp; "
        "\\[^9\\] (art. 6 & 7)." in lines
    )


def test_a_register_of_one_recommendation_of_one_meeting_is_counted_in_the_singular(db, tmp_path):
    store_document(build_document("report9.txt", [REC_TEN]))
    correct(Provision.objects.get().pk, "themes", ["protection.compensation"], "curator")
    expected = {
        "es": ("1 recomendación de 1 reunión", "La única recomendación está clasificada en 5 temas y 20 subtemas."),
        "en": (
            "1 recommendation of 1 meeting",
            "The one recommendation is classified under 5 themes and 20 sub-themes.",
        ),
    }
    for lang, (subtitle, overview) in expected.items():
        publish("index", "docx", tmp_path / f"{lang}.docx", lang, db)
        texts = [p.text for p in docx_paragraphs(tmp_path / f"{lang}.docx")]
        assert texts[1].endswith(f": {subtitle}") and overview in texts
    store_document(build_document("report11.txt", [Rec("4", "El Grupo debería reunirse.", meeting=11, year=2021)]))
    correct(Provision.objects.get(meeting=11).pk, "themes", [], "curator")
    publish("index", "md", tmp_path / "two.md", "en", db)
    text = (tmp_path / "two.md").read_text("utf-8")
    assert "*Generated from the consolidated register: 2 recommendations of 2 meetings*" in text
    assert "1 of the 2 recommendations is classified under 5 themes and 20 sub-themes; 1 has no theme" in text


def test_an_entry_without_a_heading_among_headed_ones_is_printed_in_its_place_under_no_empty_heading(db, tmp_path):
    recs = [
        Rec("1", "Los Estados deberían reunir datos.", heading=None),
        Rec("2", "Los Estados deberían capacitar.", heading="A. Recomendaciones generales"),
        Rec("3", "Los Estados deberían cooperar.", heading=None),
        Rec("4", "Los Estados deberían informar.", heading="B. Prevención"),
    ]
    store_document(build_document("report9.txt", recs))
    publish("compilation", "docx", tmp_path / "c.docx", "es", db)
    paragraphs = read_docx(str(tmp_path / "c.docx")).paragraphs
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["I. Novena reunión (2019)", "A. Recomendaciones generales", "B. Prevención"]
    texts = [p.text for p in paragraphs if p.text]
    order = [position(texts, start) for start in ("1. ", "A. ", "2. ", "3. ", "B. ", "4. ")]
    assert order == sorted(order)


def test_an_english_recommendation_with_parenthesised_subitems_has_its_lead_without_the_first_label(db, tmp_path):
    store_document(process_file(FAMILY / "en_compilation_excerpt.txt"))  # "2. States parties should: (a) …; (b) …"
    store_document(build_document("report9.txt", [REC_SUBITEMS]))
    publish("compilation", "docx", tmp_path / "c.docx", "en", db)
    texts = [p.text for p in docx_paragraphs(tmp_path / "c.docx")]
    # a Spanish recommendation keeps its "a)" under English headings: the labels are its language's, not theirs
    assert texts[position(texts, "3. Se alienta") + 1].startswith("a) reforzar la capacidad")
    lead = texts.index("2. States parties should:")
    # and its sub-items labelled as English documents print them
    assert texts[lead + 1].startswith("(a) Criminalize conduct") and texts[lead + 2].startswith("(b) Enact legislation")
    publish("compilation", "md", tmp_path / "c.md", "en", db)
    assert "**2.** States parties should:" in (tmp_path / "c.md").read_text("utf-8").splitlines()


def test_a_recommendation_without_a_number_or_a_year_is_printed_without_them(db, tmp_path):
    recs = [
        Rec("1", "Los Estados deberían reunir datos.", year=None),
        Rec("2", "Los Estados deberían cooperar.", year=None),
    ]
    store_document(build_document("report9.txt", recs, year=None))
    Provision.objects.filter(number="2").update(number=None)  # as `tipreg curate correct --number ''` leaves it
    publish("compilation", "docx", tmp_path / "c.docx", "es", db)
    texts = [p.text for p in docx_paragraphs(tmp_path / "c.docx")]
    assert texts[-2:] == ["1. Los Estados deberían reunir datos.", "Los Estados deberían cooperar."]
    publish("compilation", "html", tmp_path / "c.html", "es", db)
    assert "<p>Los Estados deberían cooperar.</p>" in (tmp_path / "c.html").read_text("utf-8")
    publish("compilation", "md", tmp_path / "c.md", "es", db)
    assert (tmp_path / "c.md").read_text("utf-8").splitlines()[-1] == "Los Estados deberían cooperar."
    publish("index", "md", tmp_path / "i.md", "en", db)
    lines = (tmp_path / "i.md").read_text("utf-8").splitlines()
    assert "- **Meeting 9, no. 1** — Los Estados deberían reunir datos." in lines
    assert "- **Meeting 9** — Los Estados deberían cooperar." in lines


def test_recommendations_of_no_known_meeting_are_said_to_be_left_out_not_that_the_register_is_empty(db, tmp_path):
    unplaced = [Rec("1", "Los Estados partes deberían cooperar.", meeting=None, year=None)]
    store_document(build_document("draft.txt", unplaced, meeting=None, year=None, symbol=None))
    publish("index", "md", tmp_path / "i.md", "en", db)
    text = (tmp_path / "i.md").read_text("utf-8")
    assert "The register holds no recommendations yet" not in text
    left_out = "1 recommendation of the register has no meeting and is not listed here: set it with tipreg curate"
    assert left_out in text
    store_document(build_document("report9.txt", [REC_TEN]))
    publish("compilation", "docx", tmp_path / "c.docx", "es", db)
    paragraphs = docx_paragraphs(tmp_path / "c.docx")
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["I. Novena reunión (2019)", "A. Recomendaciones generales", "Resumen"]
    assert paragraphs[-1].text.startswith("1 recomendación del registro no tiene reunión y no figura aquí: asígnela")


@pytest.mark.parametrize(
    ("number", "english", "spanish"),
    [
        (9, "Ninth", "Novena"),
        (21, "21st", "21.ª"),
        (22, "22nd", "22.ª"),
        (23, "23rd", "23.ª"),
        (24, "24th", "24.ª"),
        (111, "111th", "111.ª"),
        (112, "112th", "112.ª"),
    ],
)
def test_a_meeting_past_the_twentieth_is_numbered_as_english_writes_it(number, english, spanish):
    assert ordinal(number, "en") == english
    assert ordinal(number, "es") == spanish


def test_html_marks_the_language_of_recommendations_worded_in_another_than_its_headings(db, tmp_path):
    """An English compilation of Spanish recommendations: screen readers and hyphenation read them as Spanish."""
    store_document(build_document("report9.txt", [REC_SUBITEMS]))
    for kind in ("compilation", "index"):
        publish(kind, "html", tmp_path / f"{kind}-en.html", "en", db)
        publish(kind, "html", tmp_path / f"{kind}-es.html", "es", db)
        english = (tmp_path / f"{kind}-en.html").read_text("utf-8")
        marked = english.split(' lang="es">')[1:]  # every mark, up to the next
        if kind == "compilation":  # the recommendation, its sub-items inside the mark
            assert len(marked) == 1 and marked[0].index("Se alienta a los") < marked[0].index("trabajo forzoso")
        else:  # under each of its sub-themes, the line of it on that sub-theme: Spanish words of its text
            assert marked and all(part.split("</span>")[0].split(" ", 1)[1] in REC_SUBITEMS.text for part in marked)
        assert 'lang="es"' not in (tmp_path / f"{kind}-es.html").read_text("utf-8").replace('<html lang="es">', "")
