"""The public dashboards: charts (SVG drawn on the server), the table behind each, and its downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from tipreg.web.register.results import int_param, refuses_bad_parameters
from tipreg.web.reports import dashboards, filing, transfer
from tipreg.web.reports.models import ReportingPeriod

# An SVG image carries its own style attributes (matplotlib writes them) and nothing else: no script, no
# outside resource, and not framed as a page of the site.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def chosen_period(request: HttpRequest) -> ReportingPeriod | None:
    """?period=ID, else the current period, else the latest; None when there is no period at all."""
    period_id = int_param(request.GET, "period", minimum=1)
    if period_id is None:
        return filing.current_period() or ReportingPeriod.objects.order_by("-starts").first()
    period = ReportingPeriod.objects.filter(pk=period_id).first()
    if period is None:
        raise Http404("no such reporting period")
    return period


@require_safe
@refuses_bad_parameters()
def dashboard(request: HttpRequest) -> HttpResponse:
    period = chosen_period(request)
    slugs = dashboards.CHARTS if period else ("coverage",)
    context = {
        "period": period,
        "periods": ReportingPeriod.objects.order_by("-starts"),
        "tables": [dashboards.table(slug, period) for slug in slugs],
        "query": f"?period={period.pk}" if period else "",
    }
    return render(request, "reports/dashboards.html", context)


@require_safe
@refuses_bad_parameters(plain=True)
def dashboard_file(request: HttpRequest, slug: str, output: str) -> HttpResponse:
    """One chart as SVG, or its table as CSV or XLSX."""
    if slug not in dashboards.CHARTS or output not in (*transfer.FILE_TYPES, "svg"):
        raise Http404
    period = chosen_period(request)
    if period is None and slug != "coverage":
        raise Http404("no reporting period")
    table = dashboards.table(slug, period)
    if output == "svg":
        from tipreg.web.reports import charts  # matplotlib loads on the first chart, not with the site

        response = HttpResponse(charts.svg(table), content_type="image/svg+xml")
        response["Content-Security-Policy"] = SVG_POLICY
        return response
    content_type, render_rows = transfer.FILE_TYPES[output]
    response = HttpResponse(render_rows(table.file_rows()), content_type=content_type)
    suffix = f"-{slugify(period.name)}" if period and slug != "coverage" else ""
    response["Content-Disposition"] = f'attachment; filename="{slug}{suffix}.{output}"'
    return response
