"""Curating register entries: correct a misparsed entry, merge two entries into one, split one in two.

Every act is one transaction and one append-only CurationEvent (who, when, the entries before and after).
Corrections are written into the entry itself, and the text it had is kept as a KnownText: ingestion never
rewrites an existing entry, and a copy of the uncorrected text found again joins the corrected entry as one
more source (identity reads the known texts), so re-ingesting never undoes a curator's work; relabelling
reads the corrected text, and curators' label corrections still win (tipreg.store.labels).
A merged-away id keeps resolving to the entry it was merged into (Redirect), so published URLs never break.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.dispatch import Signal

from tipreg.enrich import subitem_texts
from tipreg.model import PROVISION_KINDS
from tipreg.search.fold import fold_text, folded_words
from tipreg.search.keyword import keyword_index
from tipreg.segment.provisions import flatten, subitem_label_format, text_lead
from tipreg.store.curation.models import CurationEvent, KnownText, Redirect
from tipreg.store.curation.splits import cut_source, source_of_part, span_text, word_starts
from tipreg.store.identity import fingerprint, stable_id
from tipreg.store.labels.models import Correction, EntryLink
from tipreg.store.labels.records import as_subitems, label_entries
from tipreg.store.models import Provision, Source, natural_key
from tipreg.store.writer import free_id

# The fields a curator may correct; text_original stays as published.
CORRECTABLE = ("text", "number", "subitems", "heading", "kind", "meeting", "year")
SNAPSHOT_FIELDS = (*CORRECTABLE, "text_original")


class CurationError(ValueError):
    """A curation that cannot be done as asked; the message says why. Nothing was changed."""


class CurationConflict(CurationError):
    """Someone curated the entry after the editor read it; nothing was changed."""

    def __init__(self, newer: list[CurationEvent]) -> None:
        authors = ", ".join(sorted({event.author for event in newer}))
        super().__init__(f"the entry was curated meanwhile by {authors}: check it as it is now and save again")
        self.newer = newer


# Sent inside a merge's transaction with `kept` and `merged` (entry ids): what other apps keep under an
# entry's id follows it to the kept entry; a receiver that raises CurationError undoes the merge.
entry_merged = Signal()


def resolve(entry_id: str) -> str | None:
    """The id an entry is found under now: itself, the entry it was merged into, or None if unknown."""
    if Provision.objects.filter(pk=entry_id).exists():
        return entry_id
    return Redirect.objects.filter(old_id=entry_id).values_list("provision_id", flat=True).first()


def entry_version(entry_id: str) -> int:
    """The id of the latest curation of the entry (0: none yet): what an editor saw, for `correct`'s check."""
    return _events_of(entry_id).aggregate(latest=Max("id"))["latest"] or 0


def correct(entry_id: str, changes: dict[str, Any], author: str, seen: int | None = None) -> CurationEvent:
    """Set some of CORRECTABLE on an entry; the entry is reindexed and relabelled. Unchanged values are ignored.

    With `seen` (the `entry_version` the editor read), refuse with CurationConflict if anyone curated the
    entry since: a form drawn before another curator's correction would otherwise put its old values back.
    """
    author = _author(author)
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise CurationError(f"cannot correct {', '.join(unknown)}; correctable: {', '.join(CORRECTABLE)}")
    with transaction.atomic():
        entry = _entry(entry_id, lock=True)
        if seen is not None:
            check_unchanged(entry_id, seen)
        cleaned = {name: checked_value(name, value) for name, value in changes.items()}
        changed = {name: value for name, value in cleaned.items() if getattr(entry, name) != value}
        if not changed:
            raise CurationError(f"nothing to correct: {entry_id} already has these values")
        if "subitems" in changed and "text" not in changed:
            changed["text"] = _text_with_subitems(entry, changed["subitems"])
        before = snapshot(entry)
        _remember_text(entry)
        if "subitems" in changed:
            _follow_subitems(entry, changed["subitems"])
        for name, value in changed.items():
            setattr(entry, name, value)
        entry.number_key = natural_key(entry.number)
        entry.fingerprint = fingerprint(entry.text)
        entry.save()
        _refresh(entry)
        return _record(CurationEvent.Action.CORRECT, author, {entry.pk: before}, [entry])


