"""The read stage against real files: PDFs (text layer and scanned), DOCX, HTML, text in many encodings."""

from __future__ import annotations

import codecs
import hashlib
import io
import random
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image, ImageFilter

from tipreg.model import ReadError
from tipreg.pipeline import process_file, process_text
from tipreg.read import SUPPORTED_SUFFIXES, collect_files, read_bytes, read_file

SAMPLE = Path(__file__).parents[1] / "src" / "tipreg" / "corpus" / "sample" / "000_e5ae3a1e0a1653f3.txt"
SEED = SAMPLE.read_text(encoding="utf-8")


def seed_paragraph(heading: str) -> str:
    """The text of a recommendation of seed 000 ("Recomendación 1"), joined over its page break."""
    match = re.search(rf"^{heading}\n\n(.+?)\n\nRecomendación", SEED, re.MULTILINE | re.DOTALL)
    assert match, heading
    return " ".join(match.group(1).split())


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def write_pdf_pages(path: Path, pages: list[str]) -> None:
    document = pymupdf.open()
    for text in pages:
        page = document.new_page(width=595, height=842)
        assert page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=11) >= 0
    document.save(path)


def scanned_png(text: str) -> bytes:
    """A page of text as a scanner would deliver it: pixels only, no text layer."""
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    assert page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=12) >= 0
    return page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY).tobytes("png")


def image_only_pdf(png: bytes, pages: int = 1) -> bytes:
    """A scan of `pages` pages, each showing the image (stored once: the file stays small however many)."""
    document = pymupdf.open()
    image = None
    for _ in range(pages):
        page = document.new_page(width=595, height=842)
        image = page.insert_image(page.rect, stream=png) if image is None else page.insert_image(page.rect, xref=image)
    return document.tobytes()


def long_scan(pages: int) -> bytes:
    """A small PDF of `pages` scanned pages of dense text: OCR takes seconds a page, minutes for the file."""
    return image_only_pdf(scanned_png(" ".join(SEED[3000:5000].split())), pages)


# --- PDF ---------------------------------------------------------------------------------------------


def test_pdf_text_layer_is_read_page_by_page_with_spans(tmp_path: Path) -> None:
    expected = [f"Recomendación {n}\n\n{seed_paragraph(f'Recomendación {n}')}" for n in (1, 2, 3)]
    write_pdf_pages(tmp_path / "informe.pdf", expected)

    result = read_file(tmp_path / "informe.pdf")

    assert (result.format, result.ocr, result.warnings, result.file) == ("pdf", False, [], "informe.pdf")
    assert len(result.pages) == 3
    for (start, end), text in zip(result.pages, expected, strict=True):
        page = result.text[start:end]
        assert page.startswith(text.split("\n")[0])
        assert " ".join(page.split()) == " ".join(text.split())  # the textbox wraps lines, words are intact
    assert [result.text[end:start] for (_, end), (start, _) in zip(result.pages, result.pages[1:], strict=False)] == [
        "\n\n",
        "\n\n",
    ]
    assert result.size == (tmp_path / "informe.pdf").stat().st_size


def test_pdf_margin_numbers_join_their_line_and_raised_digits_become_footnote_calls(tmp_path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 100), "1.", fontsize=11)  # Word prints the number and the text apart
    page.insert_text((108, 100), "En su decisión 4/4, la Conferencia de las Partes reconoció", fontsize=11)
    page.insert_text((108, 114), "que el Protocolo era el principal instrumento", fontsize=11)
    width = pymupdf.get_text_length("que el Protocolo era el principal instrumento", fontsize=11)
    page.insert_text((108 + width + 1, 110), "2", fontsize=7)
    document.save(tmp_path / "numbered.pdf")

    text = read_file(tmp_path / "numbered.pdf").text

    assert text == (
        "1. En su decisión 4/4, la Conferencia de las Partes reconoció\nque el Protocolo era el principal instrumento²"
    )


def test_a_pdf_notes_raised_number_at_the_start_of_its_line_is_the_notes_label(tmp_path: Path) -> None:
    # MuPDF flags a superscript against the text before it: the number that opens a note at the foot of the page,
    # set without a space ("¹Naciones Unidas …", as WeasyPrint and LaTeX set it), was read as "1Naciones", and the
    # note ran into the recommendation that goes on over the page
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    lines = [
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas",
        "I. Recomendaciones",
        "Recomendación 1",
        "Los Estados partes deberían ratificar el Protocolo",
    ]
    for number, line in enumerate(lines):
        page.insert_text((72, 100 + 28 * number), line, fontsize=11)
    call_at = 72 + pymupdf.get_text_length(lines[-1], fontsize=11) + 1
    page.insert_text((call_at, 100 + 28 * 3 - 4), "1", fontsize=7)
    page.insert_text((72, 200), "Recomendación 2", fontsize=11)
    page.insert_text((72, 750), "1", fontsize=6)
    page.insert_text(
        (72 + pymupdf.get_text_length("1", fontsize=6), 753), "Naciones Unidas, Treaty Series.", fontsize=9
    )
    page = document.new_page(width=595, height=842)
    page.insert_text((72, 100), "Los Estados partes deberían aplicar la Convención.", fontsize=11)
    document.save(tmp_path / "informe.pdf")

    doc = process_file(tmp_path / "informe.pdf")

    assert [(n.label, n.text) for n in doc.clean.notes] == [("¹", "Naciones Unidas, Treaty Series.")]
    assert [(p.number, p.text, p.notes) for p in doc.provisions] == [
        ("1", "Los Estados partes deberían ratificar el Protocolo", ["1"]),
        ("2", "Los Estados partes deberían aplicar la Convención.", []),
    ]


