"""Search the register: one query API whatever the backend (keyword, semantic, or both fused)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tipreg.search.query import Filters, Query, parse_query
from tipreg.search.snippet import snippet

if TYPE_CHECKING:
    from tipreg.store.models import Provision

Mode = Literal["keyword", "semantic", "hybrid"]
MODES: tuple[Mode, ...] = ("keyword", "semantic", "hybrid")


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
    mode: Mode = "hybrid",
) -> list[SearchHit]:
    """Provisions for `text`, best first, with the same filters in every mode.

    keyword: entries matching every word, ignoring case, accents and OCR noise; semantic: entries nearest
    in meaning, in any language (tipreg.embed); hybrid: both lists fused by reciprocal rank, or keyword
    alone while the register has never been embedded (`tipreg embed`; semantic mode embeds on first use).
    `theme`, `addressee` and `strength` filter on the entry's labels, curators' corrections included.
    """
    from tipreg.store import setup

    setup(db)
    filters = Filters(meeting, year, document_type, kind, theme=theme, addressee=addressee, strength=strength)
    query = parse_query(text, filters)
    return hits_for(ranked_ids(query, text, mode, limit), query, markers)


def similar(provision_id: str, *, db: str | None = None, limit: int = 10) -> list[SearchHit]:
    """More like this: the entries nearest in meaning to entry `provision_id` (KeyError if unknown)."""
    from tipreg.store import setup

    setup(db)
    from tipreg.search.semantic import similar_to

    return hits_for(similar_to(provision_id, Filters(), limit), parse_query(""), ("[", "]"))


def hits_for(ranked: list[tuple[str, float]], query: Query, markers: tuple[str, str]) -> list[SearchHit]:
    from tipreg.store.models import Provision

    # An entry can have hundreds of sources (every copy of a report): they are loaded when a caller
    # reads them (the export-shaped output), and their printed texts only when a snippet needs them.
    provisions = Provision.objects.in_bulk([pid for pid, _ in ranked])
    exact, prefixes = query.matched_words()
    hits = []
    for provision_id, score in ranked:
        provision = provisions[provision_id]
        hits.append(SearchHit(provision, score, snippet(snippet_texts(provision), exact, prefixes, markers)))
    return hits


def ranked_ids(query: Query, text: str, mode: Mode, limit: int) -> list[tuple[str, float]]:
    from tipreg.search.keyword import keyword_index

    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}: one of {', '.join(MODES)}")
    if mode == "keyword":
        return keyword_index().search(query, limit)  # widens unmatched words to their typo neighbours
    from tipreg.search.semantic import semantic_search

    if mode == "semantic":
        return semantic_search(text, query.filters, limit)
    from tipreg.search.hybrid import fuse

    # Each list is cut deeper than `limit` so that an entry ranked fairly by both can still rise into it.
    depth = max(limit, 50)
    semantic = semantic_search(text, query.filters, depth, only_if_embedded=True)
    return fuse([keyword_index().search(query, depth), semantic], limit)


def snippet_texts(provision: Provision) -> Iterator[str]:
    """The texts a snippet may show, most readable first; sources' printed texts fetched lazily."""
    yield from (provision.text, provision.heading or "", provision.text_original)
    yield from provision.sources.order_by().values_list("text_original", flat=True).distinct()
