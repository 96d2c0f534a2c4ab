"""Searching the register for the web: one parameter parser and one result set for the page and the API.

`tipreg.search` ranks; here the whole ranked list (up to MAX_RESULTS) is kept so that the page can count
facets, sort and paginate, and snippets are made only for the page shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext, gettext_noop

from tipreg.enrich import ADDRESSEES, GROUPS, STRENGTHS
from tipreg.enrich.taxonomy import subtheme_ids, theme_ids, theme_tree_ids
from tipreg.model import DOCUMENT_TYPES, PROVISION_KINDS
from tipreg.search import MODES, SearchHit, hits_for, rank
from tipreg.search.query import Filters, Query, parse_query, searched_part
from tipreg.store.models import Provision
from tipreg.web.register.facets import FACET_TABLE

if TYPE_CHECKING:
    from django.http import QueryDict

View = Callable[..., HttpResponse]
MAX_RESULTS = 5000  # a query matching more shows the best 5000: nobody pages further
SORTS = ("relevance", "meeting", "newest")
# Every entry is near a query in some degree: semantic mode shows the nearest ones only.
SEMANTIC_RESULTS = 100
# facet: SearchParams field
FACETS = {
    "meeting": "meeting",
    "year": "year",
    "kind": "kind",
    "type": "document_type",
    "theme": "theme",
    "addressee": "addressee",
    "strength": "strength",
    "group": "group",
}
# Private-use characters around matched words: no document can contain them, so the page can escape the
# snippet whole and only then turn them into <mark> elements.
HIGHLIGHT = ("\ue000", "\ue001")


class BadParameter(ValueError):
    """A request parameter that cannot be used; the message names it and says what is expected.

    The message is English (the API's language) with %(name)s placeholders filled from `values`; a page
    shows it in the interface's language (`localized`), from the catalogue's translation of the template.
    """

    def __init__(self, name: str, message: str, **values: Any) -> None:
        super().__init__(f"{name}: {message % values if values else message}")
        self.name, self.message, self.values = name, message, values

    def localized(self) -> str:
        message = gettext(self.message)
        return f"{self.name}: {message % self.values if self.values else message}"


def refuses_bad_parameters(*, plain: bool = False) -> Callable[[View], View]:
    """A view whose unusable parameter (BadParameter) is answered 400 with the message naming it: on the error
    page, or as plain text for a file (a chart, a download)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except BadParameter as exc:
                if plain:
                    return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
                return render(request, "register/error.html", {"message": exc.localized()}, status=400)

        return wrapper

    return decorator


@dataclass
class SearchParams:
    q: str = ""
    meeting: int | None = None
    year: int | None = None
    document_type: str | None = None
    kind: str | None = None
    theme: str | None = None  # a theme, or one of its sub-themes
    addressee: str | None = None
    strength: int | None = None  # 5 shall … 1 may wish to
    group: str | None = None  # a group concerned
    sort: str = "relevance"
    mode: str = "hybrid"  # keyword, semantic or hybrid (tipreg.search.MODES)
    cut: bool = False  # `q` is the start of a longer query (tipreg.search.query.searched_part)

    def filters(self) -> Filters:
        return Filters(
            meeting=self.meeting,
            year=self.year,
            document_type=self.document_type,
            kind=self.kind,
            theme=self.theme,
            addressee=self.addressee,
            strength=self.strength,
            group=self.group,
        )


def int_param(params: Mapping[str, str], name: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    """An optional whole-number parameter; empty means absent."""
    value = params.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise BadParameter(name, gettext_noop("expected a whole number, got %(value)r"), value=value[:40])
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is None:
            raise BadParameter(name, gettext_noop("must be at least %(minimum)s"), minimum=minimum)
        raise BadParameter(
            name, gettext_noop("must be between %(minimum)s and %(maximum)s"), minimum=minimum, maximum=maximum
        )
    return number


def choice_param(params: Mapping[str, str], name: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """An optional parameter that must be one of `allowed`; empty means absent."""
    value = params.get(name, "").strip()
    if value and value not in allowed:
        raise BadParameter(name, gettext_noop("unknown value %(value)r"), value=value[:40])
    return value or None


def theme_param(params: Mapping[str, str]) -> str | None:
    """An optional theme or sub-theme id (docs/taxonomy.md)."""
    return choice_param(params, "theme", theme_tree_ids())


def interface_language() -> str:
    """The language the interface speaks now ("es" or "en")."""
    return (get_language() or "es")[:2]


def label_params(params: Mapping[str, str]) -> dict[str, str | int | None]:
    """theme (a theme or sub-theme id, docs/taxonomy.md), addressee, strength (1-5) and group
    (docs/labelling-guide.md)."""
    return {
        "theme": theme_param(params),
        "addressee": choice_param(params, "addressee", ADDRESSEES),
        "strength": int_param(params, "strength", minimum=min(STRENGTHS), maximum=max(STRENGTHS)),
        "group": choice_param(params, "group", GROUPS),
    }


def search_params(params: QueryDict | Mapping[str, str]) -> SearchParams:
    """Read q, meeting, year, type, kind, theme, addressee, strength, group, sort and mode; raises BadParameter on a
    value that cannot be used."""
    typed = params.get("q", "").strip()
    q = searched_part(typed)
    sort = params.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        raise BadParameter("sort", gettext_noop("one of %(values)s"), values=", ".join(SORTS))
    mode = params.get("mode", "").strip() or "hybrid"
    if mode not in MODES:
        raise BadParameter("mode", gettext_noop("one of %(values)s"), values=", ".join(MODES))
    return SearchParams(
        q=q,
        meeting=int_param(params, "meeting", maximum=999),
        year=int_param(params, "year", maximum=9999),
        document_type=choice_param(params, "type", DOCUMENT_TYPES),
        kind=choice_param(params, "kind", PROVISION_KINDS),
        **label_params(params),
        sort=sort,
        mode=mode,
        cut=q != typed,
    )


@dataclass
class ResultSet:
    """Every matching entry id (up to MAX_RESULTS) in the order asked for, with its relevance score."""

    params: SearchParams
    ids: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    mode: str = "keyword"  # the mode that ranked: keyword where the register has no vectors yet
    notice: str | None = None  # why the results lack the semantic side the mode asked for
    unembedded: int = 0  # entries with no vector yet, found by keyword only
    # As ranked: its words widened to the other number and typo neighbours found ("nacion": "naciones")
    query: Query = field(default_factory=Query)

    @property
    def total(self) -> int:
        return len(self.ids)

    @property
    def capped(self) -> bool:
        return self.total >= MAX_RESULTS

    def hits(self, offset: int, limit: int) -> list[SearchHit]:
        """The hits from `offset`, with snippets whose matched words sit between HIGHLIGHT markers."""
        page_ids = self.ids[offset : offset + limit]
        return hits_for([(pid, self.scores[pid]) for pid in page_ids], self.query, HIGHLIGHT)

    def facets(self) -> dict[str, list[tuple[object, int]]]:
        """Counts by meeting, year, kind, the type of the documents that carry the results, theme and
        addressee (and, once a theme is chosen, the sub-themes of its theme).

        A facet whose filter is chosen counts the results without that filter, so the page can offer
        the other values with their counts (another meeting, another year) rather than the chosen one alone.
        """
        if not self.ids:
            return {}
        counts = FACET_TABLE.count(self.ids, FACETS)
        for facet, attribute in FACETS.items():
            if getattr(self.params, attribute) is not None:
                wider = run_search(replace(self.params, sort="relevance", **{attribute: None}))
                widened = (facet, "subtheme") if facet == "theme" else (facet,)
                counts.update(FACET_TABLE.count(wider.ids, widened))
        return facet_lists(counts, self.params.theme)


def facet_lists(counts: dict[str, Counter], theme: str | None) -> dict[str, list[tuple[object, int]]]:
    """Facet counts as the pages list them: each facet in its order; sub-themes only those of the chosen theme."""
    if "subtheme" in counts:
        root = f"{(theme or '').split('.')[0]}."
        counts["subtheme"] = Counter({value: n for value, n in counts["subtheme"].items() if value.startswith(root)})
    return {
        facet: sorted(counter.items(), key=FACET_ORDER.get(facet, _facet_order)) for facet, counter in counts.items()
    }


def _taxonomy_order(row: tuple[object, int]) -> int:
    order = [*theme_ids(), *subtheme_ids()]
    return order.index(row[0]) if row[0] in order else len(order)


def _addressee_order(row: tuple[object, int]) -> int:
    return ADDRESSEES.index(row[0]) if row[0] in ADDRESSEES else len(ADDRESSEES)


def _group_order(row: tuple[object, int]) -> int:
    return GROUPS.index(row[0]) if row[0] in GROUPS else len(GROUPS)


def _strongest_first(row: tuple[object, int]) -> int:
    return -int(row[0]) if isinstance(row[0], int) else 0


def _facet_order(row: tuple[object, int]) -> tuple[bool, object]:
    value = row[0]
    return (value is None, value if value is not None else 0)


FACET_ORDER = {
    "theme": _taxonomy_order,
    "subtheme": _taxonomy_order,
    "addressee": _addressee_order,
    "group": _group_order,
    "strength": _strongest_first,
}  # their lists' order; others by value


def run_search(params: SearchParams) -> ResultSet:
    """All entries for `params.q` under its filters and mode, sorted as asked; empty for an empty query.

    Never embeds anything: with no vectors stored, semantic and hybrid modes give keyword results and a notice.
    """
    if not params.q:
        return ResultSet(params, mode=params.mode)
    query = parse_query(params.q, params.filters())
    depth = SEMANTIC_RESULTS if params.mode == "semantic" else MAX_RESULTS
    ranking = rank(query, params.q, params.mode, depth, embed_missing=False, narrow=True)
    if ranking.mode == "keyword" and depth < MAX_RESULTS:  # no vectors yet: every keyword match, as keyword mode
        ranking = rank(query, params.q, "keyword", MAX_RESULTS, embed_missing=False)
    scores = dict(ranking.ranked)
    ids = [pid for pid, _ in ranking.ranked]
    if params.sort != "relevance" and ids:
        ids = list(_sorted_ids(ids, params.sort))
    return ResultSet(params, ids, scores, ranking.mode, ranking.notice(params.mode), ranking.unembedded, query)


def similar_ids(provision_id: str, limit: int) -> list[tuple[str, float]] | None:
    """More like this: the entries nearest in meaning to `provision_id`, best first, itself left out.

    None when the entry has no vector of the configured model yet (the register was not embedded).
    """
    from tipreg.search.semantic import similar_to

    try:
        return similar_to(provision_id, Filters(), limit, embed_missing=False)
    except KeyError:
        return None


def _sorted_ids(ids: list[str], sort: str) -> Iterator[str]:
    """Register order (meeting, number) or newest year first; ties keep register order."""
    from django.db.models import F

    order = [F("meeting").asc(nulls_last=True), "number_key", "kind", "id"]
    if sort == "newest":
        order.insert(0, F("year").desc(nulls_last=True))
    yield from Provision.objects.filter(id__in=ids).order_by(*order).values_list("id", flat=True)
