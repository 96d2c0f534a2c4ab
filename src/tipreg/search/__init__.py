"""Search the register: one query API whatever the backend (keyword now; semantic later)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tipreg.search.query import Filters, parse_query
from tipreg.search.snippet import snippet

if TYPE_CHECKING:
    from tipreg.store.models import Provision


@dataclass
class SearchHit:
    provision: Provision  # sources load on first use
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
    theme: str | None = None,
    addressee: str | None = None,
    strength: int | None = None,
    limit: int = 20,
    markers: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Provisions matching every word of `text`, best first, ignoring case, accents and OCR noise.

    `theme`, `addressee` and `strength` filter on the entry's labels, curators' corrections included.
    """
    from tipreg.store import setup

    setup(db)
    from tipreg.search.keyword import keyword_index
    from tipreg.store.models import Provision

    filters = Filters(meeting, year, document_type, kind, theme=theme, addressee=addressee, strength=strength)
    query = parse_query(text, filters)
    ranked = keyword_index().search(query, limit)  # widens unmatched words to their typo neighbours
    # An entry can have hundreds of sources (every copy of a report): they are loaded when a caller
    # reads them (the export-shaped output), and their printed texts only when a snippet needs them.
    provisions = Provision.objects.in_bulk([pid for pid, _ in ranked])
    exact, prefixes = query.matched_words()
    hits = []
    for provision_id, score in ranked:
        provision = provisions[provision_id]
        hits.append(SearchHit(provision, score, snippet(snippet_texts(provision), exact, prefixes, markers)))
    return hits


def snippet_texts(provision: Provision) -> Iterator[str]:
    """The texts a snippet may show, most readable first; sources' printed texts fetched lazily."""
    yield from (provision.text, provision.heading or "", provision.text_original)
    yield from provision.sources.order_by().values_list("text_original", flat=True).distinct()
