"""Search the register: one query API whatever the backend (keyword now; semantic later)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tipreg.search.query import Filters, parse_query
from tipreg.search.snippet import snippet

if TYPE_CHECKING:
    from tipreg.store.models import Provision


@dataclass
class SearchHit:
    provision: Provision  # with its sources and their documents loaded
    score: float  # higher is better; comparable only within one result list
    snippet: str


def search(
    text: str,
    *,
    db: str | None = None,
    meeting: int | None = None,
    year: int | None = None,
    document_type: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    markers: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Provisions matching every word of `text`, best first, ignoring case, accents and OCR noise."""
    from tipreg.store import setup

    setup(db)
    from django.db.models import Prefetch

    from tipreg.search.keyword import keyword_index
    from tipreg.store.models import Provision, Source

    query = parse_query(text, Filters(meeting=meeting, year=year, document_type=document_type, kind=kind))
    ranked = keyword_index().search(query, limit)  # widens unmatched words to their typo neighbours
    sources = Prefetch("sources", queryset=Source.objects.with_documents())
    provisions = Provision.objects.prefetch_related(sources).in_bulk([pid for pid, _ in ranked])
    exact, prefixes = query.matched_words()
    hits = []
    for provision_id, score in ranked:
        provision = provisions[provision_id]
        texts = [provision.text, provision.heading or "", provision.text_original]
        texts += [source.text_original for source in provision.sources.all()]
        hits.append(SearchHit(provision, score, snippet(texts, exact, prefixes, markers)))
    return hits
