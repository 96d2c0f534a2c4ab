"""Focal points' and the Secretariat's pages: log in, the to-do list, the report form, evidence files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, ClassVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tipreg.store.curation.records import resolve
from tipreg.store.models import Provision
from tipreg.web.reports import filing, throttle, transfer
from tipreg.web.reports.forms import IMPORT_MAX_BYTES, SUBMIT, EvidenceForm, ImportForm, ReportForm
from tipreg.web.reports.models import Evidence, ImplementationReport, ReportingPeriod, State

LISTED = 200  # rows of the to-do list and of the reports shown on the home page (the export has all)
MULTIPART_OVERHEAD = 64 * 1024  # form fields and part headers around an uploaded file
# A report form sent once its session had ended, kept through the log-in (login_required_keeping_the_form).
KEPT_REPORT, KEPT_FIELDS, KEPT_PREFIX = "kept_report", ("status", "narrative", "version"), "kept_"


def body_at_most(max_bytes: Callable[[], int], refused: Callable[..., HttpResponse]) -> Callable:
    """Refuse (413) a request whose declared body is larger than an upload may be, before reading it: the
    answer is `refused(request, reason, 413, *args, **kwargs)`, a page of the site that gives the reason.

    The CSRF check comes after this one (the middleware would read the whole body for the form's token
    first): a request within the limit is checked as any other, and one over it changes nothing."""

    def decorator(view: Callable) -> Callable:
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes() + MULTIPART_OVERHEAD:
                reason = _("the file is larger than %(mb)s MB") % {"mb": max_bytes() // (1024 * 1024)}
                return refused(request, reason, 413, *args, **kwargs)
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapper)  # from the middleware's check, which `protected` does in its place

    return decorator


def report_form_values(data: QueryDict, prefix: str = "") -> dict[str, str]:
    return {name: data.get(prefix + name, "") for name in KEPT_FIELDS}


def login_required_keeping_the_form(view: Callable) -> Callable:
    """`login_required`, except for a report form sent once the session had ended (after 8 hours, or a log-out
    in another tab): a redirect to the log-in would drop what was typed, so the log-in page (401) says the
    report was not saved and carries the form's values, which LoginView keeps for the report page."""
    required = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method != "POST" or request.user.is_authenticated:
            return required(request, *args, **kwargs)
        context = {"form": AuthenticationForm(request), "next": request.path, "kept": report_form_values(request.POST)}
        return render(request, "registration/login.html", context, status=401)

    return wrapper


class LoginView(auth_views.LoginView):
    """Django's login, refused (429) after too many failures for a user name from one address."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        username = request.POST.get("username", "")
        if throttle.is_locked(request, username):
            return render(request, "reports/locked.html", status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            throttle.clear(request, username)
            if kept := self.kept_report_form():
                request.session[KEPT_REPORT] = {"path": request.POST.get("next", ""), **kept}
        else:
            throttle.record_failure(request, username)
        return response

    def kept_report_form(self) -> dict[str, str] | None:
        """The report form's values this log-in carries (login_required_keeping_the_form), if any."""
        if KEPT_PREFIX + "narrative" not in self.request.POST:
            return None
        return report_form_values(self.request.POST, KEPT_PREFIX)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "kept": self.kept_report_form()}  # kept past a wrong password


def kept_report_form(request: HttpRequest) -> ReportForm | None:
    """The report form as sent when the session had ended, on the page it was sent to, once."""
    kept = request.session.get(KEPT_REPORT)
    if not kept or kept["path"] != request.path:
        return None
    del request.session[KEPT_REPORT]
    messages.warning(request, _("This is the text you typed before your session ended: it is not saved yet."))
    return ReportForm(initial={name: kept[name] for name in KEPT_FIELDS})


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
@login_required_keeping_the_form
def report_edit(request: HttpRequest, state_code: str, period_id: int, provision_id: str) -> HttpResponse:
    state = get_object_or_404(State, code=state_code.upper())  # "esp" is ESP, as the API reads it
    if not filing.may_file_for(request.user, state):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    # An entry a curator merged into another: its reports went with it (filing.follow_merge), the page is there.
    entry_id = resolve(provision_id)
    if entry_id is None:
        raise Http404(provision_id)
    canonical = (state.code, entry_id) == (state_code, provision_id)
    if not canonical and request.method != "POST":  # a form sent meanwhile is saved there
        return redirect("report_edit", state.code, period.pk, entry_id, permanent=True)
    provision = Provision.objects.get(pk=entry_id)
    where = {"provision_id": provision.id, "state": state, "period": period}
    report = ImplementationReport.objects.filter(**where).first()
    conflict = None
    if request.method == "POST":
        if not filing.may_change_in(request.user, period):
            raise PermissionDenied
        form = ReportForm(request.POST)
        if form.is_valid():
            report, conflict = save_from_form(request.user, form, where, report)
            if not (conflict or form.errors):
                messages.success(request, _("Report submitted.") if report.submitted else _("Draft saved."))
                return redirect("report_edit", state.code, period.pk, provision.id)
        status = 409 if conflict else 400
    else:
        form = kept_report_form(request)
        status = 200
    return report_page(request, state, period, provision, report, form=form, conflict=conflict, status=status)


