"""PDF: PyMuPDF's text layer page by page; pages without one are rendered and OCR'd."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from tipreg.read.base import Extract, ReadOptions, Unreadable, join_pages, join_paragraphs, superscript
from tipreg.read.mupdf import pymupdf
from tipreg.read.ocr import OCR_DPI, ocr_images, require_tesseract

# Ligatures are expanded ("ﬁ" → "fi") and whitespace becomes plain spaces: the text is for reading and
# searching, not for redrawing the page.
_TEXT_FLAGS = pymupdf.TEXT_MEDIABOX_CLIP
_SUPERSCRIPT_FLAG = 1
# A superscript is set at about two thirds of the text's size, its baseline raised by a third of it.
_RAISED_SIZE, _RAISED_SHIFT = 0.8, 0.15
_MIN_LETTERS = 20  # fewer on a page that shows an image: a scan with at most a page number in text
# Fonts without a Unicode map come out as U+FFFD or as raw glyph ids, which fall among the control
# characters (a space is often glyph 1 or 3); a few percent of those and the text layer is gibberish.
_UNMAPPED = re.compile(r"[\ufffd\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MAX_UNMAPPED_SHARE = 0.05
_TAIL_BYTES = 2048
# The top of the page a running header is printed in (A4: the top 67 points), above the first line of the text
_HEADER_BAND = 0.08
_DIGITS = re.compile(r"\d+")
_REPAIRED = "the PDF was damaged and has been repaired; check that no text is missing"


@dataclass(frozen=True)
class PdfReader:
    format: str = "pdf"
    suffixes: frozenset[str] = frozenset({".pdf"})

    def sniff(self, data: bytes) -> bool:
        return _has_pdf_header(data)

    def read(self, data: bytes, options: ReadOptions) -> Extract:
        with _open(data) as document:
            warnings = [_REPAIRED] if document.is_repaired else []
            texts = _text_layers(document, options)
            scanned = [i for i, page in enumerate(document) if _needs_ocr(page, texts[i])]
            if scanned:
                require_tesseract(options)
                ocr_texts = ocr_images(_render(document, scanned), options, pages=len(scanned))
                for i, text in zip(scanned, ocr_texts, strict=True):
                    texts[i] = text
                warnings.append(f"{len(scanned)} of {len(texts)} pages had no usable text layer and were OCR'd")
        text, pages = join_pages(texts)
        return Extract(text, pages=pages, ocr=bool(scanned), warnings=warnings)


def _has_pdf_header(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]  # the header may follow a little junk


def _open(data: bytes) -> pymupdf.Document:
    if not _has_pdf_header(data):
        raise Unreadable("damaged or truncated PDF: no %PDF header, this is not a PDF file")
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError) as error:
        raise Unreadable(f"damaged or truncated PDF: {_mupdf_detail(error)}") from error
    refusal = _refusal(document, data)
    if refusal:
        document.close()
        raise Unreadable(refusal)
    return document


def _refusal(document: pymupdf.Document, data: bytes) -> str | None:
    if document.needs_pass:
        return "the PDF is password-protected: save a copy without a password and read that"
    # MuPDF rebuilds what it can of a cut-off file; a download that stopped half-way would pass for a
    # shorter document, so a repaired file without its end marker is refused rather than read in part.
    if document.is_repaired and b"%%EOF" not in data[-_TAIL_BYTES:]:
        return "damaged or truncated PDF: the file ends early (no %%EOF marker); get it again"
    if document.page_count == 0:
        return "damaged or truncated PDF: no pages"
    return None


def _mupdf_detail(error: Exception) -> str:
    warnings = pymupdf.TOOLS.mupdf_warnings().splitlines()
    return warnings[0] if warnings else str(error)


def _text_layers(document: pymupdf.Document, options: ReadOptions) -> list[str]:
    """Each page's text blocks in the order the file writes them, one paragraph each, without the running headers
    of the pages after the first.

    Word, which makes most UN PDFs, writes text in reading order; sorting by position instead puts a
    paragraph number printed in the margin after its paragraph, and PyMuPDF's `sort=True` pads lines
    with layout spaces.
    """
    pages = []
    for page in document:
        options.check_time(f"{page.number:,} of {document.page_count:,} pages read")
        blocks = [block for block in page.get_text("dict", flags=_TEXT_FLAGS)["blocks"] if block["type"] == 0]
        pages.append(
            [
                (block["bbox"][3] <= _HEADER_BAND * page.rect.height, "\n".join(_lines(block["lines"])))
                for block in blocks
            ]
        )
    running = _running_headers(pages)
    return [
        join_paragraphs([text for in_header, text in blocks if not (number and in_header and _key(text) in running)])
        for number, blocks in enumerate(pages)
    ]


def _running_headers(pages: list[list[tuple[bool, str]]]) -> set[str]:
    """What a running header prints at the top of the pages after the first (a title, a symbol, a chapter): a line
    above the text that recurs there on another page, or repeats a line of the first page (the title it runs)."""
    headers = Counter(key for blocks in pages[1:] for key in {_key(text) for in_header, text in blocks if in_header})
    first = {_key(text) for _, text in pages[0]} if pages else set()
    return {key for key, pages_with_it in headers.items() if pages_with_it > 1 or key in first}


def _key(text: str) -> str:
    """A header's text as it recurs: its page or chapter number aside, however it wraps."""
    return _DIGITS.sub("0", " ".join(text.split()))


