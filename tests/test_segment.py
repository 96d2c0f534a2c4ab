"""Extraction on the five seed documents, checked against counts and passages read by hand."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tipreg.corpus import sample_files
from tipreg.model import Document, Provision, SubItem
from tipreg.pipeline import process_file, process_text
from tipreg.segment.language import detect_language
from tipreg.segment.meta import read_meta


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {path.name[:3]: process_file(path) for path in sample_files()}


def recommendations(doc: Document, meeting: int | None = None) -> list[Provision]:
    return [p for p in doc.provisions if p.kind == "recommendation" and (meeting is None or p.meeting == meeting)]


def find(doc: Document, meeting: int | None, number: str, kind: str = "recommendation") -> Provision:
    matches = [p for p in doc.provisions if p.kind == kind and p.meeting == meeting and p.number == number]
    assert len(matches) == 1, f"{len(matches)} provisions numbered {number} of meeting {meeting}"
    return matches[0]


def labels(items: list[SubItem]) -> list[str]:
    return [item.label for item in items]


def test_counts_per_meeting(docs):
    assert Counter(p.meeting for p in recommendations(docs["000"])) == {9: 39}
    assert Counter(p.meeting for p in recommendations(docs["001"])) == {11: 16}
    assert Counter(p.meeting for p in recommendations(docs["002"])) == {1: 23, 2: 58, 4: 46, 5: 44, 6: 22, 7: 2, 8: 2}
    assert recommendations(docs["003"]) == []
    kinds = Counter(p.kind for p in docs["004"].provisions)
    assert kinds == {"operative_paragraph": 26, "preambular_paragraph": 36}


def test_numbers_run_in_order(docs):
    assert [p.number for p in recommendations(docs["000"])] == [str(n) for n in range(1, 40)]
    assert [p.number for p in recommendations(docs["002"], 2)] == [str(n) for n in range(1, 59)]
    operative = [p.number for p in docs["004"].provisions if p.kind == "operative_paragraph"]
    assert operative == [str(n) for n in range(1, 27)]


def test_metadata(docs):
    report, ocr, compilation, paper, resolution = (docs[k].meta for k in ("000", "001", "002", "003", "004"))
    assert (report.type, report.language, report.date, report.meeting, report.year) == (
        "meeting_report",
        "es",
        "2019-09-25",
        9,
        2019,
    )
    assert report.title.startswith("Informe sobre la reunión del Grupo de Trabajo")
    # 001 has no masthead: "En su 11? reunioén, celebrada en Viena los dias 12 y 13 de octubre de 2021"
    assert (ocr.type, ocr.language, ocr.date, ocr.meeting, ocr.year) == ("meeting_report", "es", None, 11, 2021)
    assert (compilation.type, compilation.date) == ("compilation", "2019-08-07")
    assert "I. Primera reunión: Viena, 14 y 15 de abril de 2009" in compilation.headings
    # Prepared "para facilitar el debate en el cuarto período de sesiones": the 4th meeting, held in 2011.
    assert (paper.type, paper.meeting, paper.year) == ("background_paper", 4, 2011)
    assert (resolution.type, resolution.date) == ("resolution", "2019-10-10")
    assert resolution.title == "Medidas para mejorar la coordinación de la lucha contra la trata de personas"
    assert "II. Recomendaciones" in report.headings and "A. Recomendaciones generales" in report.headings


def test_headings_travel_with_recommendations(docs):
    assert find(docs["000"], 9, "1").heading == "A. Recomendaciones generales"
    assert find(docs["000"], 9, "19").heading.startswith("B. Recomendaciones relativas a las medidas de prevención")
    assert find(docs["000"], 9, "39").heading.startswith("C. Recomendaciones relativas al papel de los funcionarios")
    heading_b = find(docs["001"], 11, "10").heading
    assert heading_b.startswith("B. Recomendaciones sobre las medidas para fortalecer las")
    assert heading_b.endswith("a nivel nacional, regional e internacional")  # wrapped heading joined
    # the OCR'd report's headings are repaired like its text: "politicas de contratacion publica" as read
    assert heading_b.startswith(
        "B. Recomendaciones sobre las medidas para fortalecer las políticas de contratación pública"
    )
    assert find(docs["001"], 11, "1").heading.startswith(
        "A. Recomendaciones sobre las estrategias eficaces en relación"
    )
    assert "contratación pública" in " ".join(docs["001"].meta.headings)


def test_page_break_inside_a_recommendation_is_joined(docs):
    first = find(docs["000"], 9, "1")
    assert "medidas más estrictas de protección de testigos" in first.text
    raw = docs["000"].source.text
    assert raw[first.span[0] : first.span[1]].startswith("Recomendación 1")
    assert raw[first.span[0] : first.span[1]].rstrip().endswith("combatir la trata de personas.")


def test_deliberations_and_organisation_never_become_recommendations(docs):
    for doc in (docs["000"], docs["001"]):
        for provision in recommendations(doc):
            assert "oradores" not in provision.text
            assert "Resumen de las deliberaciones" not in provision.text
    last = find(docs["000"], 9, "39")
    assert last.text.endswith("los derechos de los trabajadores domésticos.") or last.text.endswith(".")
    assert "III." not in last.text


def test_inline_subitems_across_a_page_break(docs):
    rec17 = find(docs["000"], 9, "17")
    assert labels(rec17.subitems) == list("abcdefgh")
    assert rec17.subitems[0].text.startswith("estrategias eficaces para apoyar a las víctimas")
    assert rec17.subitems[5].text.startswith("posibles contribuciones de los medios de comunicación")
    assert rec17.subitems[7].text.startswith("inclusión de aportaciones del sector privado")
    assert rec17.text.startswith(
        "El Grupo de Trabajo debería dar prioridad a los siguientes temas en sus próximas reuniones:"
    )
    # "…internacional; y h) inclusión …": the conjunction is printed, so it stays, with the item before it
    assert rec17.subitems[6].text.endswith("a nivel nacional, regional e internacional; y")
    assert "regional e internacional; y h) inclusión de aportaciones" in rec17.text
    assert "regional e internacional; y h) inclusión de aportaciones" in rec17.text_original


def test_a_recommendation_heading_run_into_its_text_starts_the_recommendation():
    """Some HTML and DOCX conversions put "Recomendación N" and its text in one paragraph."""
    text = (
        "Informe del Grupo de Trabajo sobre la Trata de Personas\n\nII. Recomendaciones\n\n"
        "Recomendación 1 Los Estados partes deberían reforzar la cooperación internacional.\n\n"
        "Recomendación 2: Se alienta a los Estados partes a que: a) protejan a las víctimas; b) presten asistencia.\n\n"
        "III. Resumen de las deliberaciones\n\nVarios oradores señalaron la importancia de la cooperación.\n"
    )
    first, second = recommendations(process_text(text))
    assert (first.number, first.text) == ("1", "Los Estados partes deberían reforzar la cooperación internacional.")
    assert second.number == "2" and labels(second.subitems) == ["a", "b"]


def test_a_provision_that_swallowed_the_text_after_it_is_kept_with_a_warning():
    filler = "\n\n".join(["Un párrafo sin número que sigue al anterior, con texto de relleno."] * 400)
    text = (
        "Informe del Grupo de Trabajo sobre la Trata de Personas\n\nII. Recomendaciones\n\n"
        f"Recomendación 1\n\nLos Estados partes deberían cooperar.\n\n{filler}\n"
    )
    document = process_text(text)
    (rec,) = recommendations(document)
    assert len(rec.text) > 20_000
    assert document.source.warnings == [
        f"recommendation 1 is {len(rec.text):,} characters long: the text after it was probably read into it; "
        "check the document's structure"
    ]
    assert process_file(sample_files()[0]).source.warnings == []  # the family's provisions are far shorter


def test_an_inline_label_that_is_not_an_item_stays_as_printed():
    text = (
        "Informe del Grupo de Trabajo sobre la Trata de Personas\n\nII. Recomendaciones\n\n"
        "1. Los Estados partes deberían: a) reforzar la cooperación; y b) aplicar el artículo 6; (x) véase la nota.\n"
    )
    (rec,) = recommendations(process_text(text))
    assert labels(rec.subitems) == ["a", "b"]
    assert rec.subitems[1].text == "aplicar el artículo 6; (x) véase la nota."


def test_letters_and_romans_are_not_confused(docs):
    rec46 = find(docs["002"], 4, "46")
    assert labels(rec46.subitems) == list("abcdefghij")
    item_i, item_j = rec46.subitems[8], rec46.subitems[9]
    assert item_i.text.startswith("Al cumplir los requisitos estipulados en el artículo 6, párrafo 6")
    assert labels(item_i.subitems) == ["i", "ii", "iii"]
    assert item_i.subitems[0].text.startswith("disposiciones que permitan a las víctimas iniciar una acción civil")
    assert labels(item_j.subitems) == ["i", "ii", "iii", "iv", "v", "vi"]
    # In meeting 7, "i)" after "h)" is the ninth letter, not a roman numeral.
    rec7_1 = find(docs["002"], 7, "1")
    assert labels(rec7_1.subitems) == list("abcdefghij")
    assert all(not item.subitems for item in rec7_1.subitems)
    assert labels(find(docs["002"], 8, "1").subitems) == list("abcdefghijklmnopq")


def test_footnotes_are_notes_not_text(docs):
    compilation = docs["002"]
    rec7 = find(compilation, 1, "7")
    assert labels(rec7.subitems) == list("abcd")  # "d)" comes after two footnotes
    assert "Treaty Series" not in rec7.text
    assert any(n.text.startswith("Naciones Unidas, *Treaty Series*, vol. 2237") for n in compilation.clean.notes)
    rec2 = find(compilation, 1, "2")
    assert rec2.notes == ["1", "2"]
    assert "¹" not in rec2.text and "²" not in rec2.text
    op8 = find(docs["004"], None, "8", "operative_paragraph")
    assert "los Estados Miembros a que aporten contribuciones voluntarias a la Oficina" in op8.text
    assert "Resolución 64/293" not in op8.text  # note 16, printed after paragraph 8, is cited in paragraph 2
    assert find(docs["004"], None, "2", "operative_paragraph").notes == ["16"]


def test_bulleted_subitems(docs):
    rec5 = find(docs["002"], 1, "5")  # " - a) tipificar …"
    assert labels(rec5.subitems) == ["a", "b"]
    assert rec5.subitems[0].text == "tipificar como delito las conductas que faciliten y apoyen la trata de personas;"


def test_a_background_papers_numbered_paragraphs_are_kept_as_paragraphs(docs):
    """No recommendations, but its paragraphs are entries of their own kind, so they can be searched."""
    paper = docs["003"].provisions
    assert [(p.kind, p.number) for p in paper] == [("paragraph", str(n)) for n in range(1, 14)]
    assert {(p.meeting, p.year) for p in paper} == {(None, 2011)}  # prepared for meeting 4, adopted by none
    assert paper[0].text.startswith("En su decisión 4/4, la Conferencia de las Partes")
    assert "párrafo 2 del artículo 2 del reglamento de la Conferencia" in paper[0].text
    assert paper[4].heading == "II. Resumen de la labor realizada por el Grupo de trabajo"
    # a paragraph keeps the list that follows it, across the sub-headings of a list of topics
    assert "La indemnización a las víctimas de la trata de personas;" in paper[4].text
    assert paper[12].text.endswith("Cooperación entre los organismos encargados de hacer cumplir la ley (párr. 54).")


def test_resolution_paragraphs(docs):
    assert (docs["004"].meta.type, docs["004"].meta.date, docs["004"].meta.year) == ("resolution", "2019-10-10", 2019)
    resolution = docs["004"]
    preambular = [p for p in resolution.provisions if p.kind == "preambular_paragraph"]
    assert preambular[0].text.startswith("Reiterando su enérgica condena de la trata de personas")
    plan = next(p for p in preambular if p.text.startswith("Reafirmando que el Plan de Acción Mundial"))
    assert labels(plan.subitems) == list("abcdef")
    op1 = find(resolution, None, "1", "operative_paragraph")
    assert op1.text.startswith("Insta a los Estados Miembros que aún no lo hayan hecho")  # no "*Insta*" markup
    assert op1.year == 2019


def test_ocr_report_is_repaired_and_keeps_its_original(docs):
    ocr = docs["001"]
    assert "niños y niñas" in find(ocr, 11, "4").text
    assert "nifios y niflas" in find(ocr, 11, "4").text_original
    rec2 = find(ocr, 11, "2")
    assert labels(rec2.subitems) == list("abcd")
    assert "Convención" in rec2.subitems[2].text
    assert "información" in rec2.subitems[3].text
    assert "contratación" in find(ocr, 11, "10").text
    assert sum(p.repairs for p in recommendations(ocr)) > 50


def test_meta_of_blockless_text_is_unknown():
    meta = read_meta([], "")
    assert (meta.type, meta.language, meta.meeting) == ("unknown", None, None)


FAMILY = Path(__file__).parent / "fixtures" / "family"


def test_english_report_with_recommendation_headings():
    doc = process_file(FAMILY / "en_report_2019_excerpt.txt")
    assert (doc.meta.type, doc.meta.language, doc.meta.meeting, doc.meta.year) == ("meeting_report", "en", 9, 2019)
    recs = recommendations(doc)
    assert [p.number for p in recs] == ["1", "2", "3", "4", "5", "6"]
    assert all(p.meeting == 9 for p in recs)
    assert labels(find(doc, 9, "4").subitems) == ["a", "b", "c"]
    rec6 = find(doc, 9, "6")
    assert rec6.text.startswith("States parties should: (a) Encourage businesses to conduct due diligence")
    assert rec6.heading == "B. Recommendations on crime prevention measures relating to trafficking in persons"
    assert not any("speakers" in p.text for p in recs)


def test_english_compilation_with_numbered_paragraphs():
    doc = process_file(FAMILY / "en_compilation_excerpt.txt")
    assert doc.meta.type == "compilation"
    assert Counter((p.meeting, p.year) for p in recommendations(doc)) == {(1, 2009): 3, (2, 2010): 2}
    nested = find(doc, 2, "2").subitems
    assert labels(nested) == ["a", "b"] and labels(nested[1].subitems) == ["i", "ii"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Los Estados partes deberían proteger a las víctimas de la trata de personas y a sus familias.", "es"),
        ("States parties should protect the victims of trafficking in persons and their families.", "en"),
        ("Les États parties devraient protéger les victimes de la traite des personnes et leurs familles.", "fr"),
        ("Государствам-участникам следует защищать жертв торговли людьми и членов их семей.", "ru"),
        ("ينبغي للدول الأطراف أن تحمي ضحايا الاتجار بالأشخاص وأسرهم من أي أذى.", "ar"),
        ("缔约国应当保护人口贩运的被害人及其家庭成员免受进一步伤害和恐吓。缔约国应当保护人口贩运的被害人。", "zh"),
        ("Recomendación 1", None),  # too little text to tell
        ("1234 5678 9012 3456 7890 1234 5678 9012", None),  # no words at all
    ],
)
def test_the_language_is_told_by_script_then_by_function_words(text, language):
    assert detect_language(text) == language


def test_an_older_reports_page_numbers_and_footnote_rule_are_page_furniture():
    # pdftotext of a 2010 report: "2    V.10-50502" at a page's foot, the page number alone under the job
    # number on the last page, and the rule over the footnotes
    doc = process_file(FAMILY / "en_report_2010_pdftotext.txt")
    assert find(doc, 2, "5").text == (
        "States parties should ensure that victims of trafficking in persons have access to legal assistance, "
        "including assistance with claims for compensation, and to psychological, medical and social assistance, "
        "in a language they understand, and that such assistance is not made conditional on their cooperation "
        "with the authorities."
    )
    assert "_" not in find(doc, 2, "4").text
    assert [b.text for b in doc.clean.blocks][-1] == (
        "7. Many speakers highlighted the importance of a victim-centred approach."
    )


def test_a_plain_footnote_call_after_the_punctuation_is_a_note():
    # English documents put the call after the full stop ("acts.1"); pdftotext prints it as a plain digit
    doc = process_file(FAMILY / "en_report_2010_pdftotext.txt")
    assert [(n.label, n.text) for n in doc.clean.notes] == [
        ("1", "See General Assembly resolution 55/25, annex II, art. 6.")
    ]
    rec3 = find(doc, 2, "3")
    assert rec3.notes == ["1"]
    assert rec3.subitems[1].text.endswith("or where they were compelled to commit such unlawful acts.")
    assert find(doc, 2, "4").text == (
        "States parties should consider, inter alia: (i) Developing specialized units within law enforcement "
        "agencies; (ii) Providing specialized training to law enforcement, border control, prosecution and "
        "judicial authorities."
    )


def test_an_ocr_l_for_one_in_a_paragraph_number_is_read_as_the_number():
    text = (
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena del 6 al 8\n"
        "de noviembre de 2013\n\n"
        "I. Recomendaciones\n\n"
        "A. Recomendaciones generales\n\n"
        "l. Los Estados partes deberian considerar la posibilidad de ratificar el Protocolo contra\n"
        "la trata de personas.\n\n"
        "9. La Secretaria deberia prestar asistencia tecnica a los Estados que la soliciten, con\n"
        "los recursos disponibles.\n"
        "l0. Los Estados partes deberian recopilar datos.\n"
        "ll. Los Estados partes deberian capacitar a los jueces.\n\n"
        "II. Resumen de las deliberaciones\n\n"
        "l2. Muchos oradores destacaron la importancia de la cooperacion.\n"
    )
    doc = process_text(text)
    recs = recommendations(doc)
    assert [(p.number, p.heading) for p in recs] == [
        ("1", "A. Recomendaciones generales"),
        ("9", "A. Recomendaciones generales"),
        ("10", "A. Recomendaciones generales"),
        ("11", "A. Recomendaciones generales"),
    ]
    assert recs[0].text_original == (
        "Los Estados partes deberian considerar la posibilidad de ratificar el Protocolo contra la trata de personas."
    )
    assert recs[1].text_original == (
        "La Secretaria deberia prestar asistencia tecnica a los Estados que la soliciten, con los recursos disponibles."
    )
    assert text[slice(*recs[3].span)] == "ll. Los Estados partes deberian capacitar a los jueces."


def test_an_adopted_resolution_ends_at_its_plenary_meeting_line():
    text = (
        "United Nations A/RES/64/293\n\nGeneral Assembly\n\nDistr.: General\n12 August 2010\n\n"
        "Sixty-fourth session\nAgenda item 104\n\n"
        "64/293. United Nations Global Plan of Action to Combat Trafficking in Persons\n\n"
        "The General Assembly,\n\n"
        "Reaffirming its commitment to the Protocol to Prevent, Suppress and Punish Trafficking in Persons,\n\n"
        "1. Adopts the United Nations Global Plan of Action to Combat Trafficking in Persons, as\n"
        "contained in the annex to the present resolution;\n\n"
        "2. Requests the Secretary-General to report on the implementation of the present resolution.\n\n"
        "109th plenary meeting\n30 July 2010\n\n"
        "Annex\n\nUnited Nations Global Plan of Action to Combat Trafficking in Persons\n\n"
        "1. Member States reaffirm their commitment to end the heinous crime of trafficking in persons.\n"
    )
    doc = process_text(text)
    # the masthead's first line sets the symbol beside the emblem's words
    assert (doc.meta.symbol, doc.meta.title) == (
        "A/RES/64/293",
        "64/293. United Nations Global Plan of Action to Combat Trafficking in Persons",
    )
    operative = [p for p in doc.provisions if p.kind == "operative_paragraph"]
    assert [p.number for p in operative] == ["1", "2"]
    assert operative[1].text == (
        "Requests the Secretary-General to report on the implementation of the present resolution."
    )


def test_the_title_of_a_report_whose_masthead_wraps_in_a_narrow_column():
    doc = process_file(FAMILY / "en_report_2010_pdftotext.txt")
    meta = doc.meta
    assert (meta.type, meta.language, meta.date, meta.meeting, meta.year, meta.symbol) == (
        "meeting_report",
        "en",
        "2010-02-17",
        2,
        2010,
        "CTOC/COP/WG.4/2010/6",
    )
    assert meta.title == (
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 27 and 28 January 2010"
    )


def test_a_line_end_hyphen_of_an_english_compound_is_kept_and_a_broken_word_is_mended():
    text = (
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 27 and 28 January 2010\n\n"
        "II. Recommendations\n\n"
        "3. States parties should ensure the non-punishment and non-\n"
        "prosecution of trafficked persons, take a victim-\n"
        "centred approach, provide legal assist-\n"
        "ance and ask the Secretary-\n"
        "General to report on the follow-\n"
        "up given to the recommendations.\n\n"
        "4. The follow-up to the recommendations should be reported.\n\n"
        "III. Summary of deliberations\n\n"
        "5. Many speakers spoke.\n"
    )
    doc = process_text(text)
    assert find(doc, 2, "3").text == (
        "States parties should ensure the non-punishment and non-prosecution of trafficked persons, take a "
        "victim-centred approach, provide legal assistance and ask the Secretary-General to report on the "
        "follow-up given to the recommendations."
    )


def test_a_document_symbol_broken_at_a_lines_end_is_one_symbol_again():
    """Typesetters break a symbol after a slash or a body's dot; a sentence ending in a symbol stays apart."""
    text = (
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 27 and 28 January 2010\n\n"
        "II. Recommendations\n\n"
        "3. States parties should implement the recommendations of the report of its first meeting (CTOC/COP/WG.\n"
        "4/2009/2), those of its second (CTOC/COP/\n"
        "WG.4/2010/6) and resolution A/RES/64/293.\n"
        "They should report on them.\n\n"
        "III. Summary of deliberations\n\n"
        "5. Many speakers spoke.\n"
    )
    doc = process_text(text)
    assert find(doc, 2, "3").text == (
        "States parties should implement the recommendations of the report of its first meeting "
        "(CTOC/COP/WG.4/2009/2), those of its second (CTOC/COP/WG.4/2010/6) and resolution A/RES/64/293. "
        "They should report on them."
    )


