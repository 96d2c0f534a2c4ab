"""Markdown: the text as its reader sees it printed, in the layout the text stages read.

A compilation or report written in Markdown marks what a printed document shows by its layout: "## I. Primera
reunión" is the heading "I. Primera reunión", "**1.**" the paragraph's number, "[^1]" the raised call of the
footnote "[^1]: …", "\\*" an asterisk. Each is written as the other readers write it (the heading's words, "1.",
"¹", "¹ …"); the list markers before sub-items ("- a)"), emphasis and links are what the text stages already read
in the family's text files, and stay. No Markdown library is among the dependencies: this handles what such
documents use, line by line (headings, footnotes, escapes, a paragraph's emphasised number, table rows), not the
whole of CommonMark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipreg.read.base import Extract, ReadOptions, superscript
from tipreg.read.text import TextReader

_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$")
_NOTE_CALL = re.compile(r"(?<!\\)\[\^(?P<label>[^\]\s]+)\]")
_CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<text>\S.*)$")  # a footnote's further lines are indented
# "**1.** Los Estados …": the number a renderer sets in bold, as a printed paragraph's number is read
_EMPHASISED_NUMBER = re.compile(r"^(?P<indent>\s*)(?P<mark>\*{1,2}|_{1,2})(?P<number>\d{1,3}\.)(?P=mark)(?=\s)")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_ESCAPE = re.compile(r"\\(?P<character>[!-/:-@\[-`{-~])")  # CommonMark's escapable ASCII punctuation
_HARD_BREAK = re.compile(r"(?:\\| {2,})$")


@dataclass(frozen=True)
class MarkdownReader:
    format: str = "md"
    suffixes: frozenset[str] = frozenset({".md", ".markdown"})

    def sniff(self, data: bytes) -> bool:
        return False  # Markdown is text: chosen by its name

    def read(self, data: bytes, options: ReadOptions) -> Extract:
        extract = TextReader(self.format, self.suffixes).read(data, options)
        extract.text = markdown_text(extract.text)
        return extract


def markdown_text(markdown: str) -> str:
    """The text a Markdown document prints, its footnotes numbered in the order they are first called (as a
    Markdown renderer numbers them) and set as "¹ text" paragraphs where they are defined."""
    numbers = _note_numbers(markdown)
    lines: list[str] = []
    in_note = False
    for line in markdown.split("\n"):
        if in_note and (continued := _CONTINUATION.match(line)):
            lines[-1] += " " + _inline(continued["text"], numbers)
            continue
        definition = _NOTE_DEFINITION.match(line)
        in_note = bool(definition)
        if definition:
            lines.append(f"{_note_mark(definition['label'], numbers)} {_inline(definition['text'], numbers)}")
        elif heading := _HEADING.match(line):
            lines.append(_inline(heading["text"] or "", numbers))
        elif _TABLE_DELIMITER.match(line):  # a table's rule under its header row, or a thematic break
            continue
        elif row := _TABLE_ROW.match(line):
            lines.append(" | ".join(_inline(cell.strip(), numbers) for cell in row["cells"].split("|")))
        else:
            lines.append(_inline(_EMPHASISED_NUMBER.sub(r"\g<indent>\g<number>", line), numbers))
    return "\n".join(lines)


def _note_numbers(markdown: str) -> dict[str, int]:
    """Each footnote label's number: in the order of the first calls, then any defined but never called."""
    called: list[str] = []
    defined: list[str] = []
    for line in markdown.split("\n"):
        definition = _NOTE_DEFINITION.match(line)
        if definition:
            defined.append(definition["label"])
        called += [call["label"] for call in _NOTE_CALL.finditer(definition["text"] if definition else line)]
    return {label: number for number, label in enumerate(dict.fromkeys(called + defined), start=1)}


def _note_mark(label: str, numbers: dict[str, int]) -> str:
    return superscript(str(numbers[label])) if label in numbers else f"[^{label}]"


def _inline(text: str, numbers: dict[str, int]) -> str:
    """A line's calls raised, its escapes written as the characters they stand for, a hard break's mark dropped."""
    text = _NOTE_CALL.sub(lambda call: _note_mark(call["label"], numbers), _HARD_BREAK.sub("", text))
    return _ESCAPE.sub(r"\g<character>", text)
