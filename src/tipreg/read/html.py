"""HTML: BeautifulSoup with lxml; block elements become paragraphs, list items keep their numbers."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import EncodingDetector

from tipreg.read.base import (
    CELL_SEPARATOR,
    Extract,
    ReadOptions,
    join_paragraphs,
    normalize_text,
    superscript,
)
from tipreg.read.labels import format_number
from tipreg.read.text import decode_text, starts_with_bom

_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)", re.IGNORECASE | re.DOTALL)
_DROPPED = frozenset(
    {"script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "object", "select", "button"}
)
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl"}
    | {"dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"header", "hr", "html", "li", "main", "p", "pre", "section", "summary", "table", "tbody", "tfoot"}
    | {"thead"}
)
# A web page's own header, footer and sidebars (site name, breadcrumbs, copyright, links) are not the
# document's; inside the document's <article>, <main> or <section> they are its own (a footer of notes).
_PAGE_CHROME = frozenset({"header", "footer", "aside"})
_CONTENT = ("article", "main", "section")
# Footnotes as converters write them. A call: Word's "[1]" or pandoc's "<sup>1</sup>" inside a link to the
# note ("#_ftn1", "#fn1"; Word's note opens with the same link back, "#_ftnref1"). The notes: pandoc's list
# in <section class="footnotes" role="doc-endnotes">, each item ending on a "↩" link back to the call; any other
# block a call links to is its note wherever it stands (an <aside id="note-1"> under the recommendation).
_NOTE_LINK = re.compile(r"^#(?:_?ftn|_?edn|fn|footnote|note|nota)(?:ref)?[-_:]?\d+$", re.IGNORECASE)
_NOTE_NUMBER = re.compile(r"^\[?(\d{1,3})\]?$")
_NOTES_ROLES = frozenset({"doc-endnotes", "doc-footnotes"})
# A note a call links to ("#note-1" → <aside id="note-1">) opens with its own label: "Nota 1:", "Note 1.", "[1]", "1".
_NOTE_OWN_LABEL = re.compile(r"^(?:[^\W\d_]+\.?\s+)?\[?(?P<number>\d{1,3})\]?[.:)]?\s+")
# A list whose items print their own labels ("a) …", "(ii) …", "3. …"), its numbers hidden by the page's style:
# those are the labels, and no number is added to them.
_PRINTED_LABEL = re.compile(r"^(?:\(?(?:[a-z]{1,2}|[ivxlc]{1,6})\)|\(?\d{1,3}[.)])\s")
_BACKLINK_ROLE = "doc-backlink"
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: a no-break space is text in HTML
_BLANK_LINES = re.compile(r"\n{3,}")
# `<ol type>` → Word numFmt and the punctuation UN documents print: "1.", "a)", "i)", "A.", "I."
# (a browser would show "a." and "i."; the later stages read sub-items in the UN's own way).
_OL_TYPES = {
    "1": ("decimal", "."),
    "a": ("lowerLetter", ")"),
    "i": ("lowerRoman", ")"),
    "A": ("upperLetter", "."),
    "I": ("upperRoman", "."),
}
_BULLET = "-"
# The HTML standard reads pages labelled Latin-1 or ASCII as windows-1252, and so do browsers.
_WINDOWS_1252_LABELS = frozenset({"iso8859-1", "ascii"})


@dataclass(frozen=True)
class HtmlReader:
    format: str = "html"
    suffixes: frozenset[str] = frozenset({".html", ".htm"})

    def sniff(self, data: bytes) -> bool:
        return bool(_START.match(data[:4096].removeprefix(codecs.BOM_UTF8)))

    def read(self, data: bytes, options: ReadOptions) -> Extract:
        text, encoding, warnings = _decode(data)
        soup = BeautifulSoup(text, "lxml")
        paragraphs = _paragraphs(_document_root(soup), _note_targets(soup))
        return Extract(normalize_text(join_paragraphs(paragraphs)), encoding=encoding, warnings=warnings)


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """The encoding a byte-order mark or `<meta charset>` declares, else the plain-text detection."""
    declared = None if starts_with_bom(data) else EncodingDetector.find_declared_encoding(data, is_html=True)
    if not declared:
        return decode_text(data)
    try:
        codec = codecs.lookup(declared).name
        codec = "cp1252" if codec in _WINDOWS_1252_LABELS else codec
        return data.decode(codec), codec, []
    except (LookupError, UnicodeDecodeError):
        text, encoding, warnings = decode_text(data)
        return text, encoding, [f"the page says it is {declared} but is not; read as {encoding}", *warnings]


class _HtmlWriter:
    """Collects paragraphs while walking the tree; a list label waits for its item's first text."""

    def __init__(self, notes: dict[str, str]) -> None:
        self.notes = notes  # the id of an element a note call links to → the note's number
        self.paragraphs: list[str] = []
        self._pieces: list[str] = []
        self._label = ""

    def walk(self, node: Tag, preformatted: bool = False) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                self._element(child, preformatted)
            elif type(child) is NavigableString:  # not comments, doctypes and other markup
                self._pieces.append(child if preformatted else _HTML_WHITESPACE.sub(" ", child))

    def _element(self, tag: Tag, preformatted: bool) -> None:
        name = tag.name
        note = self.notes.get(str(tag.get("id", ""))) if name in _BLOCKS else None
        if note:  # the document's own, wherever the page sets it (an <aside> beside the text)
            self.flush()
            self.paragraphs.append(_note(tag, note, self.notes))
            return
        if name in _DROPPED or (name in _PAGE_CHROME and tag.find_parent(_CONTENT) is None) or _is_backlink(tag):
            return
        if name == "br":
            self._pieces.append("\n")
        elif name == "sup" and tag.get_text().strip().isdigit():
            self._pieces.append(superscript(tag.get_text().strip()))
        elif name == "a" and (number := _note_call(tag)):
            self._pieces.append(superscript(number))
        elif name in ("ol", "ul"):
            self._list(tag, preformatted)
        elif name == "tr":
            self.flush()
            self.paragraphs.append(CELL_SEPARATOR.join(_cells(tag, self.notes)))
        elif name in _BLOCKS:
            self.flush()
            self.walk(tag, preformatted or name == "pre")
            self.flush()
        else:
            self.walk(tag, preformatted)

    def _list(self, tag: Tag, preformatted: bool) -> None:
        self.flush()
        style, punctuation = _OL_TYPES.get(str(tag.get("type", "1")), _OL_TYPES["1"])
        number = _integer(tag.get("start"), 1)
        ordered = tag.name == "ol"
        labelled = ordered and _labels_printed(tag)
        for child in tag.children:
            if isinstance(child, Tag) and child.name == "li":
                number = _integer(child.get("value"), number)
                self._label = f"{format_number(number, style)}{punctuation} " if ordered else f"{_BULLET} "
                if labelled:
                    self._label = ""
                if ordered and _in_notes(tag):
                    self._label = f"{superscript(str(number))} "  # a footnote, as the other readers write one
                self.walk(child, preformatted)
                self.flush()
                self._label = ""  # an item without text shows its number, but there is nothing to number
                number += 1
            elif isinstance(child, Tag):
                self._element(child, preformatted)

    def flush(self) -> None:
        text = "".join(self._pieces)
        self._pieces = []
        lines = "\n".join(line.strip() for line in text.split("\n"))
        paragraph = _BLANK_LINES.sub("\n\n", lines).strip("\n")
        if paragraph:
            self.paragraphs.append(self._label + paragraph)
            self._label = ""