def test_an_ocr_l_for_one_in_a_recommendation_heading_is_read_as_the_number(docs):
    # 001 as another scan reads its headings: "Recomendacion l", "Recomendacion l0", "Recomendacion ll"
    text = docs["001"].source.text
    for printed, misread in (("1", "l"), ("10", "l0"), ("11", "ll")):
        text = text.replace(f"\nRecomendacion {printed}\n", f"\nRecomendacion {misread}\n", 1)
    doc = process_text(text)
    assert [p.number for p in recommendations(doc, 11)] == [str(n) for n in range(1, 17)]
    assert find(doc, 11, "10").text_original.startswith("Se alienta a los Estados partes a que trabajen con los")
    assert find(doc, 11, "11").text_original.startswith("Se alienta a los Estados partes a que consideren, cuando")


def test_english_preambular_paragraphs_without_blank_lines_between_them():
    text = (
        "General Assembly\nDistr.: General\n26 March 2010\nThe General Assembly,\n"
        "Recalling its resolution 63/194 of 18 December 2008 and all previous resolutions on\n"
        "trafficking in women and girls and on measures to improve coordination,\n"
        "Taking into account the entry into force of the Protocol to Prevent, Suppress and\n"
        "Punish Trafficking in Persons, Especially Women and Children, on 25 December 2003,\n"
        "Having considered the report of the Secretary-General on the implementation of the\n"
        "Global Plan of Action and the activities of the Inter-Agency Coordination Group,\n"
        "Gravely concerned at the increasing number of women and children trafficked for the\n"
        "purpose of sexual exploitation, forced labour and the removal of organs,\n"
        "Guided by the purposes and principles of the Charter of the United Nations and the\n"
        "Universal Declaration of Human Rights, and reaffirming its commitment to them,\n"
        "1. Urges Member States to ratify the Protocol;\n"
    )
    doc = process_text(text)
    preambular = [p.text for p in doc.provisions if p.kind == "preambular_paragraph"]
    assert [" ".join(p.split()[:2]) for p in preambular] == [
        "Recalling its",
        "Taking into",
        "Having considered",
        "Gravely concerned",
        "Guided by",
    ]
    assert preambular[1] == (
        "Taking into account the entry into force of the Protocol to Prevent, Suppress and Punish Trafficking in "
        "Persons, Especially Women and Children, on 25 December 2003,"
    )


