"""Writing one processed document into the register: whole, in one transaction, or not at all."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from tipreg import model
from tipreg.search.keyword import KNOWN_WORDS, keyword_index
from tipreg.store.curation.splits import follow_splits
from tipreg.store.identity import fingerprint, match_entries, stable_id
from tipreg.store.labels.records import label_entries
from tipreg.store.models import Document, Note, Provision, Source, natural_key


@dataclass
class StoreOutcome:
    status: str  # "stored", or "unchanged" when a document with the same sha256 is already in
    document_id: int
    new_entries: int = 0
    matched_entries: int = 0  # provisions that became one more source of an existing entry


def store_document(document: model.Document) -> StoreOutcome:
    """Store `document`, its notes and provisions; identical files are stored once."""
    try:
        return _store(document)
    except BaseException:
        KNOWN_WORDS.forget()
        raise


def _store(document: model.Document) -> StoreOutcome:
    with transaction.atomic():
        _one_writer_at_a_time()
        existing = Document.objects.filter(sha256=document.source.sha256).values_list("id", flat=True).first()
        if existing is not None:
            return StoreOutcome("unchanged", existing)
        row = _create_document(document)
        Note.objects.bulk_create(
            Note(document=row, label=note.label, text=note.text, span_start=note.start, span_end=note.end)
            for note in document.clean.notes
        )
        outcome = StoreOutcome("stored", row.id)
        index = keyword_index()
        language = document.meta.language
        matches = match_entries(document.provisions, language)
        entry_ids, touched = [], []
        for provision, entry_id in zip(document.provisions, matches, strict=True):
            if entry_id is None:
                entry_id = _create_entry(provision, language).pk
                outcome.new_entries += 1
            else:
                touched.append(entry_id)
                outcome.matched_entries += 1
            entry_ids.append(entry_id)
        _insert_sources(row.id, document.provisions, entry_ids)
        new_ids = [entry_id for entry_id, matched in zip(entry_ids, matches, strict=True) if matched is None]
        if new_ids:  # most copies bring no new entry: skip the labelling queries
            label_entries(new_ids)
        touched.extend(follow_splits(row.id, touched))  # a copy of a text curators split gives each part its span
        Provision.objects.filter(pk__in=touched).update(updated_at=timezone.now())
        for entry_id in new_ids:
            index.update(Provision.objects.get(pk=entry_id))
        seen_again = Source.objects.filter(document=row, provision_id__in=touched)
        for entry_id, printed in seen_again.values_list("provision_id", "text_original"):
            index.add_original(entry_id, printed)  # an entry seen again: only words the index lacks are added
        return outcome


# Any fixed number: the PostgreSQL advisory lock that makes documents be stored one at a time.
WRITER_LOCK = 72_042_027


def _one_writer_at_a_time() -> None:
    """Two ingestions at once store their documents in turn, each seeing what the other stored: a copy is then
    unchanged and a shared recommendation one entry, instead of a duplicate key that fails the file. SQLite
    does this by itself (IMMEDIATE transactions); PostgreSQL takes this lock until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])


def _insert_sources(document_id: int, provisions: list[model.Provision], entry_ids: list[str]) -> None:
    """One row per provision. A report copy carries hundreds: one executemany, not a model object each."""
    columns = ("provision_id", "document_id", "number", "heading", "span_start", "span_end", "text_original")
    rows = [
        (entry_id, document_id, p.number, p.heading, p.span[0], p.span[1], p.text_original)
        for p, entry_id in zip(provisions, entry_ids, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Source._meta.db_table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
            rows,
        )


def _create_document(document: model.Document) -> Document:
    source, meta = document.source, document.meta
    warnings = list(source.warnings)
    issued = None
    if meta.date:
        try:
            issued = datetime.date.fromisoformat(meta.date)
        except ValueError:
            warnings.append(f"date not stored, not an ISO date: {meta.date!r}")
    return Document.objects.create(
        sha256=source.sha256,
        file=source.file,
        path=source.path,
        format=source.format,
        size=source.size,
        encoding=source.encoding,
        ocr=source.ocr,
        type=meta.type,
        language=meta.language,
        date=issued,
        meeting=meta.meeting,
        year=meta.year,
        symbol=meta.symbol,
        title=meta.title,
        headings=meta.headings,
        text=source.text,
        warnings=warnings,
        noise_lines=document.clean.noise_lines,
    )


def _create_entry(provision: model.Provision, language: str | None) -> Provision:
    fingerprint_hex = fingerprint(provision.text)
    return Provision.objects.create(
        id=free_id(stable_id(provision.kind, provision.meeting, fingerprint_hex)),
        kind=provision.kind,
        language=language,
        meeting=provision.meeting,
        year=provision.year,
        number=provision.number,
        number_key=natural_key(provision.number),
        heading=provision.heading,
        text=provision.text,
        text_original=provision.text_original,
        subitems=[dataclasses.asdict(subitem) for subitem in provision.subitems],
        notes=provision.notes,
        repairs=provision.repairs,
        fingerprint=fingerprint_hex,
    )


def free_id(wanted: str) -> str:
    """`wanted`, or `wanted-2`, `-3`…: one document may print the same text twice as two provisions, and an
    id merged away by a curator (a Redirect) stays taken, so its published URL never changes meaning."""
    from tipreg.store.curation.models import Redirect

    candidate, suffix = wanted, 1
    while Provision.objects.filter(pk=candidate).exists() or Redirect.objects.filter(old_id=candidate).exists():
        suffix += 1
        candidate = f"{wanted}-{suffix}"
    return candidate
