"""Read documents as they are published (text, Markdown, PDF, scanned PDF, DOCX, HTML, page images).

One reader per format (see `formats`), chosen by file name and content; every reader returns the
document's text, and `read_bytes` wraps it in the `ReadResult` the later stages use.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tipreg.model import ReadError, ReadResult
from tipreg.read.base import ReadOptions, Unreadable
from tipreg.read.files import collect_files
from tipreg.read.formats import SUPPORTED_SUFFIXES, choose_reader

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_SECONDS", "SUPPORTED_SUFFIXES", "collect_files", "read_bytes", "read_file"]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# Reading one file gives up after this: OCR takes about 2 s a dense page on one core, so 20 minutes read some
# 600 scanned pages a core, far past the family's longest documents (about 100,000 characters, 40-odd pages).
DEFAULT_MAX_SECONDS = 20 * 60
# Text past this is refused: the family's longest document runs to about 100,000 characters, and the later
# stages take some 70 bytes of memory and 30 µs per character (10 million: 700 MB, 5 minutes), so a
# 200 MB text file would exhaust the machine's memory, and the batch with it.
MAX_TEXT_CHARACTERS = 10_000_000


def read_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    ocr_languages: str = "spa+eng",
    tesseract_cmd: str = "tesseract",
) -> ReadResult:
    """Read one document; raises `ReadError` with a one-line reason when it cannot be read, or when reading it
    takes longer than `max_seconds`."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ReadError(path.name, "a folder, not a file")
        _check_size(path.stat().st_size, max_bytes)  # before loading a file that may be huge
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise ReadError(path.name, "no such file or folder") from error
    except OSError as error:
        raise ReadError(path.name, f"cannot be opened: {error.strerror}") from error
    except Unreadable as error:
        raise ReadError(path.name, error.reason) from error
    options = ReadOptions(ocr_languages, tesseract_cmd, max_seconds)
    return _read(data, path.name, str(path.absolute()), max_bytes, options)


def read_bytes(
    data: bytes,
    file: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    ocr_languages: str = "spa+eng",
    tesseract_cmd: str = "tesseract",
) -> ReadResult:
    """Read a document held in memory (an upload); `file` is its name, which gives its type."""
    return _read(data, Path(file).name, file, max_bytes, ReadOptions(ocr_languages, tesseract_cmd, max_seconds))


def _read(data: bytes, file: str, path: str, max_bytes: int, options: ReadOptions) -> ReadResult:
    try:
        _check_size(len(data), max_bytes)
        if not data or data.isspace():
            raise Unreadable("empty file")
        reader, warnings = choose_reader(data, Path(file).suffix)
        extract = reader.read(data, options)
        if not extract.text.strip():
            raise Unreadable("no text found in the document")
        if len(extract.text) > MAX_TEXT_CHARACTERS:
            raise Unreadable(
                f"{len(extract.text) / 1e6:,.1f} million characters of text, over the {MAX_TEXT_CHARACTERS / 1e6:,.0f} "
                "million limit (the longest documents of the family run to about 100,000): split it into documents"
            )
    except Unreadable as error:
        raise ReadError(file, error.reason) from error
    return ReadResult(
        file=file,
        path=path,
        format=reader.format,
        text=extract.text,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=extract.encoding,
        ocr=extract.ocr,
        pages=extract.pages,
        warnings=warnings + extract.warnings,
    )


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise Unreadable(f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit")


def _human_size(size: int) -> str:
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