def test_a_pdf_footer_of_page_number_and_job_number_is_page_furniture(tmp_path: Path) -> None:
    # 2009-2015 reports print "2    V.10-50502" (even pages) and "V.10-50502    3" (odd) at the foot
    document = pymupdf.open()
    lines = [
        ["Report on the meeting of the Working Group on Trafficking in Persons", "", "II. Recommendations", "",
         "3. States parties should ensure that victims of trafficking in persons have access",
         "to legal assistance and to psychological, medical and social assistance, in a"],
        ["language they understand.", "", "4. States parties should consider developing specialized units."],
    ]  # fmt: skip
    for number, page_lines in enumerate(lines, start=1):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 60), "CTOC/COP/WG.4/2010/6", fontsize=9)
        for row, line in enumerate(page_lines):
            page.insert_text((72, 100 + 14 * row), line, fontsize=11)
        page.insert_text((72, 800), str(number), fontsize=9)
        page.insert_text((480, 800), "V.10-50502", fontsize=9)
    document.save(tmp_path / "report.pdf")

    doc = process_file(tmp_path / "report.pdf")

    assert [(p.number, p.text) for p in doc.provisions] == [
        ("3", "States parties should ensure that victims of trafficking in persons have access to legal assistance "
              "and to psychological, medical and social assistance, in a language they understand."),
        ("4", "States parties should consider developing specialized units."),
    ]  # fmt: skip
    assert doc.clean.notes == []  # "1 V.10-50502" is not the footnote "1"


@pytest.mark.parametrize(
    ("header", "pages"),
    [("Recomendaciones del Grupo de Trabajo", 2), ("Recopilación cronológica, edición de 2019", 3)],
    ids=["the title, on the second page", "recurring"],
)
def test_a_pdf_running_header_is_not_read_into_the_text_it_interrupts(tmp_path: Path, header: str, pages: int) -> None:
    """The line at the top of every page after the first (the publication's title, as WeasyPrint and LaTeX run it,
    written after the page's text) is the page's, not the recommendation going on over the page."""
    items = [
        "a) cooperar con los proveedores de servicios;",
        "b) proteger a los testigos;",
        "c) capacitar a los jueces.",
    ]
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page(width=595, height=842)
        lines = [items[number]]
        if number == 0:
            lines = ["Recomendaciones del Grupo de Trabajo", "", "I. Primera reunión: Viena, 14 y 15 de abril de 2009",
                     "", "1. Los Estados partes deberían:", *lines]  # fmt: skip
        if number == pages - 1:
            lines += [
                "",
                "II. Segunda reunión: Viena, 27 a 29 de enero de 2010",
                "",
                "1. La Secretaría debería actuar.",
            ]
        for row, line in enumerate(lines):
            page.insert_text((72, 100 + 14 * row), line, fontsize=11)
        if number:
            page.insert_text((200, 40), header, fontsize=8)  # after the text, as the file writes it
        page.insert_text((290, 800), str(number + 1), fontsize=9)
    document.save(tmp_path / "compilacion.pdf")

    doc = process_file(tmp_path / "compilacion.pdf")

    assert [(p.meeting, p.number, [item.text for item in p.subitems]) for p in doc.provisions] == [
        (1, "1", [item[3:] for item in items[:pages]]),
        (2, "1", []),
    ]
    assert doc.source.text.count("Recomendaciones del Grupo de Trabajo") == 1 and "Recopilación" not in doc.source.text


