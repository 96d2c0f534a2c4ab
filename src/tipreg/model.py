"""Plain data passed between the pipeline stages (read → normalize → segment → store).

Every stage takes and returns these dataclasses; none of them knows about the
web framework or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


class ReadError(Exception):
    """A file that cannot become a document; `reason` is one line a user can act on."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass
class ReadResult:
    """What a reader makes of one file: its text as published, spans index into `text`."""

    file: str  # the file's name, as given to the user in exports
    path: str
    format: str  # txt, md, pdf, docx, html
    text: str
    sha256: str
    size: int
    encoding: str | None = None  # for byte formats decoded as text
    ocr: bool = False  # text came from Tesseract, not from a text layer
    pages: list[Span] = field(default_factory=list)  # page spans in `text`, when the format has pages
    warnings: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One logical paragraph: hard wraps joined, hyphens mended, running headers dropped.

    `text` is not yet repaired; `start`/`end` is its span in `ReadResult.text`.
    """

    text: str
    start: int
    end: int


@dataclass
class Note:
    """A footnote, kept out of the provisions' text."""

    label: str
    text: str
    start: int
    end: int


@dataclass
class CleanText:
    blocks: list[Block]
    notes: list[Note] = field(default_factory=list)
    noise_lines: int = 0  # running headers, footers and page marks dropped


@dataclass(frozen=True)
class Repair:
    """One change made by the accent/OCR repair: `start`/`end` index the unrepaired string."""

    start: int
    end: int
    old: str
    new: str


@dataclass
class SubItem:
    label: str  # as printed, without the parenthesis: "a", "iii"
    text: str  # repaired
    text_original: str
    subitems: list[SubItem] = field(default_factory=list)


@dataclass
class Provision:
    kind: str  # recommendation, operative_paragraph, preambular_paragraph
    number: str | None  # as printed
    meeting: int | None
    year: int | None
    heading: str | None  # the document's own section heading over the provision
    text: str  # repaired, one paragraph, sub-items included
    text_original: str
    span: Span  # in ReadResult.text
    subitems: list[SubItem] = field(default_factory=list)
    repairs: int = 0
    notes: list[str] = field(default_factory=list)  # labels of footnotes cited in the text


DOCUMENT_TYPES = ("meeting_report", "compilation", "background_paper", "resolution", "unknown")
# a paper's numbered paragraphs are kept as entries of their own kind: searchable, never recommendations
PROVISION_KINDS = ("recommendation", "operative_paragraph", "preambular_paragraph", "paragraph")


@dataclass
class DocumentMeta:
    type: str  # one of DOCUMENT_TYPES
    language: str | None
    date: str | None  # ISO date of issue
    meeting: int | None  # ordinal of the Working Group meeting the document reports on
    year: int | None
    symbol: str | None
    title: str | None
    headings: list[str] = field(default_factory=list)


@dataclass
class Document:
    source: ReadResult
    meta: DocumentMeta
    clean: CleanText
    provisions: list[Provision] = field(default_factory=list)