@pytest.mark.parametrize(
    ("recommendations_heading", "deliberations_heading"),
    [
        ("Il. Recomendaciones", "IIl. Resumen de las deliberaciones"),
        ("1I. Recomendaciones", "TI. Resumen de las deliberaciones"),
        ("II. Recomendaciones", "TI. Organización de la reunión"),
    ],
)
def test_section_numerals_misread_by_ocr_still_open_and_close_the_recommendations(
    recommendations_heading, deliberations_heading
):
    # Tesseract reads a serif "II." as "Il." or "1I." and "III." as "IIl." or "TI."
    text = (
        "Informe sobre la reunion del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena del 6 al 8 de\n"
        "noviembre de 2013\n\n"
        f"{recommendations_heading}\n\n"
        "1. Los Estados partes deberian reforzar la cooperacion internacional.\n\n"
        "2. La Secretaria deberia prestar asistencia tecnica.\n\n"
        f"{deliberations_heading}\n\n"
        "3. Muchos oradores destacaron la importancia de la cooperacion.\n"
    )
    doc = process_text(text)
    assert [(p.number, p.text_original) for p in recommendations(doc)] == [
        ("1", "Los Estados partes deberian reforzar la cooperacion internacional."),
        ("2", "La Secretaria deberia prestar asistencia tecnica."),
    ]


