"""The publication model: what a published document says, built once from the register, rendered per format.

A Publication is a tree of Sections; a section holds blocks (paragraphs, numbered items with nested sub-items and
notes, tables) and subsections. Renderers (tipreg.publish.render) only walk this tree; none of them reads the
register or decides what goes in.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Note:
    """A footnote of the source document, published as a note under the item that cites it."""

    label: str
    text: str


@dataclass
class Item:
    """A numbered item: a recommendation (label = its number) or a sub-item (label = "a", "ii")."""

    label: str
    text: str
    subitems: list[Item] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reference: str = ""  # where it comes from, printed before the text ("Reunión 2 (2010), n.º 3")


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
    """How an item's label is printed: "3." for a recommendation, "a)" for a sub-item."""
    return f"{item.label}." if depth == 0 else f"{item.label})"
