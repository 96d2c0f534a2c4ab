"""Links across the register: tipreg.link run over the stored entries and their labels as published."""

from __future__ import annotations

from django.db import transaction

from tipreg.enrich import Reference
from tipreg.link import Entry, Link, entry_themes, find_links, themed_threads
from tipreg.store.labels.models import EntryLink
from tipreg.store.labels.records import entry_label_records
from tipreg.store.models import Provision


def link_register() -> int:
    """Recompute and store every link among recommendations (replacing the previous ones); returns the count.

    Links read the labels as published (curators' corrections included), the entry's and its sub-items'.
    """
    provisions = (
        Provision.objects.filter(kind="recommendation")
        .only("id", "meeting", "year", "number", "text")
        .prefetch_related("computed_labels", "label_corrections")
    )
    entries = [entry for provision in provisions if (entry := _entry(provision)) is not None]
    links = find_links(entries)
    with transaction.atomic():
        EntryLink.objects.all().delete()
        EntryLink.objects.bulk_create(
            EntryLink(
                source_id=link.source,
                target_id=link.target,
                type=link.type,
                score=link.score,
                evidence=link.evidence,
                themes=list(link.themes),
            )
            for link in links
        )
    return len(links)


def _entry(provision: Provision) -> Entry | None:
    """The linker's view of a labelled entry (None before it is labelled)."""
    records = entry_label_records(provision)  # by path; "" is the entry itself and sorts first
    own = records.get("")
    if own is None:
        return None
    return Entry(
        provision.pk,
        provision.meeting,
        provision.year,
        provision.text,
        entry_themes([[theme["value"] for theme in records[path]["themes"]] for path in sorted(records)]),
        tuple(Reference(**reference) for reference in own["references"]),
        own["reiteration"],
        provision.number,
    )


def stored_links() -> list[Link]:
    """The links `tipreg link` stored, as tipreg.link's links."""
    return [
        Link(row.source_id, row.target_id, row.type, row.score, row.evidence, tuple(row.themes))
        for row in EntryLink.objects.all()
    ]


def links_pending() -> bool:
    """Whether `tipreg link` has links to find that are not stored: none is, while recommendations of two meetings
    or more are (those of one meeting, or none, can never be linked: asking for `tipreg link` would never end)."""
    if EntryLink.objects.exists():
        return False
    meetings = Provision.objects.filter(kind="recommendation", meeting__isnull=False).values("meeting").distinct()
    return meetings[:2].count() > 1


def recurring_matters(theme: str | None = None) -> list[tuple[str, list[Provision]]]:
    """Each sub-theme's threads (tipreg.link.themed_threads) with their entries in register order, those of
    `theme` (a theme or sub-theme id) only when given; the longest-running first."""
    found = [
        (sub_theme, ids)
        for sub_theme, ids in themed_threads(stored_links())
        if theme is None or sub_theme == theme or sub_theme.startswith(f"{theme}.")
    ]
    entries = Provision.objects.in_bulk([entry for _, ids in found for entry in ids])
    ordered = [
        (sub_theme, sorted((entries[i] for i in ids if i in entries), key=lambda e: (e.meeting or 0, e.number_key)))
        for sub_theme, ids in found
    ]
    return sorted(ordered, key=lambda matter: (-len({e.meeting for e in matter[1]}), matter[0]))