@pytest.mark.parametrize(
    "report",
    [
        "Report on the meeting of the Working Group on Trafficking in Persons\n\nI. Introduction\n\n"
        "1. The Working Group held its first meeting in Vienna on 14 and 15 April 2009.\n\n"
        "IV. Organization of the meeting\n\n"
        "2. The Working Group on Trafficking in Persons held its twelfth meeting in Vienna from 3 to 5 July 2023.\n",
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas\n\nI. Introducción\n\n"
        "1. El Grupo de Trabajo celebró su primera reunión en Viena los días 14 y 15 de abril de 2009.\n\n"
        "IV. Organización de la reunión\n\n"
        "2. El Grupo de Trabajo sobre la Trata de Personas celebró su 12ª reunión en Viena del 3 al 5 de julio de "
        "2023.\n",
    ],
)
def test_a_report_that_says_it_held_its_meeting_names_its_meeting_and_year(report):
    # a meeting after the calendar's last (2021), so only the body can tell it; the introduction recalls the first
    meta = process_text(report).meta
    assert (meta.type, meta.meeting, meta.year) == ("meeting_report", 12, 2023)


def test_an_english_paragraph_introducing_the_recommendations_below_is_not_one():
    text = (
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 27 and 28 January 2010\n\n"
        "II. Recommendations adopted by the Working Group\n\n"
        "2. At its meeting held in Vienna on 27 and 28 January 2010, the Working Group adopted the recommendations\n"
        "set out below.\n\n"
        "3. States parties should establish appropriate procedures for identifying victims.\n\n"
        "III. Summary of deliberations\n\n"
        "4. Many speakers highlighted the importance of cooperation.\n"
    )
    assert [p.number for p in recommendations(process_text(text))] == ["3"]


