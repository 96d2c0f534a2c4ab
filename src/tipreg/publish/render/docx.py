"""DOCX with python-docx: A4 pages with the PDF's margins and the page number in the footer, Word heading styles
(so the navigation pane shows the outline), numbered recommendations, sub-items indented by depth, notes as Word
footnotes called where the source calls them, as UN Word documents set their notes (and as the DOCX reader reads
them back)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
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

INDENT = Cm(0.9)  # per sub-item level
PAGE = (Cm(21), Cm(29.7))  # A4, as the PDF
NOTE_SIZE = Pt(9)
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
    footnotes = _Footnotes(document)
    for section in publication.sections:
        _section(document, section, 1, footnotes)
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


class _Footnotes:
    """The document's footnotes part (python-docx cannot write footnotes): Word's two separators, then one footnote
    per note, its number raised before its text; Word numbers them in the order of their calls, as the publication
    numbers its notes."""

    _PART = (
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )

    def __init__(self, document: DocxDocument) -> None:
        self._notes = parse_xml(self._PART)
        package = document.part.package
        part = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, self._notes, package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        # the separators named in the settings, as Word writes them (before <w:compat>, in the schema's order)
        separators = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        settings = document.settings.element
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(separators)
        else:
            settings.append(separators)

    def call(self, paragraph: DocxParagraph, note: Note) -> None:
        """Call `note` at the end of `paragraph` (so far), with a footnote of its text in NOTE_SIZE, italics kept."""
        number = str(len(self._notes) - 1)  # after the separators, -1 and 0
        paragraph._p.append(_raised(OxmlElement("w:footnoteReference", {qn("w:id"): number})))
        footnote = OxmlElement("w:footnote", {qn("w:id"): number})
        text = DocxParagraph(OxmlElement("w:p"), None)
        text._p.append(_raised(OxmlElement("w:footnoteRef")))
        footnote.append(text._p)
        text.add_run(" ").font.size = NOTE_SIZE
        for words, italic in note_runs(note):
            run = text.add_run(words)
            run.italic = italic or None
            run.font.size = NOTE_SIZE
        self._notes.append(footnote)


def _raised(mark: OxmlElement) -> OxmlElement:
    """A run of `mark` (a footnote's call or its number) set as a superscript."""
    run = parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:r>')
    run.append(mark)
    return run


def _section(document: DocxDocument, section: Section, level: int, footnotes: _Footnotes) -> None:
    document.add_heading(section.title, level=min(level, 9))
    for block in section.blocks:
        _block(document, block, footnotes)
    for subsection in section.subsections:
        _section(document, subsection, level + 1, footnotes)


def _block(document: DocxDocument, block: Block, footnotes: _Footnotes) -> None:
    if isinstance(block, Paragraph):
        document.add_paragraph(block.text)
    elif isinstance(block, Table):
        _table(document, block)
    elif block.reference:
        paragraph = document.add_paragraph()
        paragraph.add_run(block.reference).bold = True
        paragraph.add_run(f" — {block.text}")
    else:
        _item(document, block, 0, footnotes)


def _item(document: DocxDocument, item: Item, depth: int, footnotes: _Footnotes) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = INDENT * depth
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    label = item_label(item, depth)
    if label:
        paragraph.add_run(label + " ").bold = True
    for piece in text_pieces(item):
        if isinstance(piece, Note):  # the note's call, where the source has it
            footnotes.call(paragraph, piece)
        elif piece:
            paragraph.add_run(piece)
    for subitem in item.subitems:
        _item(document, subitem, depth + 1, footnotes)


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