def merge(keep_id: str, other_id: str, author: str) -> CurationEvent:
    """Make `other_id` one entry with `keep_id`: its sources join the kept entry, its id redirects there.

    The kept entry's text and labels stay; the other's entry-level label corrections move over for the
    fields the kept entry has none for (the other's are in the event's snapshot either way).
    """
    author = _author(author)
    if keep_id == other_id:
        raise CurationError("an entry cannot be merged with itself")
    with transaction.atomic():
        _lock(keep_id, other_id)
        keep, other = _entry(keep_id), _entry(other_id)
        before = {keep.pk: snapshot(keep), other.pk: snapshot(other)}
        _rejoin_split(keep, other)
        _move_sources(other, keep)
        _move_label_corrections(other, keep)
        KnownText.objects.filter(provision=other).update(provision=keep)
        _remember_text(other, into=keep)
        EntryLink.objects.filter(source=other).update(source=keep)
        EntryLink.objects.filter(target=other).update(target=keep)
        EntryLink.objects.filter(source=keep, target=keep).delete()
        _drop_duplicate_links(keep)
        Redirect.objects.filter(provision=other).update(provision=keep)  # earlier merges follow on
        Redirect.objects.create(old_id=other.pk, provision=keep)
        entry_merged.send(sender=Provision, kept=keep.pk, merged=other.pk)
        keyword_index().remove(other.pk)
        other.delete()
        _refresh(keep)
        return _record(CurationEvent.Action.MERGE, author, before, [keep], other_id)


def merge_all(keep_id: str, other_ids: list[str], author: str) -> list[CurationEvent]:
    """Merge each of `other_ids` into `keep_id`: all of them, or (on any error) none."""
    with transaction.atomic():
        _lock(keep_id, *other_ids)
        return [merge(keep_id, other_id, author) for other_id in other_ids]


def split(entry_id: str, at: str, author: str, number: str | None = None) -> CurationEvent:
    """Cut an entry in two where the words `at` begin (accents, case and OCR noise ignored).

    The entry keeps its id and the first part; the second part becomes a new entry (numbered `number`,
    by default as the first) with the sub-items that belong to it, and the curators' label corrections of
    those sub-items; each source's span and printed text are cut at the same words (a source where they
    cannot be found gives both parts its whole span). Entry-level label corrections stay with the first part.
    """
    author = _author(author)
    with transaction.atomic():
        entry = _entry(entry_id, lock=True)
        before = snapshot(entry)
        cut = _cut(entry.text, at, "the entry's text")
        first_text, second_text = entry.text[:cut].rstrip(), entry.text[cut:].strip()
        cut_original = _cut(entry.text_original, at, "the entry's printed text")
        first_original = entry.text_original[:cut_original].rstrip()
        second_original = entry.text_original[cut_original:].strip()
        first_items, second_items = _share_subitems(entry.subitems, fold_text(first_text))
        number = number if number is not None else entry.number
        second = Provision.objects.create(
            id=free_id(stable_id(entry.kind, entry.meeting, fingerprint(second_text))),
            kind=entry.kind,
            language=entry.language,
            meeting=entry.meeting,
            year=entry.year,
            number=number,
            number_key=natural_key(number),
            heading=entry.heading,
            text=second_text,
            text_original=second_original,
            subitems=second_items,
            fingerprint=fingerprint(second_text),
        )
        _remember_text(entry, split_at=at, split_off=second.pk)
        entry.text, entry.text_original, entry.subitems = first_text, first_original, first_items
        entry.fingerprint = fingerprint(first_text)
        entry.save()
        _move_subitem_corrections(entry, second)
        _split_sources(entry, second, at)
        _refresh(entry)
        _refresh(second)
        return _record(CurationEvent.Action.SPLIT, author, {entry.pk: before}, [entry, second], second.pk)


