"""Search the register: one query API whatever the backend (keyword, semantic, or both fused)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tipreg.search.query import (
    Filters,
    Query,
    cut_notice,
    has_words,
    normalize_query,
    parse_query,
    searched_part,
)
from tipreg.search.snippet import matched_snippet, snippet

if TYPE_CHECKING:
    from tipreg.store.models import Provision

Mode = Literal["keyword", "semantic", "hybrid"]
MODES: tuple[Mode, ...] = ("keyword", "semantic", "hybrid")


@dataclass
class SearchHit:
    provision: Provision  # sources load on first use
    score: float  # higher is better; comparable only within one result list
    snippet: str
    # The snippet shows a text as printed (a source before repair or a curator's correction): the entry's own
    # text and heading lack the words that matched, which every source's printed text keeps findable.
    printed: bool = False


class SearchResults(list[SearchHit]):
    """The hits, best first, and how they were ranked: `mode` used, `notice` when not the mode asked for or
    when the query was cut short."""

    def __init__(self, hits: list[SearchHit], mode: Mode, notice: str | None = None) -> None:
        super().__init__(hits)
        self.mode = mode
        self.notice = notice


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
    group: str | None = None,
    limit: int = 20,
    markers: tuple[str, str] = ("[", "]"),
    mode: Mode = "hybrid",
) -> SearchResults:
    """Provisions for `text`, best first, with the same filters in every mode.

    keyword: entries matching every word, ignoring case, accents and OCR noise; semantic: entries nearest
    in meaning, in any language (tipreg.embed); hybrid: both lists fused by reciprocal rank, or keyword
    alone while the register has never been embedded (`tipreg embed`; semantic mode embeds on first use);
    the answer's `notice` says so.
    `theme`, `addressee`, `strength` and `group` filter on the entry's labels, curators' corrections included.
    A long query is searched on its start (query.searched_part), and the notice says so.
    """
    from tipreg.store import setup

    setup(db)
    filters = Filters(
        meeting, year, document_type, kind, theme=theme, addressee=addressee, strength=strength, group=group
    )
    searched = searched_part(text)
    query = parse_query(searched, filters)
    ranking = rank(query, searched, mode, limit)
    notice = joined_notices(ranking.notice(mode), cut_notice(searched) if searched != text.strip() else None)
    return SearchResults(hits_for(ranking.ranked, query, markers), mode=ranking.mode, notice=notice)


def joined_notices(*notices: str | None) -> str | None:
    """The notices that apply, as one; None when none does."""
    return "; ".join(notice for notice in notices if notice) or None


def similar(
    provision_id: str, *, db: str | None = None, limit: int = 10, embed_missing: bool = True
) -> list[SearchHit]:
    """More like this: the entries nearest in meaning to entry `provision_id`, or to the entry it was merged
    into (KeyError if unknown); entries without a vector are embedded first, unless the caller just did."""
    from tipreg.store import setup

    setup(db)
    from tipreg.search.semantic import similar_to
    from tipreg.store.curation.records import resolve

    current = resolve(provision_id) or provision_id
    ranked = similar_to(current, Filters(), limit, embed_missing=embed_missing)
    return hits_for(ranked, parse_query(""), ("[", "]"))


def hits_for(ranked: list[tuple[str, float]], query: Query, markers: tuple[str, str]) -> list[SearchHit]:
    from tipreg.store.models import Provision

    # An entry can have hundreds of sources (every copy of a report): they are loaded when a caller
    # reads them (the export-shaped output), and their printed texts only when a snippet needs them.
    provisions = Provision.objects.in_bulk([pid for pid, _ in ranked])
    exact, prefixes = query.matched_words()
    return [search_hit(provisions[provision_id], score, exact, prefixes, markers) for provision_id, score in ranked]


def search_hit(
    provision: Provision, score: float, exact: set[str], prefixes: tuple[str, ...], markers: tuple[str, str]
) -> SearchHit:
    """A hit with its snippet: from the entry's text or heading where they show a matched word, else from a
    text as printed (`printed`), else the start of the entry's text."""
    shown = matched_snippet((provision.text, provision.heading or ""), exact, prefixes, markers)
    if shown is not None:
        return SearchHit(provision, score, shown)
    as_printed = matched_snippet(printed_texts(provision), exact, prefixes, markers)
    if as_printed is not None:
        return SearchHit(provision, score, as_printed, printed=True)
    return SearchHit(provision, score, snippet([provision.text], exact, prefixes, markers))