@pytest.mark.parametrize(
    ("masthead", "date"),
    [
        (
            "Conference of the Parties to the                  Distr.: General\n"
            "United Nations Convention against                 17 February 2010\n"
            "Transnational Organized Crime\n"
            "                                                  Original: English\n",
            "2010-02-17",
        ),
        (
            "Conferencia de las Partes en la                   Distr. general\n"
            "Convención de las Naciones Unidas                 27 de noviembre de 2013\n"
            "contra la Delincuencia Organizada\n"
            "Transnacional                                     Español\n"
            "                                                  Original: inglés\n",
            "2013-11-27",
        ),
    ],
)
def test_the_date_of_issue_in_a_masthead_laid_out_in_two_columns(masthead, date):
    # pdftotext -layout keeps the masthead's columns side by side
    text = f"{masthead}\nReport of the Working Group on Trafficking in Persons\n\nI. Introduction\n\n1. Text.\n"
    assert process_text(text).meta.date == date


def test_a_numbered_paragraph_named_like_a_report_section_stays_a_paragraph():
    # the agenda an annotated paper lists: "11. Aprobación del informe" is its item 11, not a section
    text = (
        "Documento de antecedentes preparado por la Secretaría\n\n"
        "9. El Grupo de Trabajo examinará los temas siguientes del programa.\n\n"
        "10. Otros asuntos\n\n"
        "11. Aprobación del informe\n"
    )
    doc = process_text(text)
    assert doc.meta.type == "background_paper"
    assert [(p.kind, p.number) for p in doc.provisions] == [
        ("paragraph", "9"),
        ("paragraph", "10"),
        ("paragraph", "11"),
    ]


