"""Markdown: headings by depth, recommendations as numbered paragraphs, sub-items as nested lists, notes quoted."""

from __future__ import annotations

from tipreg.publish.document import Block, Item, Paragraph, Publication, Section, Table, item_label
from tipreg.publish.wording import words


def to_markdown(publication: Publication) -> str:
    lines = [f"# {publication.title}", "", f"*{publication.subtitle}*", ""]
    for section in publication.sections:
        _section(section, 2, publication.lang, lines)
    return "\n".join(lines).rstrip() + "\n"


def _section(section: Section, depth: int, lang: str, lines: list[str]) -> None:
    lines += [f"{'#' * min(depth, 6)} {section.title}", ""]
    for block in section.blocks:
        _block(block, lang, lines)
    if lines[-1]:  # a list of index lines ends here
        lines.append("")
    for subsection in section.subsections:
        _section(subsection, depth + 1, lang, lines)


def _block(block: Block, lang: str, lines: list[str]) -> None:
    if isinstance(block, Paragraph):
        lines += [_escape(block.text), ""]
    elif isinstance(block, Table):
        lines.append("| " + " | ".join(block.header) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(block.header) - 1)) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in block.rows]
        lines.append("")
    elif block.reference:  # an index line: where it comes from, then its summary
        lines.append(f"- **{block.reference}** — {_escape(block.text)}")
    else:
        _item(block, lang, lines)


def _item(item: Item, lang: str, lines: list[str]) -> None:
    lines += [f"**{item_label(item, 0)}** {_escape(item.text)}", ""]
    _subitems(item.subitems, 0, lines)
    for note in item.notes:
        lines += [f"> {words(lang)['note'].format(label=note.label)}: {note.text}", ""]


def _subitems(items: list[Item], indent: int, lines: list[str]) -> None:
    for item in items:
        lines.append(f"{'    ' * indent}- {item_label(item, 1)} {_escape(item.text)}")
        _subitems(item.subitems, indent + 1, lines)
    if items and indent == 0:
        lines.append("")


def _escape(text: str) -> str:
    """Markup characters in the register's text stay literal."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
