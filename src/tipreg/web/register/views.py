"""The reading pages. Everything here is read-only; documents' text is always rendered escaped."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_safe

from tipreg import services
from tipreg.enrich.taxonomy import theme_tree_ids
from tipreg.gaps.wording import matter_summary
from tipreg.model import PROVISION_KINDS
from tipreg.publish.build import summary_on
from tipreg.store.curation.records import resolve
from tipreg.store.labels.export import entry_labels
from tipreg.store.labels.linking import links_pending, recurring_matters
from tipreg.store.labels.search import with_labels
from tipreg.store.models import Document, Provision
from tipreg.web.register import downloads, reading
from tipreg.web.register.facets import FACET_TABLE
from tipreg.web.register.results import (
    BadParameter,
    choice_param,
    facet_lists,
    int_param,
    interface_language,
    label_params,
    refuses_bad_parameters,
    run_search,
    search_params,
    theme_param,
)

PAGE_SIZE = 20
BROWSE_FACETS = ("meeting", "year", "kind", "theme", "subtheme", "addressee", "strength", "group")
DOWNLOAD_FORMATS = ("csv", "json", "xlsx")
# Shown on the empty search page: no accents needed, OCR damage matched, a phrase, a prefix.
SEARCH_EXAMPLES = ("ninas", "indemnizacion", '"trabajo forzoso"', "victim*")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    summary = services.register_summary()
    years = Provision.objects.filter(kind="recommendation").values_list("year").annotate(n=Count("id"))
    context = {
        "summary": summary,
        "documents_total": sum(summary.documents_by_type.values()),
        "recommendations_total": sum(count for _, _, count in summary.recommendations_by_meeting),
        "recommendations_by_year": sorted(years.order_by(), key=lambda row: (row[0] is None, row[0] or 0)),
    }
    return render(request, "register/home.html", context)


@require_safe
@refuses_bad_parameters()
def provision_list(request: HttpRequest) -> HttpResponse:
    """Browse entries in register order, narrowed by meeting, year, kind, heading or document."""
    entries, chosen = _browse_filters(request)
    # Counted from the facet table in one pass over the ids (tipreg.web.register.facets), not a query each.
    counts = FACET_TABLE.count(entries.values_list("id", flat=True), BROWSE_FACETS)
    facets = facet_lists(counts, chosen.get("theme"))
    # with their entries' language, to mark the headings' text with it (lang) as the entries' own text is
    headings = entries.exclude(heading=None).values_list("heading", "language").annotate(n=Count("id"))
    headings = headings.order_by("-n", "heading")
    context = {
        "page": _page(request, reading.register_order(entries)),
        "facets": facets,
        "headings": headings[:30],
        "chosen": chosen,
        "document": chosen.get("document_object"),
    }
    return render(request, "register/provision_list.html", context)


def _browse_filters(request: HttpRequest) -> tuple[QuerySet[Provision], dict]:
    params = request.GET
    entries = Provision.objects.all()
    chosen: dict = {}
    for name in ("meeting", "year"):
        value = int_param(params, name, maximum=9999)
        if value is not None:
            entries = entries.filter(**{name: value})
            chosen[name] = value
    if kind := choice_param(params, "kind", PROVISION_KINDS):
        entries = entries.filter(kind=kind)
        chosen["kind"] = kind
    if heading := params.get("heading", "").strip():
        entries = entries.filter(heading=heading)
        chosen["heading"] = heading
    labels = {name: value for name, value in label_params(params).items() if value is not None}
    entries = with_labels(entries, **labels)
    chosen.update(labels)
    document_id = int_param(params, "document")
    if document_id is not None:
        chosen["document"] = document_id
        chosen["document_object"] = get_object_or_404(Document.objects.defer("text"), pk=document_id)
        entries = entries.filter(sources__document_id=document_id).distinct()
    return entries, chosen


@require_safe
def provision_detail(request: HttpRequest, provision_id: str) -> HttpResponse:
    provision = reading.with_links(Provision.objects.filter(pk=provision_id)).first()
    if provision is None:  # an id merged into another entry by a curator leads there, for good
        merged_into = resolve(provision_id)
        if merged_into is None:
            raise Http404(provision_id)
        return redirect("provision_detail", provision_id=merged_into, permanent=True)
    shown, total = reading.passages(provision)
    linked = reading.linked(provision)
    context = {
        "provision": provision,
        "passages": shown,
        "sources_total": total,
        "related": reading.related(provision),
        "labels": entry_labels(provision),  # the export record's label fields, corrections included
        "linked": linked,
        "recurring_on": reading.recurring_on(linked),
        "similar": reading.similar(provision),  # None: the register has no vector for this entry yet
    }
    return render(request, "register/provision_detail.html", context)


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    documents = reading.documents_with_counts()
    chosen_type = request.GET.get("type", "").strip()
    if chosen_type:
        documents = documents.filter(type=chosen_type)
    return render(request, "register/document_list.html", {"page": _page(request, documents), "type": chosen_type})


@require_safe
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=document_id)
    context = {
        "document": document,
        "segments": reading.document_segments(document),
        "provision_count": document.sources.count(),
    }
    return render(request, "register/document_detail.html", context)


@require_safe
@refuses_bad_parameters()
def search(request: HttpRequest) -> HttpResponse:
    """The search page; ?format=csv|json|xlsx downloads every result instead."""
    params = search_params(request.GET)
    output = request.GET.get("format", "").strip()
    if output and output not in DOWNLOAD_FORMATS:
        raise BadParameter("format", gettext_noop("one of %(values)s"), values=", ".join(DOWNLOAD_FORMATS))
    results = run_search(params)
    if output:
        return downloads.response(results, output)
    page = _page(request, results.ids)
    context = {
        "params": params,
        "results": results,
        "page": page,
        "hits": results.hits(page.start_index() - 1, PAGE_SIZE) if results.total else [],
        "facets": results.facets(),
        "sorts": [("relevance", _("relevance")), ("meeting", _("meeting and number")), ("newest", _("newest first"))],
        "modes": [("hybrid", _("words and meaning")), ("keyword", _("exact words")), ("semantic", _("meaning only"))],
        "examples": SEARCH_EXAMPLES,
    }
    return render(request, "register/search.html", context)


def _page(request: HttpRequest, items: QuerySet | list) -> Page:
    """The page asked for by ?page=; the first page for a page that is not a number or below 1 (Django's
    get_page gives the last for 0 and -1, as if they were past the end), the last one past the end."""
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        number = 1
    return Paginator(items, PAGE_SIZE).get_page(number)


@require_safe
@refuses_bad_parameters()
def recurring(request: HttpRequest) -> HttpResponse:
    """The recurring recommendations (`tipreg threads`): each sub-theme's entries linked across meetings, those
    of ?theme= (a theme or sub-theme) only when given."""
    theme = theme_param(request.GET)
    lang = interface_language()
    matters = [
        {
            "theme": sub_theme,
            "summary": matter_summary(len(entries), (e.meeting for e in entries), (e.year for e in entries), lang),
            "entries": [(entry, summary_on(entry.text, sub_theme)) for entry in entries],
        }
        for sub_theme, entries in recurring_matters(theme)
    ]
    choices = [(item, "." in item) for item in theme_tree_ids()]  # each theme, then its sub-themes
    # `tipreg link` has not been run on this register (rather than nothing recurring).
    linked = bool(matters) or not links_pending()
    context = {"matters": matters, "theme": theme, "choices": choices, "linked": linked}
    return render(request, "register/recurring.html", context)
