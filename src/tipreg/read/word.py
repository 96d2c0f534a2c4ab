"""DOCX: python-docx opens the package; the body is walked in order, paragraphs and tables alike.

Paragraphs keep their automatic list labels (see word_numbering), footnote and endnote calls are written as
superscript digits, numbered together in the order of their calls (UN Word files set a report's notes as either),
and the notes follow the body as "¹ text" paragraphs, as in the seed documents.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from tipreg.read.base import (
    CELL_SEPARATOR,
    Extract,
    ReadOptions,
    Unreadable,
    join_paragraphs,
    normalize_text,
    superscript,
)
from tipreg.read.word_numbering import ListNumbers

_ZIP_SIGNATURE = b"PK\x03\x04"
# The XML a DOCX may unpack to: a 300-page report's is about 10 MB; parsing takes some 20 times its size in
# memory, so a small file that unpacks to gigabytes (a ZIP bomb) would take the machine down with the batch.
MAX_UNPACKED_XML = 64 * 2**20
_OTHER_PACKAGES = (
    ("xl/", "an Excel workbook"),
    ("ppt/", "a PowerPoint presentation"),
    ("mimetype", "an OpenDocument file (save it as DOCX or PDF)"),
)
_NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# Runs a reader sees: not deleted or moved-away revisions, not the fallback copy of a drawing, not hidden
# text, and not those of text boxes anchored in the paragraph (python-docx leaves those out too).
_VISIBLE_RUNS = etree.XPath(
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::mc:Fallback or ancestor::w:txbxContent)]"
    "[not(w:rPr/w:vanish)]",
    namespaces=_NAMESPACES,
)
_RUN_CHARACTERS = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
# A note call's element, and the part and element of the notes it calls.
_NOTE_KINDS = (
    (qn("w:footnoteReference"), RELATIONSHIP_TYPE.FOOTNOTES, qn("w:footnote")),
    (qn("w:endnoteReference"), RELATIONSHIP_TYPE.ENDNOTES, qn("w:endnote")),
)
_NOTE_CALLS = frozenset(call for call, _, _ in _NOTE_KINDS)


@dataclass(frozen=True)
class DocxReader:
    format: str = "docx"
    suffixes: frozenset[str] = frozenset({".docx"})

    def sniff(self, data: bytes) -> bool:
        # The entry name is in the local header too, so a truncated file is still recognised (and refused).
        return data.startswith(_ZIP_SIGNATURE) and b"word/document.xml" in data

    def read(self, data: bytes, options: ReadOptions) -> Extract:
        document = _open(data)
        try:
            numbers = ListNumbers(
                _part_xml(document, RELATIONSHIP_TYPE.NUMBERING), _part_xml(document, RELATIONSHIP_TYPE.STYLES)
            )
            notes = _notes(document)
        except etree.XMLSyntaxError as error:
            raise Unreadable(f"damaged or truncated DOCX: {error}") from error
        writer = _TextWriter(numbers, notes)
        header = _first_page_header(document)
        masthead = list(writer.blocks(header)) if header is not None else []
        body = list(writer.blocks(document.element.body))
        return Extract(normalize_text(join_paragraphs(masthead + body + writer.note_paragraphs())))


def _open(data: bytes) -> docx.document.Document:
    if not data.startswith(_ZIP_SIGNATURE):
        raise Unreadable("damaged or truncated DOCX: not a ZIP package, this is not a DOCX file")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        _check_is_word(package)
        _check_unpacked_size(package)
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Unreadable(f"damaged or truncated DOCX: {error} (the ZIP directory is missing)") from error
    except (KeyError, ValueError, PackageNotFoundError, etree.XMLSyntaxError, EOFError) as error:
        raise Unreadable(f"damaged or truncated DOCX: {error}") from error


def _check_is_word(package: zipfile.ZipFile) -> None:
    """A whole ZIP without Word's main part is another kind of file with a .docx name, not a damaged DOCX."""
    names = package.namelist()
    if "word/document.xml" in names:
        return
    kind = next((kind for prefix, kind in _OTHER_PACKAGES if any(n.startswith(prefix) for n in names)), None)
    shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
    raise Unreadable(f"not a DOCX: {kind or 'a ZIP archive'} (it holds {shown or 'nothing'})")