def _lines(lines: list[dict]) -> list[str]:
    """Lines of one block; pieces on the same baseline ("1." then its tab-separated text) become one line."""
    merged: list[tuple[tuple[float, ...], str]] = []
    for line in lines:
        spans = line["spans"]
        piece = "".join(_span_text(span, spans[i + 1 : i + 2]) for i, span in enumerate(spans)).strip()
        if merged and _same_baseline(merged[-1][0], line["bbox"]):
            merged[-1] = (line["bbox"], f"{merged[-1][1]} {piece}")
        else:
            merged.append((line["bbox"], piece))
    return [text for _, text in merged]


def _span_text(span: dict, after: list[dict]) -> str:
    """The span's text, raised digits (a note call, a note's number) as superscript digits."""
    text = span["text"]
    return superscript(text) if text.strip().isdigit() and _is_raised(span, after) else text


def _is_raised(span: dict, after: list[dict]) -> bool:
    """MuPDF flags a superscript against the text before it, so a note's number that opens its line at the foot of
    the page ("¹Naciones Unidas …", set without a space) is told by the text after it: larger, on a lower baseline."""
    if span["flags"] & _SUPERSCRIPT_FLAG:
        return True
    following = after[0] if after else None
    return bool(
        following
        and span["size"] <= _RAISED_SIZE * following["size"]
        and span["origin"][1] < following["origin"][1] - _RAISED_SHIFT * following["size"]
    )


def _same_baseline(left: tuple[float, ...], right: tuple[float, ...]) -> bool:
    overlap = min(left[3], right[3]) - max(left[1], right[1])
    return right[0] >= left[2] - 1 and overlap > 0.5 * min(left[3] - left[1], right[3] - right[1])


def _needs_ocr(page: pymupdf.Page, text: str) -> bool:
    if len(_UNMAPPED.findall(text)) > _MAX_UNMAPPED_SHARE * len(text.replace(" ", "")):
        return True
    return sum(c.isalpha() for c in text) < _MIN_LETTERS and bool(page.get_image_info())


def _render(document: pymupdf.Document, page_numbers: list[int]) -> Iterator[bytes]:
    for number in page_numbers:
        pixmap = document[number].get_pixmap(dpi=OCR_DPI, colorspace=pymupdf.csGRAY)
        yield pixmap.tobytes("png")
