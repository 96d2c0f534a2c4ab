"""The public read-only JSON API: search, one provision, the documents, and the OpenAPI schema.

Every answer is JSON, errors included: {"error": {"status", "message", "parameter"?}}.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from tipreg.publish.export import provision_record
from tipreg.search import joined_notices
from tipreg.search.query import cut_notice
from tipreg.store.curation.records import resolve
from tipreg.store.labels.export import LABEL_PREFETCH
from tipreg.store.models import Provision, Source
from tipreg.web.api.schema import (
    DEFAULT_DOCUMENTS_LIMIT,
    DEFAULT_LIMIT,
    DEFAULT_SIMILAR_LIMIT,
    MAX_DOCUMENTS_LIMIT,
    MAX_LIMIT,
    NO_VECTOR_NOTICE,
    openapi_schema,
)
from tipreg.web.register.reading import documents_with_counts
from tipreg.web.register.results import (
    MAX_RESULTS,
    BadParameter,
    int_param,
    run_search,
    search_params,
    similar_ids,
)

JSON_OPTIONS = {"ensure_ascii": False}

View = Callable[..., JsonResponse]


# The names the schema gives the path parameters of the read API's views (their keyword arguments).
PATH_PARAMETERS = {"provision_id": "id", "rest": "path"}


def error(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body: dict[str, Any] = {"status": status, "message": _printable(message)}
    if parameter:
        body["parameter"] = _printable(parameter)
    return JsonResponse({"error": body}, status=status, json_dumps_params=JSON_OPTIONS)


def _printable(text: str) -> str:
    """The text as UTF-8 can carry it: a lone surrogate quoted from a request is written as its escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def text_problem(value: str) -> str | None:
    """Why a text sent in a request cannot be looked up or stored, or None if it can: a NUL character
    (PostgreSQL text cannot hold one) or a lone surrogate (JSON's "\\ud800": no UTF-8 for it)."""
    if "\0" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text, without lone surrogates (\\ud800-\\udfff)"
    return None


def check_texts(request: HttpRequest, path: dict[str, Any], names: dict[str, str]) -> None:
    """BadParameter for the first path or query parameter whose text cannot be used (`text_problem`);
    `names` gives the schema's name of each path parameter (keyword argument of the view)."""
    sent = [(names.get(key, key), value) for key, value in path.items() if isinstance(value, str)]
    sent += [(key, value) for key, values in request.GET.lists() for value in values]
    for name, value in sent:
        if problem := text_problem(value) or text_problem(name):
            raise BadParameter(_printable(name), problem)


def api_view(view: View) -> View:
    """GET (and HEAD) only; a BadParameter becomes a 400 naming the parameter, and so does a path or query
    parameter whose text cannot be used (a NUL character).

    Exempt from CSRF checks so that a POST gets this API's JSON 405 rather than the CSRF failure page:
    these views never change anything, whatever the method.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        if request.method not in ("GET", "HEAD"):
            reply = error(405, f"method {request.method} not allowed; this API is read-only (GET)")
            reply["Allow"] = "GET, HEAD"
            return reply
        try:
            check_texts(request, kwargs, PATH_PARAMETERS)
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return error(400, str(exc), exc.name)

    return csrf_exempt(wrapper)


@api_view
def search(request: HttpRequest) -> JsonResponse:
    params = search_params(request.GET)
    if not params.q:
        raise BadParameter("q", "required: the words to search for")
    limit = int_param(request.GET, "limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_LIMIT
    offset = int_param(request.GET, "offset", maximum=MAX_RESULTS) or 0
    results = run_search(params)
    page = results.ids[offset : offset + limit]
    body = {
        "query": params.q,
        "mode": results.mode,
        "notice": joined_notices(results.notice, cut_notice(params.q) if params.cut else None),
        "total": results.total,
        "limit": limit,
        "offset": offset,
        "results": scored_records([(pid, results.scores[pid]) for pid in page]),
    }
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


def scored_records(ranked: list[tuple[str, float]]) -> list[dict[str, Any]]:
    """Export records of the ranked entries, in order, each with its score."""
    sources = Prefetch("sources", queryset=Source.objects.with_documents().defer("text_original"))
    # Sources and labels of the whole page in five queries, not three more per record.
    entries = Provision.objects.prefetch_related(sources, *LABEL_PREFETCH).in_bulk([pid for pid, _ in ranked])
    return [{**provision_record(entries[pid]), "score": round(score, 4)} for pid, score in ranked]


@api_view
def similar(request: HttpRequest, provision_id: str) -> JsonResponse:
    """More like this: the entries nearest in meaning to one entry, in any language."""
    if not Provision.objects.filter(pk=provision_id).exists():
        return _moved_or_missing(provision_id, "api_similar", request)
    limit = int_param(request.GET, "limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_SIMILAR_LIMIT
    ranked = similar_ids(provision_id, limit)
    body = {
        "id": provision_id,
        "notice": NO_VECTOR_NOTICE if ranked is None else None,
        "limit": limit,
        "results": scored_records(ranked or []),
    }
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


def _moved_or_missing(provision_id: str, route: str, request: HttpRequest) -> JsonResponse:
    """A merged-away id has moved for good to the entry it was merged into (301, query kept); else 404."""
    merged_into = resolve(provision_id)
    if merged_into is None:
        return error(404, f"no provision with id {provision_id!r}")
    reply = error(301, f"{provision_id} was merged into {merged_into}")
    query = request.GET.urlencode()
    reply["Location"] = reverse(route, args=[merged_into]) + (f"?{query}" if query else "")
    return reply


@api_view
def provision(request: HttpRequest, provision_id: str) -> JsonResponse:
    entry = Provision.objects.filter(pk=provision_id).first()
    if entry is None:
        return _moved_or_missing(provision_id, "api_provision", request)
    return JsonResponse(provision_record(entry), json_dumps_params=JSON_OPTIONS)


@api_view
def documents(request: HttpRequest) -> JsonResponse:
    limit = int_param(request.GET, "limit", minimum=1, maximum=MAX_DOCUMENTS_LIMIT) or DEFAULT_DOCUMENTS_LIMIT
    offset = int_param(request.GET, "offset") or 0
    listed = documents_with_counts()
    rows = [
        {
            "id": document.id,
            "file": document.file,
            "symbol": document.symbol,
            "type": document.type,
            "language": document.language,
            "meeting": document.meeting,
            "year": document.year,
            "date": document.date.isoformat() if document.date else None,
            "title": document.title,
            "provisions": document.provision_count,
        }
        for document in listed[offset : offset + limit]
    ]
    body = {"total": listed.count(), "limit": limit, "offset": offset, "results": rows}
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@api_view
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_schema(request.build_absolute_uri("/")), json_dumps_params=JSON_OPTIONS)


@api_view
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    return error(404, f"no API endpoint at /api/{rest}; see /api/openapi.json")
