"""Rebuild logical paragraphs from text as published.

PDF and OCR text is hard-wrapped, hyphenated at line ends, interrupted by running page
furniture (job numbers such as "V.19-07659", the document symbol, "3/30" page marks) and by
footnotes printed at the bottom of each page, which can fall between two lines of one paragraph.
`rebuild_paragraphs` drops the furniture, sets the footnotes aside as notes and joins the rest
into `Block`s that keep their span in the original text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tipreg.model import Block, CleanText, Note
from tipreg.normalize.markers import (
    FOOTNOTE,
    LETTER_HEADING,
    PLAIN_FOOTNOTE,
    RECOMMENDATION_HEADING,
    ROMAN_HEADING,
    starts_structure,
)

JOB_NUMBER = r"V\.\d{2}-\d{5}(?:\s*\([A-Z]\))?"
PAGE_MARK = r"(?:\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|(?:Página|Page)\s+\d{1,3}(?:\s+(?:de|of)\s+\d{1,3})?)"
UN_SYMBOL = r"(?:[A-Z]{1,6}(?:\.\d{1,3})?/)+[A-Za-z0-9.]+(?:/[A-Za-z0-9.]+)*"
# A line made only of page furniture: job number, page mark, symbol, in any order.
FURNITURE_LINE = re.compile(rf"^(?:(?:{JOB_NUMBER}|{PAGE_MARK}|{UN_SYMBOL})\s*){{1,3}}$")
STRONG_FURNITURE = re.compile(rf"(?:{JOB_NUMBER}|^{PAGE_MARK}$|^{PAGE_MARK}\s|\s{PAGE_MARK}$)")
SYMBOL_ONLY = re.compile(rf"^{UN_SYMBOL}$")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}([^*\n]+?)\*{1,2}(?![\w*])")
TERMINAL = ".:;!?"
SOFT_END = TERMINAL + ",)»”\"'"


@dataclass
class Line:
    text: str  # stripped
    start: int  # offset of the stripped text in the original
    end: int


def split_lines(text: str) -> list[Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append(Line(stripped, offset + lead, offset + lead + len(stripped)))
        offset += len(raw) + 1
    return lines


def furniture_indexes(lines: list[Line]) -> set[int]:
    """Indexes of running headers/footers. A bare symbol line counts only when it recurs or
    when the document has other page furniture, because a symbol can also end a wrapped line."""
    strong = {i for i, ln in enumerate(lines) if FURNITURE_LINE.match(ln.text) and not SYMBOL_ONLY.match(ln.text)}
    strong = {i for i in strong if STRONG_FURNITURE.search(lines[i].text)}
    symbol_lines = [i for i, ln in enumerate(lines) if SYMBOL_ONLY.match(ln.text)]
    counts = Counter(lines[i].text for i in symbol_lines)
    recurring = {i for i in symbol_lines if counts[lines[i].text] >= 2 or (strong and counts[lines[i].text] >= 1)}
    # A bare symbol that ends a sentence ("... CTOC/COP/WG.4/2021/INF/1/Rev.1.") is text, not furniture.
    return strong | {i for i in recurring if not lines[i].text.endswith(".")}


def cited_note_labels(text: str) -> set[str]:
    """Plain-digit footnote labels cited in the text as digits glued to a word ("recomendaciones1")."""
    return set(re.findall(r"(?<=[a-záéíóúñ”»)])(\d{1,2})(?=[\s.,;:]|$)", text))


def note_at(lines: list[Line], i: int, cited: set[str]) -> Note | None:
    line = lines[i].text
    match = FOOTNOTE.match(line)
    if not match:
        match = PLAIN_FOOTNOTE.match(line)
        if not match or match["label"] not in cited or len(line) > 400:
            return None
        # A plain number can also start a wrapped line ("15 de mayo ..."); a note sits after a gap.
        if i > 0 and lines[i - 1].text and not lines[i - 1].text.endswith(tuple(SOFT_END)):
            return None
    return Note(label=match["label"], text=match["text"].strip(), start=lines[i].start, end=lines[i].end)


def is_closed_heading(line: str) -> bool:
    """Headings that are one line by construction: nothing wraps onto them."""
    return bool(RECOMMENDATION_HEADING.match(line))


def is_section_heading(line: str) -> bool:
    return bool(ROMAN_HEADING.match(line) or LETTER_HEADING.match(line)) and not line.endswith(".")


def typical_width(lines: list[Line]) -> int:
    lengths = sorted(len(ln.text) for ln in lines if ln.text)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


@dataclass
class Gap:
    blank_lines: int = 0
    page_break: bool = False  # furniture or footnotes removed between the two lines


def continues(prev: str, line: str, gap: Gap, width: int) -> bool:
    """Whether `line` continues the paragraph whose last line is `prev`."""
    if starts_structure(line) or is_closed_heading(prev):
        return False
    starts_lower = line[:1].islower() or line[:1] in '(“"«'
    if is_section_heading(prev):
        return starts_lower and gap.blank_lines == 0
    if gap.blank_lines == 0 and not gap.page_break:
        ends_paragraph = prev.endswith(tuple(SOFT_END)) and len(prev) < 0.7 * width and line[:1].isupper()
        return not ends_paragraph
    if starts_lower:
        return True
    # A page break can split a sentence anywhere; a paragraph never ends without punctuation.
    broken = gap.page_break or gap.blank_lines >= 2
    return broken and not prev.endswith(tuple(SOFT_END)) and len(prev) > 40


def join_lines(prev: str, line: str) -> str:
    if re.search(r"[a-záéíóúñü]-$", prev) and line[:1].islower():
        return prev[:-1] + line  # hyphenated at the line end
    return f"{prev} {line}"


def clean_markup(text: str) -> str:
    """Drop the markdown of converted documents: "[CTOC/COP/WG.4/2019/1](#)", "*Insta*"."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = MARKDOWN_EMPHASIS.sub(r"\1", text)
    return re.sub(r"[ \t\u00a0]{2,}", " ", text)


def rebuild_paragraphs(text: str) -> CleanText:
    lines = split_lines(text)
    furniture = furniture_indexes(lines)
    cited = cited_note_labels(text)
    width = typical_width(lines)
    blocks: list[Block] = []
    notes: list[Note] = []
    current: list[str] = []  # raw lines of the open block
    current_text = ""
    start = end = 0
    gap = Gap()
    open_note: Note | None = None

    def close() -> None:
        nonlocal current, current_text
        if current:
            blocks.append(Block(text=clean_markup(current_text), start=start, end=end))
        current, current_text = [], ""

    for i, ln in enumerate(lines):
        if not ln.text:
            gap.blank_lines += 1
            open_note = None
            continue
        if i in furniture:
            gap.page_break = True
            open_note = None
            continue
        note = note_at(lines, i, cited)
        if note:
            notes.append(note)
            open_note = note if not note.text.endswith((".", ")")) else None
            gap.page_break = True
            continue
        if open_note is not None and gap.blank_lines == 0 and not starts_structure(ln.text):
            open_note.text = join_lines(open_note.text, ln.text)
            open_note.end = ln.end
            open_note = None if open_note.text.endswith(".") else open_note
            continue
        open_note = None
        if current and continues(current[-1], ln.text, gap, width):
            current.append(ln.text)
            current_text = join_lines(current_text, ln.text)
        else:
            close()
            current, current_text, start = [ln.text], ln.text, ln.start
        end = ln.end
        gap = Gap()
    close()
    return CleanText(blocks=blocks, notes=notes, noise_lines=len(furniture))