def save_from_form(
    user: AbstractBaseUser, form: ReportForm, where: dict[str, Any], stored: ImplementationReport | None
) -> tuple[ImplementationReport | None, filing.Conflict | None]:
    """Save the report form's values: (the report as saved, None), or (the report as stored, the conflict).
    The same save sent twice (a second click on the button, the same text from two tabs) finds its own
    values stored: saved, not a conflict. A version for a report that is not there is an error on the form."""
    values = {
        "status": form.cleaned_data["status"],
        "narrative": form.cleaned_data["narrative"],
        "submitted": form.cleaned_data["action"] == SUBMIT,
    }
    try:
        return filing.save_report(user=user, **where, values=values, base_version=form.cleaned_data["version"]), None
    except filing.Conflict as conflict:
        return conflict.current, None if filing.holds(conflict.current, values) else conflict
    except filing.NoSuchReport as error:
        form.add_error(None, str(error))
        return stored, None


def report_page(
    request: HttpRequest,
    state: State,
    period: ReportingPeriod,
    provision: Provision,
    report: ImplementationReport | None,
    *,
    form: ReportForm | None = None,
    conflict: filing.Conflict | None = None,
    evidence_error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The report page: the recommendation, the form (as sent, or the stored report), evidence, history."""
    if form is None:
        initial = {"status": report.status, "narrative": report.narrative, "version": report.version} if report else {}
        form = ReportForm(initial=initial)
    context = {
        "state": state,
        "period": period,
        "provision": provision,
        "report": report,
        "form": form,
        "conflict": conflict,
        "evidence_form": EvidenceForm(),
        "evidence_error": evidence_error,
        "evidence_max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        "changes": report.changes.select_related("changed_by") if report else [],
        "may_change": filing.may_change_in(request.user, period),
        "page_path": reverse("report_edit", args=[state.code, period.pk, provision.id]),
    }
    return render(request, "reports/edit.html", context, status=status)


def uploadable_report(request: HttpRequest, report_id: int) -> ImplementationReport:
    """The report evidence is sent for: 404 if the user may not read it, 403 if they may not file for it (its
    State's, in its period)."""
    report = get_object_or_404(filing.visible_reports(request.user), pk=report_id)
    if not (filing.may_file_for(request.user, report.state) and filing.may_change_in(request.user, report.period)):
        raise PermissionDenied
    return report


def evidence_refused(request: HttpRequest, message: str, status: int, report_id: int) -> HttpResponse:
    """The report page again, the refusal over the evidence form (nothing attached), with `status`."""
    report = uploadable_report(request, report_id)
    provision = Provision.objects.filter(pk=report.provision_id).first()
    if provision is None:  # an entry gone from the register: no report page to go back to
        return render(request, "register/error.html", {"message": message}, status=status)
    return report_page(request, report.state, report.period, provision, report, evidence_error=message, status=status)


def file_refused(request: HttpRequest, reason: object, status: int, report_id: int) -> HttpResponse:
    return evidence_refused(request, _("File refused: %(reason)s.") % {"reason": reason}, status, report_id)


@require_POST
@login_required
@body_at_most(lambda: settings.EVIDENCE_MAX_BYTES, file_refused)
def evidence_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = uploadable_report(request, report_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return evidence_refused(request, _("No file was sent."), 400, report_id)
    try:
        filing.attach_evidence(report, form.cleaned_data["file"], request.user)
    except filing.EvidenceRefused as error:
        return file_refused(request, error, 400, report_id)
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


def import_refused(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    """The import page again, saying why the file was refused (nothing imported), with `status`."""
    return import_page(request, ImportForm(), problem=reason, status=status)


def import_page(
    request: HttpRequest,
    form: ImportForm,
    *,
    result: transfer.ImportResult | None = None,
    problem: str | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "result": result, "problem": problem, "columns": transfer.COLUMNS}
    return render(request, "reports/import.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@body_at_most(lambda: IMPORT_MAX_BYTES, import_refused)
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
    return import_page(request, form, result=result, problem=problem, status=status)


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (with its CSRF token), as Django's view wants. A GET (a typed or bookmarked
    /logout/) gets a page of the site with the log-out button, or, for someone not logged in, says so."""

    http_method_names: ClassVar[list[str]] = ["get", "head", "post", "options"]

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return render(request, "reports/logout.html")