@dataclass
class Ranking:
    """A ranked list of (entry id, score), with how it was made."""

    ranked: list[tuple[str, float]]
    mode: Mode  # the mode that ranked: keyword where semantic ranking was asked for but no vector is stored
    unembedded: int = 0  # entries the semantic ranking could not see: no vector of the model yet

    def notice(self, asked: Mode) -> str | None:
        """Why the ranking is not what `asked` promises, in words for the user; None when it is."""
        if asked != "keyword" and self.mode == "keyword":
            return "no entry has a vector of the embedding model yet (run tipreg embed): keyword results only"
        if self.mode != "keyword" and self.unembedded:
            return f"{self.unembedded} entries have no vector yet (run tipreg embed): found by keyword only"
        return None


def ranked_ids(query: Query, text: str, mode: Mode, limit: int) -> list[tuple[str, float]]:
    """The ranked (id, score) list for `mode`; semantic mode embeds the entries not yet embedded first."""
    return rank(query, text, mode, limit).ranked


def rank(
    query: Query, text: str, mode: Mode, limit: int, *, embed_missing: bool | None = None, narrow: bool = False
) -> Ranking:
    """Rank the register for `query` (`text` as typed, for the embedding) in `mode`, `limit` deep.

    `embed_missing` (default: in semantic mode only) embeds entries without a vector first; without it the
    stored vectors alone are used, and with none stored the ranking is keyword search alone: a request
    never waits a minute for embedding. `Ranking.notice` says when results lack the semantic side.
    Hybrid's semantic side is the SEMANTIC_DEPTH nearest in the whole register, narrowed by the filters; so is
    semantic mode's `limit` nearest with `narrow` (the web, whose facets count what choosing a value lists),
    else the `limit` nearest among the entries passing the filters.
    """
    from tipreg.search.keyword import keyword_index

    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}: one of {', '.join(MODES)}")
    if not has_words(text):  # punctuation or emoji alone: nothing to match, and no meaning to be near
        return Ranking([], mode)
    text = normalize_query(text)
    if mode == "keyword":
        return Ranking(keyword_index().search(query, limit), "keyword")  # widens unmatched words to typo neighbours
    from tipreg.search.semantic import coverage, nearest_passing, semantic_search

    if mode == "semantic" if embed_missing is None else embed_missing:
        from tipreg.embed import load_embedder
        from tipreg.search.semantic import embed_when_changed

        embed_when_changed(load_embedder())
    embedded, total = coverage()
    if not embedded:
        return Ranking(keyword_index().search(query, limit), "keyword", total)
    if mode == "semantic":
        if narrow:
            return Ranking(nearest_passing(text, query.filters, limit), "semantic", total - embedded)
        return Ranking(semantic_search(text, query.filters, limit, embed_missing=False), "semantic", total - embedded)
    from tipreg.search.hybrid import SEMANTIC_DEPTH, fuse_keyword_first

    # The keyword list goes as deep as asked (every match counts for the web page's facets); the semantic
    # one SEMANTIC_DEPTH deep, since every entry is "near" in some degree.
    semantic = nearest_passing(text, query.filters, SEMANTIC_DEPTH)
    keyword = keyword_index().search(query, max(limit, SEMANTIC_DEPTH))
    return Ranking(fuse_keyword_first(keyword, semantic, limit), "hybrid", total - embedded)


def printed_texts(provision: Provision) -> Iterator[str]:
    """The entry's texts as printed: its own original, then its sources' (fetched only if asked for)."""
    yield provision.text_original
    yield from provision.sources.order_by().values_list("text_original", flat=True).distinct()