def _check_unpacked_size(package: zipfile.ZipFile) -> None:
    """The sizes the ZIP directory declares bound what reading unpacks (zipfile stops there)."""
    unpacked = sum(item.file_size for item in package.infolist() if item.filename.endswith((".xml", ".rels")))
    if unpacked > MAX_UNPACKED_XML:
        raise Unreadable(
            f"the DOCX unpacks to {unpacked / 2**20:,.0f} MB of XML, over the {MAX_UNPACKED_XML // 2**20} MB limit "
            "(a 300-page report unpacks to about 10 MB): a ZIP bomb, not a document to read"
        )


def _first_page_header(document: docx.document.Document) -> etree._Element | None:
    """The header over the first page, read once before the body: UN templates set the masthead there (the
    symbol, "Distr.: General", the date of issue); the running headers and footers of later pages are left out."""
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    return None if header.is_linked_to_previous else header._element


def _notes(document: docx.document.Document) -> dict[tuple[str, str], etree._Element]:
    """The footnotes and endnotes, by the tag of the call that calls them and their id."""
    notes = {}
    for call, relationship, tag in _NOTE_KINDS:
        part = etree.fromstring(_part_xml(document, relationship) or b"<none/>")
        notes |= {(call, note.get(qn("w:id"))): note for note in part.iterfind(tag)}
    return notes


def _part_xml(document: docx.document.Document, relationship: str) -> bytes | None:
    try:
        return document.part.part_related_by(relationship).blob
    except KeyError:
        return None


class _TextWriter:
    """Writes one document's paragraphs, numbering them and numbering note calls as it goes."""

    def __init__(self, numbers: ListNumbers, notes: dict[tuple[str, str], etree._Element]) -> None:
        self._numbers = numbers
        self._notes = notes
        # (call tag, note id) → the note's number: Word's for footnotes alone, in order of first call
        self._calls: dict[tuple[str, str], int] = {}

    def blocks(self, container: etree._Element) -> Iterator[str]:
        """Paragraphs, table rows and content controls of the body, a table cell or a note."""
        for child in container:
            if child.tag == qn("w:p"):
                yield self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                yield from self.table_rows(child)
            elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
                yield from self.blocks(content)

    def paragraph(self, paragraph: etree._Element) -> str:
        prefix = self._numbers.prefix(paragraph)  # counted even when empty, as Word counts it
        text = "".join(self._run_text(run) for run in _VISIBLE_RUNS(paragraph)).strip()
        return f"{prefix}{text}" if text else ""

    def table_rows(self, table: etree._Element) -> Iterator[str]:
        """One paragraph per row, cells side by side."""
        for row in table.iterfind(qn("w:tr")):
            cells = (" ".join(p for p in self.blocks(cell) if p) for cell in row.iterfind(qn("w:tc")))
            yield CELL_SEPARATOR.join(cell for cell in cells if cell)

    def note_paragraphs(self) -> list[str]:
        notes = []
        for call, number in self._calls.items():
            note = self._notes.get(call)
            text = " ".join(p for p in self.blocks(note) if p) if note is not None else ""
            notes.append(f"{superscript(str(number))} {text}")
        return notes

    def _run_text(self, run: etree._Element) -> str:
        parts = []
        for child in run:
            if child.tag == qn("w:t"):
                parts.append(child.text or "")
            elif child.tag in _NOTE_CALLS:
                number = self._calls.setdefault((child.tag, child.get(qn("w:id"))), len(self._calls) + 1)
                parts.append(superscript(str(number)))
            else:
                parts.append(_RUN_CHARACTERS.get(child.tag, ""))
        return "".join(parts)
