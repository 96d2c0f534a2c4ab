"""Markdown: headings by depth, recommendations as numbered paragraphs, sub-items as nested lists, notes as
footnotes (`[^1]` where the source calls them, `[^1]: …` under the recommendation, italics kept)."""

from __future__ import annotations

import re

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

_MARKUP = re.compile(r"[\\`*_\[\]<>]|&(?=#?\w+;)")


def to_markdown(publication: Publication) -> str:
    lines = [f"# {publication.title}", "", f"*{publication.subtitle}*", ""]
    for section in publication.sections:
        _section(section, 2, lines)
    return "\n".join(lines).rstrip() + "\n"


def _section(section: Section, depth: int, lines: list[str]) -> None:
    lines += [f"{'#' * min(depth, 6)} {escape(section.title)}", ""]
    for block in section.blocks:
        _block(block, lines)
    if lines[-1]:  # a list of index lines ends here
        lines.append("")
    for subsection in section.subsections:
        _section(subsection, depth + 1, lines)


def _block(block: Block, lines: list[str]) -> None:
    if isinstance(block, Paragraph):
        lines += [escape(block.text), ""]
    elif isinstance(block, Table):
        lines.append("| " + " | ".join(block.header) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(block.header) - 1)) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in block.rows]
        lines.append("")
    elif block.reference:  # an index line: where it comes from, then its summary
        lines.append(f"- **{block.reference}** — {escape(block.text)}")
    else:
        _item(block, lines)


def _item(item: Item, lines: list[str]) -> None:
    label = item_label(item, 0)
    lines += [f"**{label}** {_text(item)}" if label else _text(item), ""]
    _subitems(item.subitems, 0, lines)
    for note in item.notes:
        lines += [f"[^{note.label}]: {_note(note)}", ""]


def _subitems(items: list[Item], indent: int, lines: list[str]) -> None:
    for item in items:
        lines.append(f"{'    ' * indent}- {item_label(item, 1)} {_text(item)}")
        _subitems(item.subitems, indent + 1, lines)
    if items and indent == 0:
        lines.append("")


def _text(item: Item) -> str:
    """An item's text, its notes called where the source calls them."""
    return "".join(f"[^{piece.label}]" if isinstance(piece, Note) else escape(piece) for piece in text_pieces(item))


def _note(note: Note) -> str:
    return "".join(f"*{escape(text)}*" if italic else escape(text) for text, italic in note_runs(note))


def escape(text: str) -> str:
    """Markup characters in the register's text stay literal: emphasis, code, links and footnote calls, raw HTML
    ("<b>", "<script>") and character references ("&amp;"), each escaped by a backslash as CommonMark reads it."""
    return _MARKUP.sub(r"\\\g<0>", text)
