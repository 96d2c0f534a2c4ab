"""Focal points' and the Secretariat's pages: log in, the to-do list, the report form, evidence files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tipreg.store.models import Provision
from tipreg.web.reports import filing, throttle, transfer
from tipreg.web.reports.forms import IMPORT_MAX_BYTES, SUBMIT, EvidenceForm, ImportForm, ReportForm
from tipreg.web.reports.models import Evidence, ImplementationReport, ReportingPeriod, State

LISTED = 200  # rows of the to-do list and of the reports shown on the home page (the export has all)
MULTIPART_OVERHEAD = 64 * 1024  # form fields and part headers around an uploaded file


def body_at_most(max_bytes: Callable[[], int]) -> Callable:
    """Refuse (413) a request whose declared body is larger than an upload may be, before reading it."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            limit = max_bytes() + MULTIPART_OVERHEAD
            if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
                message = _("The request is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
                return text_answer(message, 413)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def text_answer(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class LoginView(auth_views.LoginView):
    """Django's login, refused (429) after too many failures for a user name from one address."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        username = request.POST.get("username", "")
        if throttle.is_locked(request, username):
            return render(request, "reports/locked.html", status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            throttle.clear(request, username)
        else:
            throttle.record_failure(request, username)
        return response


@require_safe
@login_required
def report_home(request: HttpRequest) -> HttpResponse:
    """A focal point's State: the current period's to-do list and the reports already filed."""
    state = filing.state_of(request.user)
    if state is None and not filing.is_secretariat(request.user):
        raise PermissionDenied
    period = filing.current_period()
    to_do = filing.to_do(state, period) if state and period else Provision.objects.none()
    context = {
        "state": state,
        "period": period,
        "to_do": to_do[:LISTED],
        "to_do_total": to_do.count(),
        "reports": with_entries(filing.visible_reports(request.user).order_by("-updated_at")[:LISTED]),
    }
    return render(request, "reports/home.html", context)


def with_entries(reports: Iterable[ImplementationReport]) -> list[ImplementationReport]:
    """The reports, each with `.entry`: its register entry (for the meeting and number), None if gone."""
    listed = list(reports)
    entries = Provision.objects.only("id", "meeting", "number").in_bulk({report.provision_id for report in listed})
    for report in listed:
        report.entry = entries.get(report.provision_id)
    return listed


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_edit(request: HttpRequest, state_code: str, period_id: int, provision_id: str) -> HttpResponse:
    state = get_object_or_404(State, code=state_code)
    if not filing.may_file_for(request.user, state):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    provision = get_object_or_404(Provision, pk=provision_id)
    report = ImplementationReport.objects.filter(provision_id=provision.id, state=state, period=period).first()
    conflict = None
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            values = {
                "status": form.cleaned_data["status"],
                "narrative": form.cleaned_data["narrative"],
                "submitted": form.cleaned_data["action"] == SUBMIT,
            }
            try:
                report = filing.save_report(
                    user=request.user,
                    provision_id=provision.id,
                    state=state,
                    period=period,
                    values=values,
                    base_version=form.cleaned_data["version"],
                )
            except filing.Conflict as error:
                conflict = error
                report = error.current
            else:
                submitted = _("Report submitted.") if report.submitted else _("Draft saved.")
                messages.success(request, submitted)
                return redirect("report_edit", state.code, period.pk, provision.id)
        status = 409 if conflict else 400
    else:
        initial = {"status": report.status, "narrative": report.narrative, "version": report.version} if report else {}
        form = ReportForm(initial=initial)
        status = 200
    context = {
        "state": state,
        "period": period,
        "provision": provision,
        "report": report,
        "form": form,
        "conflict": conflict,
        "evidence_form": EvidenceForm(),
        "evidence_max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        "changes": report.changes.select_related("changed_by") if report else [],
    }
    return render(request, "reports/edit.html", context, status=status)


@require_POST
@login_required
@body_at_most(lambda: settings.EVIDENCE_MAX_BYTES)
def evidence_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(filing.visible_reports(request.user), pk=report_id)
    if not filing.may_file_for(request.user, report.state):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return text_answer(_("No file was sent."), 400)
    try:
        filing.attach_evidence(report, form.cleaned_data["file"], request.user)
    except filing.EvidenceRefused as error:
        return text_answer(_("File refused: %(reason)s.") % {"reason": error}, 400)
    messages.success(request, _("Evidence attached."))
    return redirect("report_edit", report.state.code, report.period_id, report.provision_id)


@require_safe
@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    visible = filing.visible_reports(request.user)
    evidence = get_object_or_404(Evidence.objects.filter(report__in=visible), pk=evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    # Never rendered by the browser, whatever the file holds: saved, not sniffed, sandboxed, not cached.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def reports_export(request: HttpRequest, output: str) -> HttpResponse:
    """The reports the user may read, as CSV or XLSX (the columns an import reads back)."""
    if output not in transfer.FILE_TYPES:
        raise Http404
    content_type, render_rows = transfer.FILE_TYPES[output]
    response = HttpResponse(
        render_rows(transfer.export_rows(filing.visible_reports(request.user))), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="implementation-reports.{output}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@body_at_most(lambda: IMPORT_MAX_BYTES)
def reports_import(request: HttpRequest) -> HttpResponse:
    """Bulk filing from CSV or XLSX: every row checked, all saved or none, row errors listed."""
    if filing.state_of(request.user) is None and not filing.is_secretariat(request.user):
        raise PermissionDenied
    result, problem, status = None, None, 200
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = transfer.read_rows(upload.name, upload.read())
            except transfer.UnreadableFile as error:
                problem = str(error)
            else:
                result = transfer.import_rows(rows, request.user)
        else:
            problem = _("no file was sent, or it is larger than allowed")
        status = 400 if problem or (result and result.errors) else 200
    context = {"form": form, "result": result, "problem": problem, "columns": transfer.COLUMNS}
    return render(request, "reports/import.html", context, status=status)
