"""read → normalize → segment: one file in, one `Document` out. No persistence here."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

from tipreg.model import Document, DocumentMeta, Provision, ReadResult
from tipreg.normalize.layout import rebuild_paragraphs
from tipreg.normalize.repair import repair_text
from tipreg.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS, read_file
from tipreg.segment.meta import read_meta
from tipreg.segment.provisions import extract_provisions

SEGMENTED_LANGUAGES = ("es", "en")
# Far longer than any provision of the family (the sample's longest is under 5,000 characters): a provision
# this long has swallowed the text after it, and the document's structure was not read as printed.
LONG_PROVISION = 20_000


def process(source: ReadResult) -> Document:
    clean = rebuild_paragraphs(source.text)
    meta = read_meta(clean.blocks, source.text)
    repair = partial(repair_text, language=meta.language)
    meta.headings = [repair(heading)[0] for heading in meta.headings]
    provisions = extract_provisions(clean.blocks, clean.notes, meta, repair)
    source.warnings.extend(content_warnings(meta, provisions))
    return Document(source=source, meta=meta, clean=clean, provisions=provisions)


def content_warnings(meta: DocumentMeta, provisions: list[Provision]) -> list[str]:
    """What a user should know about a document that yields nothing: it is kept whole, shown on its page."""
    if provisions or meta.type == "background_paper":
        return [
            f"{_named(provision)} is {len(provision.text):,} characters long: the text after it was probably "
            "read into it; check the document's structure"
            for provision in provisions
            if len(provision.text) > LONG_PROVISION
        ]
    if meta.language not in SEGMENTED_LANGUAGES:
        language = f"in language '{meta.language}'" if meta.language else "of unknown language"
        return [
            f"no provisions extracted: the document is {language}, and provisions are read from Spanish "
            "and English documents; kept whole, shown on its document page but not searched"
        ]
    if meta.type == "unknown":
        return [
            "no provisions extracted: not recognised as a report, compilation, background paper or "
            "resolution of the Working Group's family; kept whole, shown on its document page but not searched"
        ]
    return [f"no provisions found in this {meta.type.replace('_', ' ')}"]


def _named(provision: Provision) -> str:
    return " ".join(part for part in (provision.kind.replace("_", " "), provision.number) if part)


def process_file(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, max_seconds: float | None = DEFAULT_MAX_SECONDS
) -> Document:
    """Raises `tipreg.model.ReadError` for a file that cannot be read (or not within `max_seconds`)."""
    return process(read_file(path, max_bytes=max_bytes, max_seconds=max_seconds))


def process_text(text: str, file: str = "<text>", format: str = "txt") -> Document:
    data = text.encode("utf-8")
    source = ReadResult(
        file=file,
        path=file,
        format=format,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    return process(source)