def _events_of(entry_id: str) -> QuerySet[CurationEvent]:
    """The curations that changed this entry: corrected, kept in a merge, split, or split off."""
    return CurationEvent.objects.filter(Q(provision_id=entry_id) | Q(other_id=entry_id))


def check_unchanged(entry_id: str, seen: int) -> None:
    """CurationConflict, naming who, if the entry was curated after its `entry_version` was `seen`."""
    newer = list(_events_of(entry_id).filter(id__gt=seen))
    if newer:
        raise CurationConflict(newer)


def history(entry_id: str) -> list[CurationEvent]:
    """Every curation of this entry, of the entries merged into it and of the one it was merged into, oldest first."""
    ids = {entry_id, *Redirect.objects.filter(provision_id=entry_id).values_list("old_id", flat=True)}
    if (current := resolve(entry_id)) is not None:
        ids.add(current)
    events = list(CurationEvent.objects.filter(Q(provision_id__in=ids) | Q(other_id__in=ids)))
    if current is None and not events:
        raise CurationError(f"no entry {entry_id}")
    return events


def snapshot(entry: Provision) -> dict[str, Any]:
    """The curated fields of an entry and where its sources are, as the history keeps them."""
    record: dict[str, Any] = {name: getattr(entry, name) for name in SNAPSHOT_FIELDS}
    record["sources"] = [
        {"document": document, "number": number, "span": [start, end]}
        for document, number, start, end in entry.sources.order_by("document_id", "span_start").values_list(
            "document_id", "number", "span_start", "span_end"
        )
    ]
    record["label_corrections"] = [
        {"path": path, "field": field, "value": value, "author": who}
        for path, field, value, who in entry.label_corrections.values_list("path", "field", "value", "author")
    ]
    return record


def _record(
    action: str, author: str, before: dict[str, Any], after: list[Provision], other_id: str | None = None
) -> CurationEvent:
    """The history entry of one act on `after[0]` (the entry corrected, kept or split)."""
    return CurationEvent.objects.create(
        action=action,
        provision_id=after[0].pk,
        other_id=other_id,
        author=author,
        before=before,
        after={entry.pk: snapshot(entry) for entry in after},
    )


def _author(author: str | None) -> str:
    if not (author or "").strip():
        raise CurationError("a curation needs its author (--by NAME)")
    return author.strip()


def _entry(entry_id: str, lock: bool = False) -> Provision:
    entries = Provision.objects.select_for_update() if lock else Provision.objects
    entry = entries.filter(pk=entry_id).first()
    if entry is None:
        merged_into = resolve(entry_id)
        hint = f" (it was merged into {merged_into})" if merged_into else ""
        raise CurationError(f"no entry {entry_id}{hint}")
    return entry


def _lock(*entry_ids: str) -> None:
    """Lock the entries' rows in one order (by id): two merges of the same entries, crossed (A into B, B into A),
    then wait for each other, and the second finds one entry merged away, instead of deadlocking on PostgreSQL."""
    list(Provision.objects.select_for_update().filter(pk__in=entry_ids).order_by("pk").values_list("pk", flat=True))


def checked_value(name: str, value: Any) -> Any:
    """A corrected value in the form the register stores it, or CurationError."""
    if name in ("meeting", "year"):
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 10_000:
            raise CurationError(f"{name} must be a whole number (or empty), got {value!r}")
        return value
    if name == "subitems":
        return _checked_subitems(value, "subitems")
    if name == "text":
        if not isinstance(value, str) or not value.strip():
            raise CurationError("text cannot be empty")
        return one_line(value)
    if name == "kind" and value not in PROVISION_KINDS:
        raise CurationError(f"kind must be one of {', '.join(PROVISION_KINDS)}")
    if value is not None and not isinstance(value, str):
        raise CurationError(f"{name} must be text")
    return one_line(value or "") or None  # number, heading: empty means none