@pytest.mark.parametrize(
    ("heading", "foot"),
    [
        ("Resolution adopted by the General Assembly on 18 December 2009", "65th plenary meeting\n18 December 2009"),
        (
            "64/178. Improving the coordination of efforts against trafficking in persons",
            "65th plenary meeting\n18 December 2009",
        ),
        ("Resolution adopted by the General Assembly on 18 December 2009", ""),
    ],
)
def test_an_adopted_resolution_is_of_the_year_it_was_adopted_not_issued(heading, foot):
    """A/RES/64/178 was adopted on 18 December 2009 and issued in March 2010: its paragraphs are of 2009."""
    text = (
        "United Nations A/RES/64/178\n\nGeneral Assembly\n\nDistr.: General\n10 March 2010\n\n"
        f"Sixty-fourth session\nAgenda item 104\n\n{heading}\n\nThe General Assembly,\n\n"
        "Reaffirming its commitment to the Protocol,\n\n1. Urges Member States to ratify the Protocol;\n\n"
        f"2. Requests the Secretary-General to report.\n\n{foot}\n"
    )
    doc = process_text(text)
    assert (doc.meta.date, doc.meta.year) == ("2010-03-10", 2009)
    assert {p.year for p in doc.provisions} == {2009}


def test_a_draft_resolution_is_of_the_year_it_was_issued():
    text = (
        "United Nations A/C.3/74/L.8\n\nGeneral Assembly\n\nDistr.: Limited\n10 October 2019\n\n"
        "Seventy-fourth session\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n"
        "1. Urges Member States to ratify the Protocol;\n"
    )
    assert process_text(text).meta.year == 2019


