"""Word's automatic list numbers ("1.", "a)", "iii)"), which python-docx does not render.

Paragraph numbers and sub-item letters of UN documents are usually automatic, so without this the text
would lose the labels that recommendations are cited by. The rules followed (ECMA-376 part 1, 17.9):
- a paragraph is numbered by its own `w:numPr` or by its style's (through `basedOn`); a style numbered
  without a level takes the level whose `w:pStyle` names it; numId 0 removes the numbering;
- `w:num` instances of one `w:abstractNum` share its counters (Word continues such lists) unless a
  `w:startOverride` restarts a level the first time the instance is used;
- a level restarts after any shallower level is used, or as `w:lvlRestart` says;
- `w:lvlText` "%1.%2)" shows level 1's and level 2's current numbers in their own formats
  (all decimal under `w:isLgl`); bullets are written "-".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from tipreg.read.labels import format_number

_BULLET = "-"
_PLACEHOLDER = re.compile(r"%([1-9])")
_MAX_STYLE_DEPTH = 20  # basedOn chains are short; this only guards against a cycle in a broken file


@dataclass(frozen=True)
class Level:
    start: int
    style: str  # numFmt
    pattern: str  # lvlText
    restart_after: int | None  # lvlRestart: 0 never, n after level n (1-based) is used
    legal: bool
    separator: str  # what `w:suff` puts between the label and the text (a tab, as a space)
    paragraph_style: str | None


@dataclass(frozen=True)
class _NumPr:
    """What a paragraph or style says about its numbering; None where it says nothing."""

    num_id: str | None = None
    level: int | None = None


class ListNumbers:
    """Counts list items through one document; call `prefix` for every paragraph, in document order."""

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None) -> None:
        numbering = etree.fromstring(numbering_xml) if numbering_xml else None
        styles = etree.fromstring(styles_xml) if styles_xml else None
        abstracts = _abstract_levels(numbering)
        self._abstract_of: dict[str, str] = {}
        self._overrides: dict[str, dict[int, int]] = {}
        for num in _children(numbering, "w:num"):
            num_id, abstract_id = num.get(qn("w:numId")), _val(num, "w:abstractNumId")
            if num_id is not None and abstract_id in abstracts:
                self._abstract_of[num_id] = abstract_id
                self._overrides[num_id] = _start_overrides(num)
        self._levels = abstracts
        paragraph_styles = [s for s in _children(styles, "w:style") if s.get(qn("w:type")) == "paragraph"]
        self._style_numbering = {s.get(qn("w:styleId")): _num_pr(s.find(qn("w:pPr"))) for s in paragraph_styles}
        self._based_on = {s.get(qn("w:styleId")): _val(s, "w:basedOn") for s in paragraph_styles}
        self._default_style = next(
            (s.get(qn("w:styleId")) for s in paragraph_styles if s.get(qn("w:default")) in ("1", "true")), None
        )
        self._counters: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()

    def prefix(self, paragraph: etree._Element) -> str:
        """The label and separator the paragraph shows ("1. ", "a) "), or ""; advances the count."""
        properties = paragraph.find(qn("w:pPr"))
        style_id = _val(properties, "w:pStyle") or self._default_style
        numbering = _num_pr(properties)
        for style in self._style_chain(style_id):
            inherited = self._style_numbering.get(style, _NumPr())
            numbering = _NumPr(
                numbering.num_id if numbering.num_id is not None else inherited.num_id,
                numbering.level if numbering.level is not None else inherited.level,
            )
        abstract_id = self._abstract_of.get(numbering.num_id or "")
        if abstract_id is None:
            return ""
        levels = self._levels[abstract_id]
        index = numbering.level
        if index is None:
            index = next((i for i, level in levels.items() if level.paragraph_style == style_id), 0)
        if index not in levels:
            return ""
        counters = self._advance(numbering.num_id or "", abstract_id, index)
        level = levels[index]
        label = _BULLET if level.style == "bullet" else _render(level, levels, counters)
        return f"{label}{level.separator}" if label else ""

    def _style_chain(self, style_id: str | None) -> Iterator[str]:
        for _ in range(_MAX_STYLE_DEPTH):
            if style_id is None:
                return
            yield style_id
            style_id = self._based_on.get(style_id)

    def _advance(self, num_id: str, abstract_id: str, index: int) -> dict[int, int]:
        levels = self._levels[abstract_id]
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._used:
            self._used.add(num_id)
            for overridden, start in self._overrides[num_id].items():
                counters[overridden] = start - 1
        counters[index] = counters.get(index, levels[index].start - 1) + 1
        for deeper, level in levels.items():
            if deeper > index and _restarts(level, index):
                counters.pop(deeper, None)
        return counters


def _restarts(level: Level, used_index: int) -> bool:
    if level.restart_after is None:
        return True
    return level.restart_after != 0 and used_index < level.restart_after


def _render(level: Level, levels: dict[int, Level], counters: dict[int, int]) -> str:
    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        shown = levels.get(index, level)
        value = counters.get(index, shown.start)
        return format_number(value, "decimal" if level.legal else shown.style)

    return _PLACEHOLDER.sub(number, level.pattern)


def _abstract_levels(numbering: etree._Element | None) -> dict[str, dict[int, Level]]:
    parsed = {a.get(qn("w:abstractNumId")): a for a in _children(numbering, "w:abstractNum")}
    # A list style's abstractNum only points (numStyleLink) at the abstractNum that defines the levels.
    by_style_link = {_val(a, "w:styleLink"): key for key, a in parsed.items() if _val(a, "w:styleLink")}
    levels = {}
    for key, abstract in parsed.items():
        source = parsed.get(by_style_link.get(_val(abstract, "w:numStyleLink") or ""), abstract)
        levels[key] = {int(lvl.get(qn("w:ilvl")) or 0): _level(lvl) for lvl in source.iterfind(qn("w:lvl"))}
    return levels


def _level(lvl: etree._Element) -> Level:
    index = int(lvl.get(qn("w:ilvl")) or 0)
    restart = _val(lvl, "w:lvlRestart")
    legal = lvl.find(qn("w:isLgl"))
    return Level(
        start=int(_val(lvl, "w:start") or 1),
        style=_val(lvl, "w:numFmt") or "decimal",
        pattern=_val(lvl, "w:lvlText") or f"%{index + 1}.",
        restart_after=int(restart) if restart is not None else None,
        legal=legal is not None and legal.get(qn("w:val")) not in ("0", "false"),
        separator="" if _val(lvl, "w:suff") == "nothing" else " ",
        paragraph_style=_val(lvl, "w:pStyle"),
    )


def _start_overrides(num: etree._Element) -> dict[int, int]:
    return {
        int(override.get(qn("w:ilvl")) or 0): int(start)
        for override in num.iterfind(qn("w:lvlOverride"))
        if (start := _val(override, "w:startOverride")) is not None
    }


def _num_pr(properties: etree._Element | None) -> _NumPr:
    num_pr = properties.find(qn("w:numPr")) if properties is not None else None
    if num_pr is None:
        return _NumPr()
    level = _val(num_pr, "w:ilvl")
    return _NumPr(_val(num_pr, "w:numId"), int(level) if level is not None else None)


def _children(root: etree._Element | None, tag: str) -> list[etree._Element]:
    return [] if root is None else list(root.iterfind(qn(tag)))


def _val(parent: etree._Element | None, tag: str) -> str | None:
    """The `w:val` of `parent`'s child `tag`: how WordprocessingML stores almost every property."""
    child = parent.find(qn(tag)) if parent is not None else None
    return None if child is None else child.get(qn("w:val"))