def one_line(value: str) -> str:
    """A corrected text as the register keeps its texts, one run of words: a text pasted from a hard-wrapped page
    or a form's lines (newlines, Word's U+2028 and U+2029, runs of spaces) is joined with single spaces."""
    return " ".join(value.split())


def _checked_subitems(items: Any, where: str) -> list[dict]:
    """[{label, text, subitems?, text_original?}], nested; labels unique at each level."""
    if not isinstance(items, list):
        raise CurationError(f"{where} must be a list of {{label, text, subitems}}")
    cleaned, labels = [], set()
    for i, item in enumerate(items):
        place = f"{where}[{i}]"
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("label"), str)
            or not isinstance(item.get("text"), str)
        ):
            raise CurationError(f"{place} needs a label and a text")
        label, text = item["label"].strip().rstrip(")"), one_line(item["text"])
        if not label or not text:
            raise CurationError(f"{place}: label and text cannot be empty")
        if label in labels:
            raise CurationError(f"{place}: label {label!r} is used twice")
        labels.add(label)
        children = _checked_subitems(item.get("subitems", []), f"{place}.subitems")
        cleaned.append(
            {"label": label, "text": text, "text_original": item.get("text_original", text), "subitems": children}
        )
    return cleaned


def _text_with_subitems(entry: Provision, items: list[dict]) -> str:
    """The entry's text with `items` as its sub-items: its lead, then the items inline, as ingestion writes it
    (the text runs its sub-items inline, and it is what search, the labels, the export and the publications
    read: a correction of the sub-items alone would leave the old ones printed there)."""
    first = (entry.subitems or items)[0]  # an entry stored without sub-items may print them inline all the same
    lead = text_lead(entry.text, first["label"])
    return flatten(lead, as_subitems(items), "text", subitem_label_format(entry.language))


def _follow_subitems(entry: Provision, items: list[dict]) -> None:
    """Label corrections of sub-items are kept by the item's path ("b", "a.ii"): where corrected sub-items give
    an item's text another path (an item the segmenter missed inserted before it), its corrections follow it
    rather than labelling the item that took its place. An item whose text changed keeps its path's."""
    new_paths: dict[str, str] = {}
    for path, text in subitem_texts(as_subitems(items)).items():
        new_paths.setdefault(fold_text(text), path)
    old_texts = subitem_texts(as_subitems(entry.subitems))
    for correction in Correction.objects.filter(provision=entry).exclude(path=""):
        moved_to = new_paths.get(fold_text(old_texts.get(correction.path, "")))
        if moved_to is not None and moved_to != correction.path:
            correction.path = moved_to
            correction.save(update_fields=["path"])


def _remember_text(entry: Provision, into: Provision | None = None, **split: str) -> None:
    """Keep the text `entry` has now as one that identifies `into` (default: the entry itself); before a
    split, with where it is cut (`split_at`) and the id of the entry that takes the rest (`split_off`)."""
    KnownText.objects.create(
        provision=into or entry,
        fingerprint=entry.fingerprint,
        kind=entry.kind,
        meeting=entry.meeting,
        language=entry.language,
        text=entry.text,
        **split,
    )


def _refresh(entry: Provision) -> None:
    """After a change: the entry's keyword index row and its computed labels (corrections kept)."""
    keyword_index().update(entry)
    label_entries([entry.pk])


def _move_sources(other: Provision, keep: Provision) -> None:
    held = set(keep.sources.values_list("document_id", "span_start", "span_end"))
    for source in other.sources.all():
        if (source.document_id, source.span_start, source.span_end) in held:
            source.delete()
        else:
            Source.objects.filter(pk=source.pk).update(provision=keep)


def _rejoin_split(keep: Provision, other: Provision) -> None:
    """Merging the two parts of a split undoes it (it is how a curator takes a wrong split back): the kept entry
    gets both parts' texts and sub-items in their order, the second part's sub-item label corrections, and each
    document's two spans as one again. Other merges keep the kept entry's text."""
    parts = _split_parts(keep, other)
    if parts is None:
        return
    first, second = parts
    keep.text = f"{first.text} {second.text}"
    keep.text_original = f"{first.text_original} {second.text_original}"
    keep.subitems = first.subitems + second.subitems
    keep.fingerprint = fingerprint(keep.text)
    keep.save()
    Correction.objects.filter(provision=other).exclude(path="").update(provision=keep)
    for rest in second.sources.all():
        _join_sources(first, rest)