def test_a_pdf_title_in_a_larger_font_wraps_onto_its_next_line(tmp_path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    page.insert_text((72, 80), "Report on the meeting of the Working Group on", fontsize=15)
    page.insert_text((72, 98), "Trafficking in Persons held in Vienna from 9 to 11 September 2019", fontsize=15)
    body = [
        "I. Introduction",
        "1. In its decision 4/4, the Conference of the Parties to the United Nations Convention against Transnational",
        "Organized Crime decided to establish an open-ended interim working group on trafficking in persons, to be",
        "chaired by a member of the Bureau, to advise and assist the Conference in the implementation of its mandate.",
    ]
    for row, line in enumerate(body):
        page.insert_text((72, 130 + 12 * row), line, fontsize=8)
    document.save(tmp_path / "report.pdf")

    doc = process_file(tmp_path / "report.pdf")

    assert doc.meta.title == (
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna from 9 to 11 September 2019"
    )


def test_scanned_pdf_is_ocrd_with_tesseract(tmp_path: Path) -> None:
    paragraph = f"Recomendación 1\n\n{seed_paragraph('Recomendación 1')}"
    (tmp_path / "escaneado.pdf").write_bytes(image_only_pdf(scanned_png(paragraph)))

    result = read_file(tmp_path / "escaneado.pdf")

    assert result.ocr is True
    assert result.warnings == ["1 of 1 pages had no usable text layer and were OCR'd"]
    assert result.pages == [(0, len(result.text))]
    expected, found = words(paragraph), set(words(result.text))
    recovered = [word for word in expected if word in found]
    assert len(recovered) >= 0.9 * len(expected), sorted(set(expected) - found)
    assert {"recomendación", "víctimas", "multidisciplinaria"} <= found


def scanner_jpeg(text: str) -> bytes:
    """A page as an office scanner delivers it: 300 dpi, fed a little askew, specks of dust, soft
    focus and JPEG compression."""
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    assert page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=11, fontname="tiro") >= 0
    pixmap = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
    image = image.rotate(0.7, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    dust = random.Random(7)  # seeded: the same specks on every run
    for _ in range(30_000):
        image.putpixel((dust.randrange(image.width), dust.randrange(image.height)), dust.randrange(0, 120))
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    scan = io.BytesIO()
    image.save(scan, format="JPEG", quality=50, dpi=(300, 300))
    return scan.getvalue()


def test_a_skewed_noisy_jpeg_scan_gives_its_recommendations(tmp_path: Path) -> None:
    paragraphs = [f"Recomendación {n}\n\n{seed_paragraph(f'Recomendación {n}')}" for n in (1, 2)]
    document = pymupdf.open()
    document.new_page(width=595, height=842).insert_image(
        pymupdf.Rect(0, 0, 595, 842), stream=scanner_jpeg("\n\n".join(paragraphs))
    )
    document.save(tmp_path / "escaneo.pdf")

    scanned, typed = process_file(tmp_path / "escaneo.pdf"), process_text("\n\n".join(paragraphs))

    assert scanned.source.ocr is True
    assert [p.number for p in scanned.provisions] == [p.number for p in typed.provisions] == ["1", "2"]
    for got, want in zip(scanned.provisions, typed.provisions, strict=True):
        found, expected = set(words(got.text)), words(want.text)
        assert sum(word in found for word in expected) >= 0.95 * len(expected), sorted(set(expected) - found)
    assert "víctimas" in scanned.provisions[0].text and "multidisciplinaria" in scanned.provisions[0].text


def test_a_scan_too_long_to_read_in_the_time_limit_fails_soon_saying_how_far_it_got(tmp_path: Path) -> None:
    (tmp_path / "tomo.pdf").write_bytes(long_scan(60))  # about a minute of OCR on two cores
    started = time.monotonic()
    with pytest.raises(ReadError) as stopped:
        read_file(tmp_path / "tomo.pdf", max_seconds=2)
    assert time.monotonic() - started < 15  # the pages in hand end, no more are started
    assert str(stopped.value).startswith("tomo.pdf: stopped after 2 s of reading, the limit for one file (OCR'd ")
    assert re.search(r"OCR'd \d+ of 60 pages\): split it into smaller files", stopped.value.reason)


def test_a_pdf_of_many_pages_stops_reading_its_text_layer_at_the_time_limit(tmp_path: Path) -> None:
    write_pdf_pages(tmp_path / "informe.pdf", ["Recomendación 1", "Recomendación 2", "Recomendación 3"])
    with pytest.raises(ReadError, match=r"the limit for one file \(\d of 3 pages read\)"):
        read_file(tmp_path / "informe.pdf", max_seconds=1e-9)


def test_pdf_with_one_scanned_page_ocrs_only_that_page(tmp_path: Path) -> None:
    document = pymupdf.open()
    typed = document.new_page(width=595, height=842)
    typed.insert_textbox(pymupdf.Rect(72, 72, 523, 770), seed_paragraph("Recomendación 2"), fontsize=11)
    document.insert_pdf(pymupdf.open(stream=image_only_pdf(scanned_png("Recomendación 3")), filetype="pdf"))
    document.save(tmp_path / "mixto.pdf")

    result = read_file(tmp_path / "mixto.pdf")

    first, second = (result.text[start:end] for start, end in result.pages)
    assert " ".join(first.split()) == seed_paragraph("Recomendación 2")
    assert second == "Recomendación 3"
    assert result.warnings == ["1 of 2 pages had no usable text layer and were OCR'd"]


def test_pdf_text_layer_without_unicode_map_is_ocrd(tmp_path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    page.insert_font(fontname="F1", fontbuffer=pymupdf.Font("tiro").buffer)
    page.insert_text((72, 100), "Recomendación sobre la protección de las víctimas", fontsize=14, fontname="F1")
    for xref in range(1, document.xref_length()):  # what some PDF makers leave out: glyph ids only
        if document.xref_get_key(xref, "ToUnicode")[0] != "null":
            document.xref_set_key(xref, "ToUnicode", "null")
    document.save(tmp_path / "sin_unicode.pdf")

    result = read_file(tmp_path / "sin_unicode.pdf")

    assert (result.text, result.ocr) == ("Recomendación sobre la protección de las víctimas", True)


def test_reading_pdfs_does_not_load_pymupdfs_layout_model(tmp_path: Path) -> None:
    """PyMuPDF would import its ONNX layout analyser (a second and 50 MB per process) that tipreg never uses."""
    write_pdf_pages(tmp_path / "informe.pdf", ["Recomendación 9"])
    script = (
        "import sys; from tipreg.read import read_file; "
        f"assert read_file({str(tmp_path / 'informe.pdf')!r}).text == 'Recomendación 9'; "
        "print(sorted(name for name in ('pymupdf.layout', 'onnxruntime') if sys.modules.get(name)))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_damaged_but_complete_pdf_is_repaired_with_a_warning(tmp_path: Path) -> None:
    write_pdf_pages(tmp_path / "full.pdf", ["Recomendación 8"])
    data = (tmp_path / "full.pdf").read_bytes()
    broken = re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)  # the index points nowhere

    result = read_bytes(broken, "reparado.pdf")

    assert result.text == "Recomendación 8"
    assert result.warnings == ["the PDF was damaged and has been repaired; check that no text is missing"]


def test_missing_tesseract_or_language_names_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "escaneado.pdf").write_bytes(image_only_pdf(scanned_png("Recomendación 1")))

    with pytest.raises(ReadError) as no_engine:
        read_file(tmp_path / "escaneado.pdf", tesseract_cmd=str(tmp_path / "no-tesseract"))
    with pytest.raises(ReadError) as no_language:
        read_file(tmp_path / "escaneado.pdf", ocr_languages="spa+zzz")

    assert "Tesseract is not installed" in no_engine.value.reason
    assert no_engine.value.reason.endswith("apt-get install tesseract-ocr tesseract-ocr-spa tesseract-ocr-eng")
    assert no_language.value.reason.endswith("no language data for zzz; install it: apt-get install tesseract-ocr-zzz")


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Confidencial")
    document.save(tmp_path / "secreto.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")

    with pytest.raises(ReadError, match="password-protected"):
        read_file(tmp_path / "secreto.pdf")


def test_truncated_and_fake_pdfs_are_damaged(tmp_path: Path) -> None:
    write_pdf_pages(tmp_path / "full.pdf", [seed_paragraph("Recomendación 1")] * 3)
    data = (tmp_path / "full.pdf").read_bytes()

    with pytest.raises(ReadError) as truncated:
        read_bytes(data[: len(data) // 2], "cortado.pdf")
    with pytest.raises(ReadError) as fake:
        read_bytes(b"Esto no es un PDF.\n", "falso.pdf")

    assert truncated.value.reason.startswith("damaged or truncated PDF: the file ends early")
    assert fake.value.reason.startswith("damaged or truncated PDF: no %PDF header")


def test_a_docx_that_unpacks_to_too_much_xml_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """A ZIP bomb: a file of a few hundred KB whose document.xml unpacks to 65 MB of paragraphs (gigabytes parsed)."""
    small = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Recomendación 1")
    document.save(small)
    paragraphs = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30_000
    with zipfile.ZipFile(small) as package, zipfile.ZipFile(tmp_path / "bomba.docx", "w", zipfile.ZIP_DEFLATED) as out:
        for name in package.namelist():
            xml = package.read(name)
            if name != "word/document.xml":
                out.writestr(name, xml)
                continue
            head, tail = xml.split(b"<w:body>")
            with out.open(name, "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                for _ in range(65 * 2**20 // len(paragraphs) + 1):
                    part.write(paragraphs)
                part.write(tail)
    assert (tmp_path / "bomba.docx").stat().st_size < 2**20

    with pytest.raises(ReadError, match=r"the DOCX unpacks to 6[56] MB of XML, over the 64 MB limit") as refused:
        read_file(tmp_path / "bomba.docx")
    assert "ZIP bomb" in refused.value.reason


def test_a_text_too_long_to_process_is_refused_with_its_length(tmp_path: Path) -> None:
    paragraph = "Los Estados partes deberían proteger a las víctimas de la trata de personas.\n\n"
    (tmp_path / "enorme.txt").write_text(paragraph * (10_000_000 // len(paragraph) + 1), encoding="utf-8")

    with pytest.raises(ReadError, match=r"10\.0 million characters of text, over the 10 million limit"):
        read_file(tmp_path / "enorme.txt")


def test_a_damaged_image_says_so_in_words(tmp_path: Path) -> None:
    png = scanned_png("Recomendación 1")
    with pytest.raises(ReadError) as damaged:
        read_bytes(png[:8] + b"\x00" * 64, "escaneo.png")
    assert damaged.value.reason == "damaged or truncated image: no image format could read it"


# --- DOCX --------------------------------------------------------------------------------------------

_LEVELS = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3)"))


def _add_list_definitions(document: docx.document.Document) -> None:
    """An outline list like the UN's (1. / a) / i)) and three instances of it: 90, 91 restarting, 92."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS)
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    for num_id, override in (
        ("90", ""),
        ("91", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
        ("92", ""),
    ):
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>{override}</w:num>')
        )


def _numbered(document: docx.document.Document, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    number = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    paragraph._p.get_or_add_pPr().append(parse_xml(number))


def _add_footnote(document: docx.document.Document, paragraph_text: str, note: str, kind: str = "footnote") -> None:
    """python-docx cannot write footnotes (or endnotes, `kind`): add the part and a call by hand, with Word's odd ids."""
    xml = (
        f"<w:{kind}s {nsdecls('w')}>"
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:id="7"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r>'
        f"</w:p></w:{kind}></w:{kind}s>"
    )
    content_type, relationship = {
        "footnote": (CONTENT_TYPE.WML_FOOTNOTES, RELATIONSHIP_TYPE.FOOTNOTES),
        "endnote": (CONTENT_TYPE.WML_ENDNOTES, RELATIONSHIP_TYPE.ENDNOTES),
    }[kind]
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, relationship)
    paragraph = document.add_paragraph(paragraph_text)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:{kind}Reference w:id="7"/></w:r>'))


def test_docx_renders_automatic_numbering_tables_and_footnotes(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list_definitions(document)
    document.add_heading("II. Recomendaciones", level=1)
    _numbered(document, "Los Estados partes deberían:", "90", 0)
    _numbered(document, "cooperar con los proveedores de servicios;", "90", 1)
    _numbered(document, "proteger a los testigos:", "90", 1)
    _numbered(document, "durante los juicios;", "90", 2)
    _numbered(document, "después de los juicios;", "90", 2)
    _numbered(document, "capacitar a los jueces.", "90", 1)
    _numbered(document, "", "90", 0)  # an empty numbered paragraph still takes number 2
    _numbered(document, "La Secretaría debería prestar asistencia:", "90", 0)
    _numbered(document, "a los Estados.", "90", 1)
    _numbered(document, "Una lista reiniciada.", "91", 0)
    _numbered(document, "Otra instancia de la misma lista continúa.", "92", 0)
    document.add_paragraph("Primera", style="List Number")  # numbered through its style
    document.add_paragraph("Segunda", style="List Number")
    document.add_paragraph("Viñeta", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Reunión", "Año"), ("Novena", "2019")), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    _add_footnote(document, "Protocolo contra la Trata de Personas", "Naciones Unidas, Treaty Series, vol. 2237.")
    document.save(tmp_path / "recomendaciones.docx")

    result = read_file(tmp_path / "recomendaciones.docx")

    assert result.format == "docx"
    assert result.text.split("\n\n") == [
        "II. Recomendaciones",
        "1. Los Estados partes deberían:",
        "a) cooperar con los proveedores de servicios;",
        "b) proteger a los testigos:",
        "i) durante los juicios;",
        "ii) después de los juicios;",
        "c) capacitar a los jueces.",
        "3. La Secretaría debería prestar asistencia:",
        "a) a los Estados.",
        "1. Una lista reiniciada.",
        "2. Otra instancia de la misma lista continúa.",
        "1. Primera",
        "2. Segunda",
        "- Viñeta",
        "Reunión | Año",
        "Novena | 2019",
        "Protocolo contra la Trata de Personas¹",
        "¹ Naciones Unidas, Treaty Series, vol. 2237.",
    ]


def test_docx_endnotes_are_read_as_notes_numbered_with_the_footnotes(tmp_path: Path) -> None:
    # UN Word files set the notes of a report as endnotes as often as footnotes; both carry id 7 here, as Word's
    # two parts number their notes apart
    document = docx.Document()
    document.add_paragraph("Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas")
    document.add_paragraph("I. Recomendaciones")
    _add_footnote(document, "1. Los Estados partes deberían ratificar el Protocolo", "Resolución 55/25.", "endnote")
    _add_footnote(document, "2. Los Estados partes deberían aplicar la Convención", "Resolución 55/25, anexo I.")
    document.add_paragraph("II. Resumen de las deliberaciones")
    document.save(tmp_path / "informe.docx")

    doc = process_file(tmp_path / "informe.docx")

    assert doc.source.text.split("\n\n")[2:4] == [
        "1. Los Estados partes deberían ratificar el Protocolo¹",
        "2. Los Estados partes deberían aplicar la Convención²",
    ]
    assert [(n.label, n.text) for n in doc.clean.notes] == [
        ("¹", "Resolución 55/25."),
        ("²", "Resolución 55/25, anexo I."),
    ]
    assert [(p.text, p.notes) for p in doc.provisions] == [
        ("Los Estados partes deberían ratificar el Protocolo", ["1"]),
        ("Los Estados partes deberían aplicar la Convención", ["2"]),
    ]


def test_the_tab_word_types_after_a_headings_number_is_a_space(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list_definitions(document)
    document.add_paragraph("Report on the meeting of the Working Group on Trafficking in Persons held in Vienna")
    document.add_paragraph("II.\tRecommendations adopted by the Working Group")
    document.add_paragraph("A.\tNon-punishment of trafficked persons")
    _numbered(document, "States parties should establish procedures for identifying victims.", "90", 0)
    document.add_paragraph("III.\tSummary of deliberations")
    document.save(tmp_path / "report.docx")

    doc = process_file(tmp_path / "report.docx")

    assert doc.meta.headings == [
        "II. Recommendations adopted by the Working Group",
        "A. Non-punishment of trafficked persons",
        "III. Summary of deliberations",
    ]
    assert [(p.number, p.heading) for p in doc.provisions] == [("1", "A. Non-punishment of trafficked persons")]


def test_recommendations_laid_out_in_a_docx_table_are_extracted(tmp_path: Path) -> None:
    """A report that sets "Recomendación N" and its text in the two cells of a table row."""
    document = docx.Document()
    document.add_paragraph(
        "Informe de la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena del 3 al 5 de "
        "julio de 2023"
    )
    document.add_heading("II. Recomendaciones", level=1)
    table = document.add_table(rows=2, cols=2)
    rows = (
        ("Recomendación 1", "Los Estados partes deberían reforzar la cooperación internacional."),
        ("Recomendación 2", "Se alienta a los Estados partes a que protejan a las víctimas."),
    )
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_heading("III. Resumen de las deliberaciones", level=1)
    document.add_paragraph("Varios oradores señalaron la importancia de la cooperación.")
    document.save(tmp_path / "tabla.docx")

    extracted = process_file(tmp_path / "tabla.docx")

    assert [(p.number, p.text) for p in extracted.provisions] == [
        (number, text) for (_, text), number in zip(rows, "12", strict=True)
    ]
    assert extracted.source.warnings == []


def test_paragraph_numbers_and_item_labels_in_cells_of_their_own_are_not_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Report on the meeting of the Working Group on Trafficking in Persons held in Vienna")
    document.add_paragraph("II. Recommendations")
    rows = (
        ("3.", "States parties should:"),
        ("(a)", "Establish procedures for identifying victims;"),
        ("(b)", "Train law enforcement officials."),
        ("4.", "The Secretariat should develop tools."),
    )
    table = document.add_table(rows=len(rows), cols=2)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("III. Summary of deliberations")
    document.save(tmp_path / "table.docx")

    doc = process_file(tmp_path / "table.docx")

    assert [(p.number, p.text) for p in doc.provisions] == [
        ("3", "States parties should: (a) Establish procedures for identifying victims; (b) Train law enforcement "
              "officials."),
        ("4", "The Secretariat should develop tools."),
    ]  # fmt: skip
    assert [item.text for item in doc.provisions[0].subitems] == [
        "Establish procedures for identifying victims;",
        "Train law enforcement officials.",
    ]


def test_the_masthead_in_a_docx_first_page_header_gives_symbol_and_date(tmp_path: Path) -> None:
    # UN templates set the masthead in a table in the first page's header, the symbol in the running header
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    masthead = section.first_page_header.add_table(rows=2, cols=2, width=docx.shared.Inches(6))
    masthead.cell(0, 0).text = "United Nations"
    masthead.cell(0, 1).text = "CTOC/COP/WG.4/2010/6"
    masthead.cell(1, 0).text = "Conference of the Parties to the United Nations Convention against Transnational Crime"
    masthead.cell(1, 1).text = "Distr.: General"
    masthead.cell(1, 1).add_paragraph("17 February 2010")
    section.header.paragraphs[0].text = "CTOC/COP/WG.4/2010/6"
    section.first_page_footer.paragraphs[0].text = "V.10-50502 (E)"
    document.add_paragraph("Report on the meeting of the Working Group on Trafficking in Persons")
    document.add_paragraph("II. Recommendations")
    document.add_paragraph("3. States parties should establish procedures for identifying victims.")
    document.add_paragraph("III. Summary of deliberations")
    document.save(tmp_path / "report.docx")

    doc = process_file(tmp_path / "report.docx")

    meta = doc.meta
    assert (meta.symbol, meta.date, meta.year, meta.title) == (
        "CTOC/COP/WG.4/2010/6",
        "2010-02-17",
        2010,
        "Report on the meeting of the Working Group on Trafficking in Persons",
    )
    assert "V.10-50502" not in doc.source.text
    assert [(p.number, p.year) for p in doc.provisions] == [("3", 2010)]


def test_truncated_docx_is_damaged(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(seed_paragraph("Recomendación 1"))
    buffer = io.BytesIO()
    document.save(buffer)

    with pytest.raises(ReadError) as truncated:
        read_bytes(buffer.getvalue()[:-2000], "cortado.docx")
    with pytest.raises(ReadError) as not_docx:
        read_bytes(b"Texto sin formato.\n", "falso.docx")

    assert truncated.value.reason.startswith("damaged or truncated DOCX:")
    assert not_docx.value.reason.startswith("damaged or truncated DOCX: not a ZIP package")


def test_a_zip_of_something_else_named_docx_says_what_it_is(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("recomendaciones.csv", "reunión,número\n9,1\n")
        package.writestr("LEEME.txt", "Exportado del registro.")
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")

    with pytest.raises(ReadError) as csv_archive:
        read_bytes(archive.getvalue(), "informe.docx")
    with pytest.raises(ReadError) as excel:
        read_bytes(workbook.getvalue(), "informe.docx")

    assert csv_archive.value.reason == "not a DOCX: a ZIP archive (it holds recomendaciones.csv, LEEME.txt)"
    assert excel.value.reason == "not a DOCX: an Excel workbook (it holds [Content_Types].xml, xl/workbook.xml)"


# --- HTML --------------------------------------------------------------------------------------------

_HTML = """<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Informe</title>
<style>p { color: red }</style><script>var recomendaciones = 0;</script></head>
<body><nav><a href="/">Inicio</a> | <a href="/es">Español</a></nav>
<h1>Recomendaciones</h1>
<p>El Grupo de Trabajo
   aprobó las siguientes<br>recomendaciones<sup>1</sup>:</p>
<ol start="3">
  <li>Los Estados partes deberían:
    <ol type="a">
      <li>cooperar con los proveedores de servicios;</li>
      <li><p>proteger a los testigos:</p>
        <ol type="i"><li>durante los juicios;</li><li>después de los juicios.</li></ol></li>
    </ol></li>
  <li>La Secretaría debería prestar asistencia.</li>
</ol>
<ul><li>Viñeta</li></ul>
<table><tr><th>Reunión</th><th>Año</th></tr><tr><td><p>Novena</p></td><td>2019</td></tr></table>
<!-- un comentario -->
</body></html>"""


def test_html_blocks_lists_and_declared_encoding(tmp_path: Path) -> None:
    (tmp_path / "informe.html").write_bytes(_HTML.encode("cp1252"))

    result = read_file(tmp_path / "informe.html")

    assert (result.format, result.encoding, result.warnings) == ("html", "cp1252", [])
    assert result.text.split("\n\n") == [
        "Recomendaciones",
        "El Grupo de Trabajo aprobó las siguientes\nrecomendaciones¹:",
        "3. Los Estados partes deberían:",
        "a) cooperar con los proveedores de servicios;",
        "b) proteger a los testigos:",
        "i) durante los juicios;",
        "ii) después de los juicios.",
        "4. La Secretaría debería prestar asistencia.",
        "- Viñeta",
        "Reunión | Año",
        "Novena | 2019",
    ]


def test_html_without_declaration_is_detected(tmp_path: Path) -> None:
    page = "<html><body><p>Protección de las víctimas de la trata de niños</p></body></html>"
    (tmp_path / "pagina.htm").write_bytes(page.encode("cp1252"))

    result = read_file(tmp_path / "pagina.htm")

    assert result.text == "Protección de las víctimas de la trata de niños"
    assert (result.encoding, result.warnings) == ("cp1252", ["decoded as cp1252 (not UTF-8)"])


_COMPILATION_PAGE = """<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><title>Recomendaciones</title></head><body>
<header><div class="breadcrumb">UNODC &gt; Tratados &gt; Grupo de Trabajo sobre la Trata de Personas</div></header>
{open}<p>Documento de antecedentes preparado por la Secretaría</p>
<h1>Recomendaciones aprobadas por el Grupo de Trabajo sobre la Trata de Personas</h1>
<h2>I. Primera reunión: Viena, 14 y 15 de abril de 2009</h2>
<ol><li>Los Estados partes deberían ratificar el Protocolo.</li></ol>
<h2>II. Segunda reunión: Viena, 27 a 29 de enero de 2010</h2>
<ol><li>Los Estados partes deberían proteger a las víctimas.</li></ol>{close}
<aside><p>Documentos relacionados: informes de las reuniones anteriores</p></aside>
<footer><p>© Naciones Unidas. Aviso de privacidad. Condiciones de uso.</p><ul><li>Contacto</li></ul></footer>
</body></html>"""


@pytest.mark.parametrize(("open_tag", "close_tag"), [("<main>", "</main>"), ("<div>", "</div>")])
def test_a_web_pages_own_header_footer_and_sidebar_are_not_the_document(
    tmp_path: Path, open_tag: str, close_tag: str
) -> None:
    page = _COMPILATION_PAGE.format(open=open_tag, close=close_tag)
    (tmp_path / "compilacion.html").write_text(page, encoding="utf-8")

    doc = process_file(tmp_path / "compilacion.html")

    assert doc.meta.title == "Recomendaciones aprobadas por el Grupo de Trabajo sobre la Trata de Personas"
    assert [(p.meeting, p.number, p.text) for p in doc.provisions] == [
        (1, "1", "Los Estados partes deberían ratificar el Protocolo."),
        (2, "1", "Los Estados partes deberían proteger a las víctimas."),
    ]
    assert doc.source.text.startswith("Documento de antecedentes preparado por la Secretaría")


_NOTED_COMPILATION = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<p>Documento de antecedentes preparado por la Secretaría</p>
<h2>I. Primera reunión: Viena, 14 y 15 de abril de 2009</h2>
{first}
<h2>II. Segunda reunión: Viena, 27 a 29 de enero de 2010</h2>
{second}
{notes}
</body></html>"""
_PANDOC_NOTES = {
    "first": '<ol><li>Los Estados partes deberían ratificar el Protocolo<a href="#fn1" class="footnote-ref" '
    'id="fnref1" role="doc-noteref"><sup>1</sup></a>.</li></ol>',
    "second": "<ol><li>Los Estados partes deberían proteger a las víctimas.</li></ol>",
    "notes": '<section class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr /><ol><li id="fn1">'
    "<p>Naciones Unidas, <em>Treaty Series</em>, vol. 2237, núm. 39574."
    '<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol></section>',
}
_WORD_NOTES = {
    "first": "<p class=MsoNormal>1.<span style='mso-tab-count:1'>&nbsp;&nbsp; </span>Los Estados partes deberían "
    'ratificar el Protocolo<a href="#_ftn1" name="_ftnref1"><span class=MsoFootnoteReference>[1]</span></a>.</p>',
    "second": "<p class=MsoNormal>1.<span style='mso-tab-count:1'>&nbsp;&nbsp; </span>Los Estados partes deberían "
    "proteger a las víctimas.</p>",
    "notes": "<div style='mso-element:footnote-list'><hr align=left size=1 width=\"33%\"><div style='mso-element:"
    'footnote\' id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1"><span class=MsoFootnoteReference>'
    "[1]</span></a> Naciones Unidas, <i>Treaty Series</i>, vol. 2237, núm. 39574.</p></div></div>",
}


@pytest.mark.parametrize("parts", [_PANDOC_NOTES, _WORD_NOTES], ids=["pandoc", "word"])
def test_html_footnotes_of_pandoc_and_word_are_notes(tmp_path: Path, parts: dict[str, str]) -> None:
    (tmp_path / "compilacion.html").write_text(_NOTED_COMPILATION.format(**parts), encoding="utf-8")

    doc = process_file(tmp_path / "compilacion.html")

    assert [(p.meeting, p.number, p.text, p.notes) for p in doc.provisions] == [
        (1, "1", "Los Estados partes deberían ratificar el Protocolo.", ["1"]),
        (2, "1", "Los Estados partes deberían proteger a las víctimas.", []),
    ]
    assert [(n.label, n.text) for n in doc.clean.notes] == [
        ("¹", "Naciones Unidas, Treaty Series, vol. 2237, núm. 39574.")
    ]


def test_an_html_list_that_prints_its_own_labels_and_a_note_its_call_links_to_are_read_as_printed(
    tmp_path: Path,
) -> None:
    """Sub-items typed with their labels in an <ol> whose numbers the page's style hides, and a note set under its
    recommendation (an <aside> the call links to, opening with "Nota 1:"), as a web page or our own HTML sets them."""
    first = (
        "<p>1. Los Estados partes deberían:</p>"
        '<ol class="subitems" style="list-style: none"><li>a) ratificar el Protocolo'
        '<sup><a href="#nota-1">1</a></sup>;</li><li>b) proteger a las víctimas:<ol><li>(i) durante los juicios;</li>'
        "<li>(ii) después de ellos.</li></ol></li></ol>"
        '<aside class="nota" id="nota-1"><span>Nota 1:</span> Naciones Unidas, <i>Treaty Series</i>, vol. 2237.</aside>'
    )
    second = "<p>1. Los Estados partes deberían cooperar.</p>"
    page = _NOTED_COMPILATION.format(first=first, second=second, notes="")
    (tmp_path / "compilacion.html").write_text(page, encoding="utf-8")

    doc = process_file(tmp_path / "compilacion.html")

    assert [(p.meeting, p.number, p.notes) for p in doc.provisions] == [(1, "1", ["1"]), (2, "1", [])]
    assert doc.provisions[0].text == (
        "Los Estados partes deberían: a) ratificar el Protocolo; b) proteger a las víctimas: i) durante los juicios; "
        "ii) después de ellos."
    )
    assert [(item.label, [sub.label for sub in item.subitems]) for item in doc.provisions[0].subitems] == [
        ("a", []),
        ("b", ["i", "ii"]),
    ]
    assert [(n.label, n.text) for n in doc.clean.notes] == [("¹", "Naciones Unidas, Treaty Series, vol. 2237.")]


# --- plain text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("latin-1"), "cp1252"),
        (lambda text: text.encode("utf-16"), "utf-16-le"),  # with a byte-order mark
        (lambda text: text.encode("utf-16-le"), "utf-16-le"),  # without: found by its NUL bytes
        (lambda text: text.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_text_in_legacy_encodings_decodes_with_a_warning(tmp_path: Path, encode, encoding: str) -> None:
    text = "Recomendación 1\r\n\r\nLos Estados partes deberían proteger a los niños víctimas de la trata.\r\n"
    (tmp_path / "informe.txt").write_bytes(encode(text))

    result = read_file(tmp_path / "informe.txt")

    assert result.text == text.replace("\r\n", "\n")
    assert (result.format, result.encoding) == ("txt", encoding)
    assert result.warnings == [f"decoded as {encoding} (not UTF-8)"]


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_utf8_text_with_lines_pasted_from_cp1252_keeps_both_right(tmp_path: Path, bom: bytes) -> None:
    utf8 = "Recomendación 1\n\nLos Estados partes deberían proteger a los niños víctimas de la trata.\n\n"
    cp1252 = "Recomendación 2\n\nLa Secretaría debería prestar asistencia técnica.\n"
    (tmp_path / "informe.txt").write_bytes(bom + utf8.encode("utf-8") + cp1252.encode("cp1252"))

    result = read_file(tmp_path / "informe.txt")

    assert result.text == utf8 + cp1252
    assert (result.encoding, result.warnings) == (
        "utf-8+cp1252",
        ["mixed encodings: lines that are not UTF-8 were decoded as cp1252"],
    )


def test_utf8_text_with_bom_and_decomposed_accents_is_composed(tmp_path: Path) -> None:
    text = "Recomendación 1: protección de las víctimas.\n"
    (tmp_path / "nota.md").write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode("utf-8"))

    result = read_file(tmp_path / "nota.md")

    assert (result.text, result.format, result.encoding, result.warnings) == (text, "md", "utf-8", [])


def test_a_markdown_report_is_read_as_it_prints_headings_numbers_footnotes_and_escapes(tmp_path: Path) -> None:
    """As a Markdown editor writes a report: "##" headings, a bold paragraph number, footnotes named, not numbered,
    defined before they are called and over two lines, a backslash-escaped asterisk, a table under its rule."""
    (tmp_path / "informe.markdown").write_text(
        "# Informe\n\n"
        "## II. Recomendaciones ##\n\n"
        "[^fuente]: Naciones Unidas, *Treaty Series*,\n    vol. 2237.\n\n"
        "**1.** Los Estados partes deberían ratificar el Protocolo[^proto] y la Convención[^fuente]:\n\n"
        "- a) tipificar el delito\\*;\n    - i) en la ley;\n\n"
        "[^proto]: A/RES/55/25.\n\n"
        "| Reunión | Recomendaciones |\n|---|---:|\n| 1 | 23 |\n",
        encoding="utf-8",
    )

    result = read_file(tmp_path / "informe.markdown")

    assert result.format == "md"
    assert result.text.split("\n\n") == [
        "Informe",
        "II. Recomendaciones",
        "² Naciones Unidas, *Treaty Series*, vol. 2237.",
        "1. Los Estados partes deberían ratificar el Protocolo¹ y la Convención²:",
        "- a) tipificar el delito*;\n    - i) en la ley;",
        "¹ A/RES/55/25.",
        "Reunión | Recomendaciones\n1 | 23\n",
    ]


def test_ligatures_are_written_out_in_text_and_docx(tmp_path: Path) -> None:
    # pdftotext keeps the ligature glyphs of the PDF's fonts; a DOCX pasted from such text has them too
    printed = "States parties should identify the ﬁnancial ﬂows of traﬃcking in conﬂict situations."
    expected = "States parties should identify the financial flows of trafficking in conflict situations."
    (tmp_path / "report.txt").write_text(printed + "\n", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph(unicodedata.normalize("NFD", "Protección de las víctimas: ") + printed)
    document.save(tmp_path / "report.docx")

    assert read_file(tmp_path / "report.txt").text == expected + "\n"
    assert read_file(tmp_path / "report.docx").text == "Protección de las víctimas: " + expected


def test_words_symbol_font_bullets_are_read_as_the_bullets_they_print(tmp_path: Path) -> None:
    """A list exported from Word keeps its Symbol-font bullet as U+F0B7: a box in every font but Symbol."""
    lines = ["Los Estados partes deberían:", "\uf0b7 establecer procedimientos;", "\uf0a7 capacitar a los jueces."]
    (tmp_path / "lista.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")

    text = read_file(tmp_path / "lista.txt").text

    assert text == "Los Estados partes deberían:\n\n• establecer procedimientos;\n\n• capacitar a los jueces.\n"


def test_seed_document_is_read_as_is() -> None:
    result = read_file(SAMPLE)

    assert result.text == SEED
    assert (result.file, result.path, result.encoding) == (SAMPLE.name, str(SAMPLE), "utf-8")
    assert (result.sha256, result.size) == (hashlib.sha256(SAMPLE.read_bytes()).hexdigest(), SAMPLE.stat().st_size)


# --- refusals and content sniffing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("vacio.txt", b"", "empty file"),
        ("blancos.txt", b" \n\t\r\n ", "empty file"),
        ("blancos.pdf", b"\n\n", "empty file"),
        ("binario.txt", bytes(range(256)) * 8, "binary content, not a text document"),
        ("programa.md", b"\x7fELF\x02\x01\x01" + bytes(400), "binary content (program), not a text document"),
        ("hoja.txt", b"PK\x03\x04" + bytes(200), "binary content (ZIP archive), not a text document"),
        ("tabla.xlsx", b"PK\x03\x04" + bytes(200), "unsupported file type '.xlsx'; supported: .docx, .htm"),
    ],
)
def test_unreadable_content_gets_a_one_line_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as error:
        read_bytes(data, name)

    assert error.value.file == name
    assert error.value.reason.startswith(reason)


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "grande.txt").write_bytes(b"x" * 5000)

    with pytest.raises(ReadError, match=r"^grande.txt: file is 4.9 KB, over the 1000 bytes limit$"):
        read_file(tmp_path / "grande.txt", max_bytes=1000)
    with pytest.raises(ReadError, match=r"file is 2.5 MB, over the 1 MB limit"):
        read_bytes(b"x" * (5 * 2**19), "enorme.txt", max_bytes=2**20)


def test_content_wins_over_a_wrong_name(tmp_path: Path) -> None:
    write_pdf_pages(tmp_path / "real.pdf", ["Recomendación 4"])
    png = scanned_png("Recomendación 5")

    pdf_as_text = read_bytes((tmp_path / "real.pdf").read_bytes(), "informe.txt")
    image_as_text = read_bytes(png, "escaneo.txt")

    assert (pdf_as_text.format, pdf_as_text.text) == ("pdf", "Recomendación 4")
    assert pdf_as_text.warnings == ["named .txt but the content is PDF: read as PDF"]
    assert (image_as_text.format, image_as_text.text, image_as_text.ocr) == ("image", "Recomendación 5", True)


def test_missing_file_and_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file or folder"):
        read_file(tmp_path / "nada.pdf")
    with pytest.raises(ReadError, match="a folder, not a file"):
        read_file(tmp_path)


# --- collecting files --------------------------------------------------------------------------------


def test_collect_files_walks_folders_in_order_and_explains_the_rest(tmp_path: Path) -> None:
    for relative in (
        "b/informe.PDF",
        "b/sub/nota.md",
        "a.txt",
        "b/borrador.DOCX",
        "b/~$borrador.docx",
        "b/.oculto.txt",
        ".git/config.txt",
        "b/hoja.xlsx",
        "c.html",
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    (tmp_path / "lista.csv").write_text("x")

    files, errors = collect_files([tmp_path, tmp_path / "a.txt", tmp_path / "lista.csv", tmp_path / "falta"])

    assert [file.relative_to(tmp_path).as_posix() for file in files] == [
        "a.txt",
        "b/borrador.DOCX",
        "b/informe.PDF",
        "b/sub/nota.md",
        "c.html",
    ]
    assert [(error.file, error.reason.split(";")[0]) for error in errors] == [
        (str(tmp_path / "lista.csv"), "unsupported file type '.csv'"),
        (str(tmp_path / "falta"), "no such file or folder"),
    ]
    assert {".txt", ".md", ".pdf", ".docx", ".html", ".htm"} <= SUPPORTED_SUFFIXES


def test_a_folder_given_with_no_document_in_it_is_an_error_that_says_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "old word" / "sub").mkdir(parents=True)
    (tmp_path / "old word" / "informe.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "old word" / "sub" / "hoja.XLSX").write_bytes(b"PK")
    (tmp_path / "empty").mkdir()

    files, errors = collect_files([tmp_path / "old word", tmp_path / "empty"])

    assert files == []
    assert [(error.file, error.reason.split(";")[0]) for error in errors] == [
        (str(tmp_path / "old word"), "no documents in this folder: it holds files of other types (.doc, .xlsx)"),
        (str(tmp_path / "empty"), "no documents in this folder: it is empty"),
    ]
    assert errors[0].reason.endswith(
        "read are .docx, .htm, .html, .jpeg, .jpg, .markdown, .md, .pdf, .png, .tif, .tiff, .txt"
    )


def test_read_bytes_matches_read_file(tmp_path: Path) -> None:
    write_pdf_pages(tmp_path / "informe.pdf", ["Recomendación 6", "Recomendación 7"])
    data = (tmp_path / "informe.pdf").read_bytes()

    from_disk = read_file(tmp_path / "informe.pdf")
    uploaded = read_bytes(data, "informe.pdf")

    assert (uploaded.text, uploaded.pages, uploaded.sha256) == (from_disk.text, from_disk.pages, from_disk.sha256)
    assert (uploaded.file, uploaded.path, from_disk.path) == (
        "informe.pdf",
        "informe.pdf",
        str(tmp_path / "informe.pdf"),
    )


def test_line_end_hyphens_of_typesetters_and_soft_hyphens_are_mended(tmp_path: Path) -> None:
    # WeasyPrint, like other typesetters, prints U+2010 HYPHEN where it breaks a line; some conversions keep the
    # soft hyphen (U+00AD) of a discretionary break
    import weasyprint  # the PDF writer the publications use

    report = "<p>Report on the meeting of the Working Group on Trafficking in Persons</p><p>II. Recommendations</p>"
    body = "3. States parties should en\u2010<br>sure that victims have access to assistance and take a victim\u2010<br>centred"
    html = f"<html><body>{report}<p>{body} approach.</p><p>III. Summary of deliberations</p></body></html>"
    (tmp_path / "report.pdf").write_bytes(weasyprint.HTML(string=html).write_pdf())
    text = "Report on the meeting of the Working Group on Trafficking in Persons\n\nII. Recommendations\n\n"
    text += "3. States parties should provide assist\u00ad\nance to victims and assis\u00adtance to witnesses.\n"
    (tmp_path / "report.txt").write_text(text + "\nIII. Summary of deliberations\n", encoding="utf-8")

    from_pdf = process_file(tmp_path / "report.pdf")
    from_text = process_file(tmp_path / "report.txt")

    assert [p.text for p in from_pdf.provisions] == [
        "States parties should ensure that victims have access to assistance and take a victim-centred approach."
    ]
    assert [p.text for p in from_text.provisions] == [
        "States parties should provide assistance to victims and assistance to witnesses."
    ]
