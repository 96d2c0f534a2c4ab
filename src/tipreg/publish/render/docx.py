"""DOCX with python-docx: Word heading styles (so the navigation pane shows the outline), numbered
recommendations, sub-items indented by depth, notes as smaller indented paragraphs under their item."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from tipreg.publish.document import Block, Item, Paragraph, Publication, Section, Table, item_label
from tipreg.publish.wording import words

INDENT = Cm(0.9)  # per sub-item level


def write_docx(publication: Publication, path: Path) -> None:
    document = Document()
    document.core_properties.title = publication.title
    document.core_properties.language = publication.lang
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(publication.title, level=0)
    document.add_paragraph(publication.subtitle).runs[0].italic = True
    for section in publication.sections:
        _section(document, section, 1, publication.lang)
    document.save(str(path))


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
    paragraph.add_run(item_label(item, depth) + " ").bold = True
    paragraph.add_run(item.text)
    for subitem in item.subitems:
        _item(document, subitem, depth + 1, lang)
    for note in item.notes:
        note_paragraph = document.add_paragraph()
        note_paragraph.paragraph_format.left_indent = INDENT * (depth + 1)
        label = note_paragraph.add_run(words(lang)["note"].format(label=note.label) + ": ")
        label.bold = True
        text = note_paragraph.add_run(note.text)
        for run in (label, text):
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