def _split_parts(keep: Provision, other: Provision) -> tuple[Provision, Provision] | None:
    """(first part, second part) when one of the two entries was split off the other, else None."""
    for first, second in ((keep, other), (other, keep)):
        if KnownText.objects.filter(provision=first, split_off=second.pk).exists():
            return first, second
    return None


def _join_sources(first: Provision, rest: Source) -> None:
    """Where the first part's source in `rest`'s document ends just before it (blanks between), one source spans
    both; a source the split could not cut is one both parts had whole, and the merge drops its copy."""
    before = (
        first.sources.filter(document_id=rest.document_id, span_end__lte=rest.span_start).order_by("-span_end").first()
    )
    if (
        before is None
        or span_text(Source(document_id=rest.document_id, span_start=before.span_end, span_end=rest.span_start)).strip()
    ):
        return
    before.span_end = rest.span_end
    before.text_original = f"{before.text_original} {rest.text_original}"
    before.save(update_fields=["span_end", "text_original"])
    rest.delete()


def _drop_duplicate_links(entry: Provision) -> None:
    """Both merged entries linked to (or from) the same entry: that is one link of each type now, the best scored
    (the export and the threads would list it twice until the next `tipreg link`)."""
    kept: set[tuple[str, str, str]] = set()
    extra: list[int] = []
    links = EntryLink.objects.filter(Q(source=entry) | Q(target=entry)).order_by("-score", "id")
    for link_id, source, target, kind in links.values_list("id", "source_id", "target_id", "type"):
        if (source, target, kind) in kept:
            extra.append(link_id)
        kept.add((source, target, kind))
    EntryLink.objects.filter(id__in=extra).delete()


def _move_label_corrections(other: Provision, keep: Provision) -> None:
    kept_fields = set(keep.label_corrections.filter(path="").values_list("field", flat=True))
    Correction.objects.filter(provision=other, path="").exclude(field__in=kept_fields).update(provision=keep)


def _move_subitem_corrections(first: Provision, second: Provision) -> None:
    """Label corrections of sub-items that went with the second part follow them (paths "b", "b.ii")."""
    moved = Q()
    for item in second.subitems:
        moved |= Q(path=item["label"]) | Q(path__startswith=f"{item['label']}.")
    if moved:
        Correction.objects.filter(moved, provision=first).update(provision=second)


def _cut(text: str, at: str, where: str) -> int:
    """Where in `text` the words of `at` begin (folded, so accents, case and OCR noise do not matter)."""
    if not folded_words(at):
        raise CurationError("say where the second part begins: --at with some of its first words")
    starts = word_starts(text, at)
    if not starts:
        raise CurationError(f"{at!r} is not in {where}")
    if len(starts) > 1:
        raise CurationError(f"{at!r} occurs {len(starts)} times in {where}; give more words")
    word, offset = starts[0]
    if word == 0:
        raise CurationError(f"{at!r} is where {where} begins: nothing would be left for the first part")
    return offset


def _share_subitems(subitems: list[dict], first_folded: str) -> tuple[list[dict], list[dict]]:
    """Sub-items whose text is in the first part stay with it; the others go with the second part."""
    first, second = [], []
    for item in subitems:
        (first if fold_text(item["text"]) in first_folded else second).append(item)
    return first, second


def _split_sources(first: Provision, second: Provision, at: str) -> None:
    """Cut each source of the entry at the same words: the first part keeps the start, the second gets the
    rest; where this copy breaks the words across lines or pages, both parts keep its whole span."""
    for source in first.sources.all():
        if cut_source(source, second, at) is None:
            source_of_part(source, second, source.span_start, source.text_original).save()
