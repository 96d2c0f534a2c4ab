"""The readers, and which one a file gets: by what its content is, else by what its name says."""

from __future__ import annotations

from tipreg.read.base import Reader, Unreadable
from tipreg.read.html import HtmlReader
from tipreg.read.image import ImageReader
from tipreg.read.markdown import MarkdownReader
from tipreg.read.pdf import PdfReader
from tipreg.read.text import TextReader
from tipreg.read.word import DocxReader

READERS: tuple[Reader, ...] = (
    PdfReader(),
    DocxReader(),
    ImageReader(),
    HtmlReader(),
    TextReader("txt", frozenset({".txt"})),
    MarkdownReader(),
)
SUPPORTED_SUFFIXES = frozenset(suffix for reader in READERS for suffix in reader.suffixes)
_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}


def choose_reader(data: bytes, suffix: str) -> tuple[Reader, list[str]]:
    """The reader for these bytes, and a warning when the content and the name disagree.

    A signature in the content wins (a PDF saved as .txt is read as the PDF it is); text, which has no
    signature, is read by its name.
    """
    suffix = suffix.lower()
    named = _BY_SUFFIX.get(suffix)
    sniffed = next((reader for reader in READERS if reader.sniff(data)), None)
    if sniffed is None:
        if named is None:
            raise Unreadable(unsupported_reason(suffix))
        return named, []
    if named is None or named.format != sniffed.format:
        kind = sniffed.format.upper()
        return sniffed, [f"named {suffix or 'without a type'} but the content is {kind}: read as {kind}"]
    return sniffed, []


def unsupported_reason(suffix: str) -> str:
    return f"unsupported file type '{suffix or 'no suffix'}'; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"