def _note_call(link: Tag) -> str | None:
    """The number of a link to or from a footnote ("[1]" to "#_ftn1"), else None."""
    number = _NOTE_NUMBER.match(link.get_text().strip())
    return number[1] if number and _NOTE_LINK.match(str(link.get("href", ""))) else None


def _note_targets(soup: BeautifulSoup) -> dict[str, str]:
    """The ids that note calls link to ("#note-1", "#fn1"), each with its call's number."""
    targets = {}
    for link in soup.find_all("a", href=True):
        number = _note_call(link)
        if number:
            targets.setdefault(str(link["href"])[1:], number)
    return targets


def _note(tag: Tag, number: str, notes: dict[str, str]) -> str:
    """The note a call links to, as the other readers write a footnote ("¹ text"), without the label it opens with
    ("Nota 1:", "[1]", its raised number)."""
    text = " ".join(_paragraphs(tag, notes))
    own = _NOTE_OWN_LABEL.match(text)
    if own and own["number"] == number:
        text = text[own.end() :]
    text = text.removeprefix(superscript(number)).lstrip()
    return f"{superscript(number)} {text}"


def _labels_printed(tag: Tag) -> bool:
    """Whether every item of a list opens with its own printed label, which the list's own numbers would repeat."""
    items = [text for item in tag.find_all("li", recursive=False) if (text := item.get_text(" ", strip=True))]
    return bool(items) and all(_PRINTED_LABEL.match(text) for text in items)


def _is_backlink(tag: Tag) -> bool:
    if tag.name != "a":
        return False
    marked = tag.get("role") == _BACKLINK_ROLE or "footnote-back" in tag.get_attribute_list("class")
    return marked or tag.get_text().strip().rstrip("\ufe0e\ufe0f") == "↩"


def _in_notes(tag: Tag) -> bool:
    return any(
        parent.get("role") in _NOTES_ROLES or "footnotes" in parent.get_attribute_list("class")
        for parent in tag.parents
        if isinstance(parent, Tag)
    )


def _document_root(soup: BeautifulSoup) -> Tag:
    """The page's <main> element (or role="main") when it holds text: the document, without the site around it."""
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    return main if isinstance(main, Tag) and main.get_text(strip=True) else soup


def _paragraphs(node: Tag, notes: dict[str, str]) -> list[str]:
    writer = _HtmlWriter(notes)
    writer.walk(node)
    writer.flush()
    return writer.paragraphs


def _cells(row: Tag, notes: dict[str, str]) -> list[str]:
    cells = (" ".join(_paragraphs(cell, notes)) for cell in row.find_all(("td", "th"), recursive=False))
    return [cell for cell in cells if cell]


def _integer(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
