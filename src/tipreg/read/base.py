"""The one interface every format reader implements, and the text helpers they share."""

from __future__ import annotations

import math
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

from tipreg.model import Span

PAGE_SEPARATOR = "\n\n"
PARAGRAPH_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Characters that stand for others: ligatures ("ﬁ", "ﬂ", "ﬀ", "ﬃ" … U+FB00-FB06), as pdftotext and some
# conversions leave them, are letters to read and search; Word's Symbol- and Wingdings-font bullets, which PDF and
# text exports carry as private-use characters (U+F0B7, U+F0A7), are the bullet they print.
_WRITTEN_OUT = str.maketrans(
    {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
    | {"\uf0b7": "•", "\uf0a7": "•"}
)


class Unreadable(Exception):
    """Raised by a reader; the caller names the file and turns it into a `ReadError`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReadOptions:
    ocr_languages: str = "spa+eng"  # Tesseract's `-l` argument
    tesseract_cmd: str = "tesseract"
    max_seconds: float | None = None  # how long reading one file may take (checked page by page); None: no limit
    started: float = field(default_factory=time.monotonic)

    def seconds_left(self) -> float:
        return math.inf if self.max_seconds is None else self.max_seconds - (time.monotonic() - self.started)

    def check_time(self, done: str) -> None:
        """Raise `Unreadable` once reading has run past `max_seconds`; `done` says how far it got ("OCR'd 40 of
        3,000 pages"). A PDF of thousands of scanned pages would otherwise hold the whole batch for hours."""
        if self.seconds_left() <= 0:
            raise Unreadable(
                f"stopped after {_duration(self.max_seconds)} of reading, the limit for one file ({done}): split it "
                "into smaller files, or allow more time (tipreg ingest --max-time MINUTES)"
            )


def _duration(seconds: float) -> str:
    return f"{seconds:g} s" if seconds < 60 else f"{seconds / 60:g} min"


@dataclass
class Extract:
    """What a reader returns: the document's text and what it learnt while reading it."""

    text: str
    pages: list[Span] = field(default_factory=list)
    ocr: bool = False
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


class Reader(Protocol):
    """One document format (like docling's backends): chosen by file suffix and by content."""

    format: str  # the value of ReadResult.format
    suffixes: frozenset[str]

    def sniff(self, data: bytes) -> bool:
        """True when the bytes carry this format's signature, whatever the file is called."""
        ...

    def read(self, data: bytes, options: ReadOptions) -> Extract:
        """The document's text; raises `Unreadable` with a reason the user can act on."""
        ...


def normalize_text(text: str) -> str:
    """One newline convention, composed accents, ligatures and Word's font bullets written out, NUL dropped.

    PDF text layers and OCR often store "ó" as "o" + U+0301 while typed text uses the single code point;
    NFC makes both the same string, so searches and spans downstream see one spelling. A ligature ("ﬁnancial")
    is written out as the PDF reader writes it, or no search for "financial" would find the word. A stray NUL
    (some exports leave one) prints nothing, and PostgreSQL's text cannot hold it: a file SQLite stores would fail
    there.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", lines).translate(_WRITTEN_OUT)


def join_pages(pages: list[str]) -> tuple[str, list[Span]]:
    """Normalize each page, join them with a blank line and return the page spans in the joined text."""
    spans: list[Span] = []
    parts: list[str] = []
    offset = 0
    for page in pages:
        part = normalize_text(page).strip()
        spans.append((offset, offset + len(part)))
        parts.append(part)
        offset += len(part) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(parts), spans


def join_paragraphs(paragraphs: list[str]) -> str:
    """Non-empty paragraphs, one blank line between them (the layout the normalize stage expects)."""
    return PARAGRAPH_SEPARATOR.join(p for p in (p.strip() for p in paragraphs) if p)


def superscript(digits: str) -> str:
    """Footnote calls as the seed documents print them: "1" raised becomes "¹"."""
    return digits.translate(_SUPERSCRIPT_DIGITS)
