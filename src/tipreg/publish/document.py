"""The publication model: what a published document says, built once from the register, rendered per format.

A Publication is a tree of Sections; a section holds blocks (paragraphs, numbered items with nested sub-items and
notes, tables) and subsections. Renderers (tipreg.publish.render) only walk this tree; none of them reads the
register or decides what goes in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tipreg.segment.provisions import subitem_label_format


@dataclass
class Note:
    """A footnote of the source document, published as a note of the item that calls it.

    `label` is the note's number in the publication (its notes are numbered in order, one per call, as the
    PDF's footnotes are); `italic` the (start, end) spans of `text` the source sets in italics (*Treaty Series*).
    """

    label: str
    text: str
    italic: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Call:
    """Where an item's text calls a note: after `text[:at]`, as the source places the call."""

    at: int
    note: Note


@dataclass
class Item:
    """A numbered item: a recommendation (label = its number) or a sub-item (label = "a", "ii").

    `notes` are the notes of a recommendation and of its sub-items, in the order they are called; each is
    called once, from `calls` of the item or of one of its sub-items.
    """

    label: str
    text: str
    subitems: list[Item] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reference: str = ""  # where it comes from, printed before the text ("Reunión 2 (2010), n.º 3")
    calls: list[Call] = field(default_factory=list)  # in text order
    lang: str | None = None  # the language of a recommendation's words, which may not be the headings'


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


Block = Paragraph | Item | Table


@dataclass
class Section:
    title: str
    anchor: str  # unique within the publication, for links and bookmarks
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Publication:
    kind: str  # "index" or "compilation"
    lang: str  # language of the headings: "es" or "en"
    title: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)


def item_label(item: Item, depth: int) -> str:
    """How an item's label is printed: "3." for a recommendation, a sub-item as its language's UN documents print
    it ("a)" in Spanish, "(a)" in English); none for a recommendation the register has no number of (a curator
    cleared it, or its document printed none)."""
    if not item.label:
        return ""
    return f"{item.label}." if depth == 0 else subitem_label_format(item.lang).format(item.label)


def text_pieces(item: Item) -> list[str | Note]:
    """An item's text cut at its note calls: text and the notes called there, in reading order."""
    pieces: list[str | Note] = []
    start = 0
    for call in sorted(item.calls, key=lambda call: call.at):
        if call.at > start:
            pieces.append(item.text[start : call.at])
            start = call.at
        pieces.append(call.note)
    if start < len(item.text) or not pieces:
        pieces.append(item.text[start:])
    return pieces


def note_runs(note: Note) -> list[tuple[str, bool]]:
    """A note's text as (text, italic) runs."""
    runs: list[tuple[str, bool]] = []
    start = 0
    for begin, end in sorted(note.italic):
        if begin > start:
            runs.append((note.text[start:begin], False))
        runs.append((note.text[begin:end], True))
        start = end
    if start < len(note.text):
        runs.append((note.text[start:], False))
    return runs