def test_a_plain_note_call_the_layout_takes_a_note_for_is_the_one_taken_out_of_the_text():
    # one rule (layout.GLUED_NOTE_CALL) finds the calls whose notes the layout sets aside and the calls the
    # segmenter takes out of the text: glued to a word, or after the punctuation that follows it ("»,2")
    text = (
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena del 6 al 8\n"
        "de noviembre de 2013\n\n"
        "I. Recomendaciones\n\n"
        "1. Los Estados partes deberían aplicar las recomendaciones1 del «Protocolo»,2 en particular el artículo 6\n"
        "y la decisión 5/2.\n\n"
        "2 Resolución 55/25 de la Asamblea General, anexo II.\n\n"
        "1 CTOC/COP/WG.4/2010/6, párr. 2.\n\n"
        "II. Resumen de las deliberaciones\n\n"
        "3. Varios oradores hablaron.\n"
    )
    doc = process_text(text)
    assert [(n.label, n.text) for n in doc.clean.notes] == [
        ("2", "Resolución 55/25 de la Asamblea General, anexo II."),
        ("1", "CTOC/COP/WG.4/2010/6, párr. 2."),
    ]
    assert [(p.text, p.notes) for p in doc.provisions] == [
        (
            "Los Estados partes deberían aplicar las recomendaciones del «Protocolo», en particular el artículo 6 y "
            "la decisión 5/2.",
            ["1", "2"],
        )
    ]


