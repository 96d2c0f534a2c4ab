"""DOCX with python-docx: A4 pages with the PDF's margins and the page number in the footer, Word heading styles
(so the navigation pane shows the outline), numbered recommendations, sub-items indented by depth, note calls as
superscript numbers where the source has them, notes as smaller indented paragraphs under their item."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from tipreg.publish.document import (
    Block,
    Item,
    Note,
    Paragraph,
    Publication,
    Section,
    Table,
    item_label,
    note_runs,
    text_pieces,
)
from tipreg.publish.wording import words

INDENT = Cm(0.9)  # per sub-item level
PAGE = (Cm(21), Cm(29.7))  # A4, as the PDF
MARGINS = {"top": Cm(2.2), "right": Cm(2), "bottom": Cm(2.4), "left": Cm(2)}  # the PDF's (print.css @page)


def write_docx(publication: Publication, path: Path) -> None:
    document = Document()
    _page(document)
    document.core_properties.title = publication.title
    document.core_properties.language = publication.lang
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(publication.title, level=0)
    document.add_paragraph(publication.subtitle).runs[0].italic = True
    for section in publication.sections:
        _section(document, section, 1, publication.lang)
    document.save(str(path))


def _page(document: DocxDocument) -> None:
    """A4 with the PDF's margins; the page number centred in the footer (a PAGE field, which Word updates)."""
    page = document.sections[0]
    page.page_width, page.page_height = PAGE
    page.top_margin, page.right_margin = MARGINS["top"], MARGINS["right"]
    page.bottom_margin, page.left_margin = MARGINS["bottom"], MARGINS["left"]
    page.header_distance = page.footer_distance = Cm(1.2)
    footer = page.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)


def _page_field(paragraph: DocxParagraph) -> None:
    """<w:fldSimple w:instr=" PAGE "> with "1" as its shown value until Word computes it (python-docx has no API
    for fields)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")  # half-points: 9 pt, as the PDF's page number
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _section(document: DocxDocument, section: Section, level: int, lang: str) -> None:
    document.add_heading(section.title, level=min(level, 9))
    for block in section.blocks:
        _block(document, block, lang)
    for subsection in section.subsections:
        _section(document, subsection, level + 1, lang)


def _block(document: DocxDocument, block: Block, lang: str) -> None:
    if isinstance(block, Paragraph):
        document.add_paragraph(block.text)
    elif isinstance(block, Table):
        _table(document, block)
    elif block.reference:
        paragraph = document.add_paragraph()
        paragraph.add_run(block.reference).bold = True
        paragraph.add_run(f" — {block.text}")
    else:
        _item(document, block, 0, lang)


def _item(document: DocxDocument, item: Item, depth: int, lang: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = INDENT * depth
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    label = item_label(item, depth)
    if label:
        paragraph.add_run(label + " ").bold = True
    for piece in text_pieces(item):
        if isinstance(piece, Note):  # the note's call, where the source has it
            paragraph.add_run(piece.label).font.superscript = True
        elif piece:
            paragraph.add_run(piece)
    for subitem in item.subitems:
        _item(document, subitem, depth + 1, lang)
    for note in item.notes:
        note_paragraph = document.add_paragraph()
        note_paragraph.paragraph_format.left_indent = INDENT * (depth + 1)
        label = note_paragraph.add_run(words(lang)["note"].format(label=note.label) + ": ")
        label.bold = True
        label.font.size = Pt(9)
        for text, italic in note_runs(note):
            run = note_paragraph.add_run(text)
            run.italic = italic or None
            run.font.size = Pt(9)


def _table(document: DocxDocument, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
