"""Where a split cut an entry, in every document that carries it.

A split cuts each source of the entry where the second part's words begin (`curation.records.split`); every
copy of the unsplit text ingested after it is cut at the same words (`store.writer`), so each part has its own
span in every document, as it has in the documents the register held when it was split.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.functions import Substr

from tipreg.search.fold import folded_words, words
from tipreg.store.curation.models import KnownText, Redirect
from tipreg.store.models import Document, Provision, Source


def word_starts(text: str, at: str) -> list[tuple[int, int]]:
    """Each place in `text` where the words of `at` begin, as (word number, character offset); folded, so
    accents, case and OCR noise do not matter."""
    wanted = folded_words(at)
    tokens = list(words(text))
    folded = [token[0] for token in tokens]
    return [(i, tokens[i][1]) for i in range(len(tokens)) if wanted and folded[i : i + len(wanted)] == wanted]


def unique_cut(text: str, at: str) -> int | None:
    """Where the words of `at` begin in `text`, when they occur there once and not at its very start."""
    starts = word_starts(text, at)
    return starts[0][1] if len(starts) == 1 and starts[0][0] > 0 else None


def span_text(source: Source) -> str:
    """The document's text (as read) under the source's span, without loading the whole text."""
    length = source.span_end - source.span_start
    printed = Document.objects.filter(pk=source.document_id).annotate(
        span=Substr("text", source.span_start + 1, length)
    )
    return printed.values_list("span", flat=True).get() or ""


def cut_source(source: Source, second: Provision, at: str) -> Source | None:
    """Cut `source` where the words `at` begin: it keeps the start, a new source of `second` gets the rest
    (returned). None, and nothing changed, where the words are not once in its span and its printed text."""
    text = span_text(source)
    cut, cut_printed = unique_cut(text, at), unique_cut(source.text_original, at)
    if cut is None or cut_printed is None:
        return None
    rest = source_of_part(source, second, source.span_start + cut, source.text_original[cut_printed:].strip())
    source.span_end = source.span_start + len(text[:cut].rstrip())
    source.text_original = source.text_original[:cut_printed].rstrip()
    source.save(update_fields=["span_end", "text_original"])
    rest.save()
    return rest


def source_of_part(source: Source, part: Provision, start: int, printed: str) -> Source:
    """A new source of `part` in `source`'s document, from `start` to the end of `source`'s span, printing
    `printed` (not saved)."""
    return Source(
        provision=part,
        document_id=source.document_id,
        number=part.number,
        heading=source.heading,
        span_start=start,
        span_end=source.span_end,
        text_original=printed,
    )


def follow_splits(document_id: int, entry_ids: Iterable[str]) -> set[str]:
    """Cut this document's sources of `entry_ids` where curators split those entries (and their parts again,
    in the order they were split), so that a copy of an unsplit text gives each part its own span. Returns
    the ids of the parts that gained a source."""
    splits = _splits_by_entry()
    wanted = set(entry_ids) & splits.keys()
    if not wanted:
        return set()
    pending = list(Source.objects.filter(document_id=document_id, provision_id__in=wanted))
    gained: set[str] = set()
    while pending:
        source = pending.pop()
        for at, split_off in splits.get(source.provision_id, []):
            second = _current_entry(split_off)
            if second is None or second.pk == source.provision_id:  # the parts were merged again
                continue
            rest = cut_source(source, second, at)
            if rest is not None:
                gained.add(second.pk)
                pending.append(rest)
    return gained


def _splits_by_entry() -> dict[str, list[tuple[str, str]]]:
    """For each entry split, (the words it was cut at, the id the rest went to), oldest split first."""
    splits: dict[str, list[tuple[str, str]]] = {}
    rows = KnownText.objects.filter(split_off__isnull=False).order_by("id")
    for entry_id, at, split_off in rows.values_list("provision_id", "split_at", "split_off"):
        splits.setdefault(entry_id, []).append((at, split_off))
    return splits


def _current_entry(entry_id: str) -> Provision | None:
    """The entry `entry_id` is now: itself, or the entry it was merged into."""
    merged_into = Redirect.objects.filter(old_id=entry_id).values_list("provision_id", flat=True).first()
    return Provision.objects.filter(pk=merged_into or entry_id).first()