def test_a_line_end_hyphen_of_a_compound_the_lexicon_also_joins_is_kept():
    # "followup" and "nongovernmental" are words of the English lexicon (American usage), "co" is shorter than
    # any broken word's first part, and joined, "político" + "administrativo" would carry its accent where no
    # Spanish word does; the document prints none of them inside a line
    english = (
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 27 and 28 January 2010\n\n"
        "II. Recommendations\n\n"
        "3. States parties should report on the follow-\n"
        "up given to the recommendations, with the non-\n"
        "governmental organizations and the co-\n"
        "chairs of the regional networks, and ensure the well-\n"
        "being of victims and their protection against re-\n"
        "trafficking, while the Secretariat assists them.\n\n"
        "III. Summary of deliberations\n\n"
        "5. Many speakers spoke.\n"
    )
    spanish = (
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena del 6 al 8\n"
        "de noviembre de 2013\n\n"
        "I. Recomendaciones\n\n"
        "1. Los Estados partes deberían establecer un marco político-\n"
        "administrativo y jurídico-\n"
        "penal de protección, y aplicarlo económica-\n"
        "mente y jurídicamente con las políti-\n"
        "cas nacionales.\n\n"
        "II. Resumen de las deliberaciones\n\n"
        "3. Varios oradores hablaron.\n"
    )
    assert find(process_text(english), 2, "3").text == (
        "States parties should report on the follow-up given to the recommendations, with the non-governmental "
        "organizations and the co-chairs of the regional networks, and ensure the well-being of victims and their "
        "protection against re-trafficking, while the Secretariat assists them."
    )
    assert [p.text for p in process_text(spanish).provisions] == [
        "Los Estados partes deberían establecer un marco político-administrativo y jurídico-penal de protección, y "
        "aplicarlo económicamente y jurídicamente con las políticas nacionales."
    ]


def test_a_spanish_ordinal_printed_with_its_full_stop_is_read_as_the_number(docs):
    # "14.ª", "2.º" is the Academy's spelling (and the register's own publications print "21.ª reunión"): the
    # report's meeting, a compilation's section and a resolution's adoption line are read as "14ª" would be
    report = (
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena los días 2 y 3\n"
        "de mayo de 2026\n\n"
        "I. Introducción\n\n"
        "1. En su 14.ª reunión, celebrada en Viena los días 2 y 3 de mayo de 2026, el Grupo de Trabajo aprobó las\n"
        "recomendaciones siguientes.\n\n"
        "II. Recomendaciones\n\n"
        "2. Los Estados partes deberían ratificar el Protocolo.\n"
    )
    compilation = docs["002"].source.text.replace("VIII. Octava reunión:", "VIII. 8.ª reunión:")
    resolution = (
        "La Asamblea General,\n\n"
        "Recordando su resolución 64/293,\n\n"
        "1. Insta a los Estados Miembros a que ratifiquen el Protocolo;\n\n"
        "2. Decide seguir examinando la cuestión.\n\n"
        "50.ª sesión plenaria\n"
        "18 de diciembre de 2019\n\n"
        "Anexo\n\n"
        "1. Texto del anexo.\n"
    )
    assert [(p.meeting, p.year, p.number) for p in process_text(report).provisions] == [(14, 2026, "2")]
    assert Counter(p.meeting for p in recommendations(process_text(compilation), 8)) == {8: 2}
    assert [(p.kind, p.number, p.text) for p in process_text(resolution).provisions] == [
        ("preambular_paragraph", None, "Recordando su resolución 64/293,"),
        ("operative_paragraph", "1", "Insta a los Estados Miembros a que ratifiquen el Protocolo;"),
        ("operative_paragraph", "2", "Decide seguir examinando la cuestión."),
    ]
