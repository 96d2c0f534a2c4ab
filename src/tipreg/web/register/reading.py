"""What the reading pages show, from the store: passages in context, documents with their provisions marked."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, QuerySet
from django.db.models.functions import Substr

from tipreg.enrich.taxonomy import subtheme_ids
from tipreg.store.labels.models import EntryLink
from tipreg.store.models import Document, Note, Provision, Source

CONTEXT_CHARS = 400  # of the document's text shown on either side of a source's span
MAX_SOURCES_SHOWN = 50  # an entry can have hundreds of copies; the first ones carry the provenance
RELATED_LIMIT = 10
SIMILAR_LIMIT = 5


@dataclass
class Passage:
    """A source's span in its document's text as read, with the text around it."""

    source: Source
    before: str
    span: str
    after: str
    notes: list[Note] = field(default_factory=list)  # the footnotes of the document that the provision cites


@dataclass
class LinkedEntry:
    """Another entry a link joins this one to: `earlier` for the links this entry makes (it cites,
    reiterates or recurs from the other), `later` for the links made to it."""

    type: str  # cites, reiterates, recurs (tipreg.link)
    direction: str  # earlier, later
    entry: Provision
    score: float
    evidence: str
    themes: list[str]  # the sub-themes both entries carry (a recurrence is on these)


@dataclass
class Segment:
    """A stretch of a document's text: plain, or the span of one of its provisions."""

    text: str
    provision_id: str | None = None
    number: str | None = None


def register_order(entries: QuerySet[Provision]) -> QuerySet[Provision]:
    return entries.order_by(F("meeting").asc(nulls_last=True), "number_key", "kind", "id")


def passages(provision: Provision) -> tuple[list[Passage], int]:
    """The first sources' passages in context (only those stretches of the texts are loaded) and the total."""
    sources = provision.sources.with_documents()
    total = sources.count()
    shown = []
    for source in sources[:MAX_SOURCES_SHOWN]:
        start = max(0, source.span_start - CONTEXT_CHARS)
        # SQL substr is 1-based and counts characters, as the spans do.
        texts = (
            Document.objects.filter(pk=source.document_id)
            .annotate(
                before=Substr("text", start + 1, source.span_start - start),
                span=Substr("text", source.span_start + 1, source.span_end - source.span_start),
                after=Substr("text", source.span_end + 1, CONTEXT_CHARS),
            )
            .values("before", "span", "after")
            .get()
        )
        before, after = (texts["before"] or "").lstrip(), (texts["after"] or "").rstrip()
        # An ellipsis where the context stops short of the document's start or end.
        before = f"… {before}" if start > 0 and before else before
        after = f"{after} …" if len(texts["after"] or "") == CONTEXT_CHARS and after else after
        shown.append(Passage(source, before, texts["span"] or "", after, cited_notes(provision, source.document_id)))
    return shown, total


def cited_notes(provision: Provision, document_id: int) -> list[Note]:
    """The document's footnotes whose labels the provision cites; "¹" as printed and "1" as cited match."""
    if not provision.notes:
        return []
    cited = {unicodedata.normalize("NFKC", label) for label in provision.notes}
    notes = Note.objects.filter(document_id=document_id).order_by("span_start")
    return [note for note in notes if unicodedata.normalize("NFKC", note.label) in cited]


def related(provision: Provision) -> QuerySet[Provision]:
    """Entries under the same heading of the same meeting (the same meeting when there is no heading)."""
    entries = Provision.objects.filter(meeting=provision.meeting, kind=provision.kind).exclude(pk=provision.pk)
    if provision.heading:
        entries = entries.filter(heading=provision.heading)
    return register_order(entries)[:RELATED_LIMIT]


def with_links(entries: QuerySet[Provision]) -> QuerySet[Provision]:
    """Entries with their links both ways and the entries at their other ends, read once for the entry page
    (its labels, `entry_labels`, and `linked` both use them)."""
    return entries.prefetch_related(
        Prefetch("links_out", queryset=EntryLink.objects.select_related("target")),
        Prefetch("links_in", queryset=EntryLink.objects.select_related("source")),
    )


def linked(provision: Provision) -> list[LinkedEntry]:
    """The entries this one is linked to, both ways: citations and reiterations first, then recurrences, the
    strongest first."""
    found = [
        LinkedEntry(link.type, "earlier", link.target, link.score, link.evidence, link.themes)
        for link in provision.links_out.all()
    ]
    found += [
        LinkedEntry(link.type, "later", link.source, link.score, link.evidence, link.themes)
        for link in provision.links_in.all()
    ]
    return sorted(found, key=lambda link: (link.type == "recurs", -link.score, link.direction))


def recurring_on(links: list[LinkedEntry]) -> list[str]:
    """The sub-themes on which the entry recurs (its threads), in taxonomy order."""
    held = {theme for link in links for theme in link.themes}
    return [theme for theme in subtheme_ids() if theme in held]


def similar(provision: Provision) -> list[Provision] | None:
    """ "More like this": the entries nearest in meaning, in any language; None when there is no vector yet."""
    from tipreg.web.register.results import similar_ids

    ranked = similar_ids(provision.id, SIMILAR_LIMIT)
    if ranked is None:
        return None
    entries = Provision.objects.in_bulk([entry for entry, _ in ranked])
    return [entries[entry] for entry, _ in ranked]


def document_segments(document: Document) -> list[Segment]:
    """The document's text cut at its provisions' spans, in order; an overlapping span is left unmarked."""
    spans = (
        Source.objects.filter(document=document)
        .order_by("span_start", "span_end")
        .values_list("span_start", "span_end", "provision_id", "number")
    )
    segments: list[Segment] = []
    cursor = 0
    for start, end, provision_id, number in spans:
        if start < cursor or end > len(document.text):
            continue
        if start > cursor:
            segments.append(Segment(document.text[cursor:start]))
        segments.append(Segment(document.text[start:end], provision_id, number))
        cursor = end
    if cursor < len(document.text):
        segments.append(Segment(document.text[cursor:]))
    return segments


def documents_with_counts() -> QuerySet[Document]:
    """Documents without their text, each with the number of provisions it carries, in ingestion order."""
    return (
        Document.objects.defer("text", "headings", "warnings").annotate(provision_count=Count("sources")).order_by("id")
    )
