"""Links across the register: tipreg.link run over the stored entries and their computed labels."""

from __future__ import annotations

from django.db import transaction

from tipreg.enrich import Reference
from tipreg.link import Entry, Link, find_links, restatements, threads
from tipreg.store.labels.models import ComputedLabels, EntryLink
from tipreg.store.models import Provision


def link_register() -> int:
    """Recompute and store every link among recommendations (replacing the previous ones); returns the count."""
    labels = {row.provision_id: row for row in ComputedLabels.objects.filter(path="", provision__kind="recommendation")}
    entries = [
        _entry(provision, labels[provision.pk])
        for provision in Provision.objects.filter(kind="recommendation").only("id", "meeting", "year", "number", "text")
        if provision.pk in labels
    ]
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


def _entry(provision: Provision, labels: ComputedLabels) -> Entry:
    return Entry(
        provision.pk,
        provision.meeting,
        provision.year,
        provision.text,
        tuple(theme["value"] for theme in labels.themes),
        tuple(Reference(**reference) for reference in labels.references),
        labels.reiteration,
        provision.number,
    )


def stored_threads(restated_only: bool = False) -> list[set[str]]:
    """Recurring matters among the stored links (tipreg.link.threads), as sets of entry ids; `restated_only`:
    the recommendations said again (tipreg.link.restatements), as the gap view reads them."""
    links = [
        Link(row.source_id, row.target_id, row.type, row.score, row.evidence, tuple(row.themes))
        for row in EntryLink.objects.all()
    ]
    return threads(restatements(links) if restated_only else links)
