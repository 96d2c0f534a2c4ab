"""Plain text and Markdown: bytes to str, whatever encoding the file was saved in."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from tipreg.read.base import Extract, ReadOptions, Unreadable, normalize_text

_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_FOREIGN_SIGNATURES = (
    (b"PK\x03\x04", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office file (.doc, .xls): save it as DOCX or PDF"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "program"),
    (b"MZ", "Windows program"),
)
MIXED_ENCODING = "utf-8+cp1252"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # tab, newlines and form feed are text
_MAX_CONTROL_SHARE = 0.01
_MAX_NON_ASCII_LETTER_SHARE = 0.3  # Spanish runs at about 3 %, French at 4 %
_SAMPLE_CHARS = 100_000


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """The text, the encoding it was read with and a warning unless that was UTF-8.

    Raises `Unreadable` for binary content.
    """
    text, encoding = _decode(data)
    sample = text[:_SAMPLE_CHARS]
    if len(_CONTROL_CHARACTERS.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise _binary(data)
    if encoding == MIXED_ENCODING:
        return text, encoding, ["mixed encodings: lines that are not UTF-8 were decoded as cp1252"]
    return text, encoding, [] if encoding == "utf-8" else [f"decoded as {encoding} (not UTF-8)"]


def starts_with_bom(data: bytes) -> bool:
    return data.startswith(tuple(bom for bom, _, _ in _BOMS))


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom) and codec == "utf-8-sig":
            return _utf8_with_bom(data, bom)
        if data.startswith(bom):
            return _strict(data, codec), name
    utf16 = _utf16_by_nul_pattern(data)
    if utf16:
        return _strict(data, utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise _binary(data)
    mixed = _utf8_with_cp1252_lines(data)
    if mixed is not None:
        return mixed, MIXED_ENCODING
    western = _as_western_european(data)
    if western is not None:
        return western, "cp1252"
    match = from_bytes(data).best()
    if match is None:
        raise _binary(data)
    return str(match), match.encoding


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise _binary(data) from error


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """UTF-16 without a BOM: Latin-script text has a NUL in every other byte."""
    sample = data[:4096]
    half = len(sample) // 2
    if half == 0:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _utf8_with_bom(data: bytes, bom: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        mixed = _utf8_with_cp1252_lines(data[len(bom) :], declared=True)
    if mixed is None:
        raise _binary(data)
    return mixed, MIXED_ENCODING


def _utf8_with_cp1252_lines(data: bytes, *, declared: bool = False) -> str | None:
    """A UTF-8 file with lines pasted from a cp1252 one (a legacy note appended, two files joined).

    Read whole as cp1252, every accent of its UTF-8 part would become two letters ("deberÃ­an"); cp1252 text
    almost never holds a valid UTF-8 sequence, so a file with UTF-8 accents on some lines is UTF-8 there, and so
    is a file `declared` UTF-8 by its byte-order mark.
    """
    utf8_accents = 0
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
            utf8_accents += not line.isascii()
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                return None
    return "".join(lines) if utf8_accents or declared else None


def _as_western_european(data: bytes) -> str | None:
    """cp1252 when the bytes read as a Western European language.

    charset-normalizer cannot tell the Latin code pages apart on Spanish or French text (it picks cp1250
    and turns "ñ" into "ń"). Legacy files from Spanish, English and French offices are cp1252, a superset
    of Latin-1's printable characters; text in another script read as cp1252 becomes mostly non-ASCII
    letters, which the share test rejects and leaves to charset-normalizer.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text[:_SAMPLE_CHARS] if c.isalpha()]
    non_ascii = sum(1 for c in letters if not c.isascii())
    return text if letters and non_ascii <= _MAX_NON_ASCII_LETTER_SHARE * len(letters) else None


def _binary(data: bytes) -> Unreadable:
    kind = next((name for signature, name in _FOREIGN_SIGNATURES if data.startswith(signature)), None)
    return Unreadable(
        f"binary content ({kind}), not a text document" if kind else "binary content, not a text document"
    )


@dataclass(frozen=True)
class TextReader:
    format: str
    suffixes: frozenset[str]

    def sniff(self, data: bytes) -> bool:
        return False  # plain text has no signature: it is chosen by its name

    def read(self, data: bytes, options: ReadOptions) -> Extract:
        text, encoding, warnings = decode_text(data)
        if not text.strip():
            raise Unreadable("empty file")
        return Extract(normalize_text(text), encoding=encoding, warnings=warnings)
