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


def error(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body: dict[str, Any] = {"status": status, "message": message}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse({"error": body}, status=status, json_dumps_params=JSON_OPTIONS)


def api_view(view: View) -> View:
    """GET (and HEAD) only; a BadParameter becomes a 400 naming the parameter.

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
        "notice": results.notice,
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
        return error(404, f"no provision with id {provision_id!r}")
    limit = int_param(request.GET, "limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_SIMILAR_LIMIT
    ranked = similar_ids(provision_id, limit)
    body = {
        "id": provision_id,
        "notice": NO_VECTOR_NOTICE if ranked is None else None,
        "limit": limit,
        "results": scored_records(ranked or []),
    }
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@api_view
def provision(request: HttpRequest, provision_id: str) -> JsonResponse:
    entry = Provision.objects.filter(pk=provision_id).first()
    if entry is None:
        merged_into = resolve(provision_id)
        if merged_into is None:
            return error(404, f"no provision with id {provision_id!r}")
        # A merged-away id: moved for good to the entry it was merged into.
        reply = error(301, f"{provision_id} was merged into {merged_into}")
        reply["Location"] = reverse("api_provision", args=[merged_into])
        return reply
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
