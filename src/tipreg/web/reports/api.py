"""The write API for implementation reports: JSON in and out, a per-user token (`Authorization: Bearer …`),
the same permissions and the same version check as the report form (409 on a conflict).

Only tokens authenticate here, never the session cookie: a page on another site cannot make a browser
send a token, so these views need no CSRF check (and are exempt from it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tipreg.store.curation.records import resolve
from tipreg.web.api.views import JSON_OPTIONS, check_texts, error, text_problem
from tipreg.web.register.results import BadParameter, int_param
from tipreg.web.reports import filing, tokens
from tipreg.web.reports.forms import NARRATIVE_MAX_LENGTH
from tipreg.web.reports.models import ImplementationReport, ReportingPeriod, State

MAX_BODY_BYTES = 256 * 1024
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
FIELDS = {"status", "narrative", "submitted", "version"}

View = Callable[..., JsonResponse]


class BadBody(ValueError):
    """A body that cannot be used; `parameter` names the field at fault, where there is one."""

    def __init__(self, message: str, status: int = 400, parameter: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.parameter = parameter


# The names the schema gives the path parameters of these views (their keyword arguments).
PATH_PARAMETERS = {"state_code": "state", "period_name": "period", "provision_id": "recommendation"}


def token_view(methods: tuple[str, ...]) -> Callable[[View], View]:
    """Authenticate by token (401 otherwise), allow only `methods` (405), turn bad parameters into 400."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
            if request.method not in (*methods, "HEAD" if "GET" in methods else ""):
                reply = error(405, f"method {request.method} not allowed here; use {', '.join(methods)}")
                reply["Allow"] = ", ".join(methods)
                return reply
            user = tokens.user_for(request.headers.get("Authorization", ""))
            if user is None:
                reply = error(401, "send a valid API token: Authorization: Bearer <token> (tipreg tokens add)")
                reply["WWW-Authenticate"] = 'Bearer realm="tipreg"'
                return reply
            try:
                check_texts(request, kwargs, PATH_PARAMETERS)
                return view(request, user, *args, **kwargs)
            except BadParameter as exc:
                return error(400, str(exc), exc.name)
            except BadBody as exc:
                return error(exc.status, str(exc), exc.parameter)

        return csrf_exempt(wrapper)

    return decorator


def report_record(report: ImplementationReport) -> dict[str, Any]:
    return {
        "recommendation": report.provision_id,
        "state": report.state.code,
        "period": report.period.name,
        "status": report.status,
        "narrative": report.narrative,
        "submitted": report.submitted,
        "version": report.version,
        "updated_at": report.updated_at.isoformat(timespec="seconds"),
        "updated_by": report.updated_by.get_username(),
        "evidence": [
            {"name": item.original_name, "content_type": item.content_type, "size": item.size}
            for item in report.evidence.all()
        ],
    }


def answer(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params=JSON_OPTIONS)


@token_view(("GET",))
def report_list(request: HttpRequest, user: AbstractBaseUser) -> JsonResponse:
    """The reports the token's user may read (a focal point: their State's; the Secretariat: all)."""
    reports = filing.visible_reports(user).select_related("updated_by").prefetch_related("evidence")
    for name, lookup in (("state", "state__code"), ("period", "period__name")):
        if value := request.GET.get(name, "").strip():
            reports = reports.filter(**{lookup: value.upper() if name == "state" else value})
    limit = int_param(request.GET, "limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_LIMIT
    offset = int_param(request.GET, "offset") or 0
    ordered = reports.order_by("period__starts", "state__code", "provision_id")
    records = [report_record(report) for report in ordered[offset : offset + limit]]
    return answer({"total": reports.count(), "limit": limit, "offset": offset, "results": records})


@token_view(("GET", "PUT"))
def report_detail(
    request: HttpRequest, user: AbstractBaseUser, state_code: str, period_name: str, provision_id: str
) -> JsonResponse:
    state = State.objects.filter(code=state_code.upper()).first()
    if state is None:
        return error(404, f"no State {state_code!r}")
    if not filing.may_file_for(user, state):
        return error(403, f"you may not read or file reports for {state.code}")
    period = ReportingPeriod.objects.filter(name=period_name).first()
    if period is None:
        return error(404, f"no reporting period {period_name!r}")
    entry_id = resolve(provision_id)  # an entry merged into another: its reports are there now
    if entry_id is None:
        return error(404, f"no register entry {provision_id!r}")
    where = {"provision_id": entry_id, "state": state, "period": period}
    if request.method != "PUT":
        report = ImplementationReport.objects.filter(**where).first()
        if report is None:
            return error(404, "no report yet: PUT one with version null")
        return answer(report_record(report))
    values, base_version = report_input(request)
    try:
        report = filing.save_report(user=user, **where, values=values, base_version=base_version)
    except filing.Conflict as conflict:
        message = conflict_message(conflict, user)
        body = {"error": {"status": 409, "message": message}, "current": report_record(conflict.current)}
        return answer(body, status=409)
    except filing.NoSuchReport:
        return error(404, "no such report to update: send version null for a new report")
    except filing.PeriodClosed:
        return error(
            403, f"{period.name} is not the current reporting period: only the Secretariat may change its reports"
        )
    return answer(report_record(report), status=201 if base_version is None else 200)


def conflict_message(conflict: filing.Conflict, user: AbstractBaseUser) -> str:
    """The 409's message, in English as every API message: the report's version, who saved it and when."""
    current = conflict.current
    who = current.updated_by.get_username()
    if current.updated_by_id == user.pk:
        who += " (this token's user)"
    saved = f"it is at version {current.version}, saved by {who} at {current.updated_at.isoformat(timespec='seconds')}"
    if conflict.since is None:
        return f"the report already exists: {saved}; send version {current.version} to update it"
    return f"version {conflict.since} is out of date: {saved}; read it, then send your changes with that version"


def report_input(request: HttpRequest) -> tuple[dict[str, str | bool], int | None]:
    """The checked fields of a PUT body, and the version it updates (None: a new report)."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        raise BadBody(f"the body is larger than {MAX_BODY_BYTES // 1024} KiB", status=413)
    if request.content_type != "application/json":
        raise BadBody("send the report as JSON (Content-Type: application/json)", status=415)
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadBody(f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise BadBody("the body must be a JSON object")
    for name, value in body.items():
        if problem := text_problem(name):
            raise BadBody(f"a field name {problem}")
        if isinstance(value, str) and (problem := text_problem(value)):
            raise BadBody(f"{name}: {problem}", parameter=name)
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise BadBody(f"unknown field(s): {', '.join(unknown)}")
    if "version" not in body:
        raise BadBody("version is required: null for a new report, else the version you last read")
    version = body["version"]
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
        raise BadBody("version must be null or a whole number from 1")
    if body.get("status") not in ImplementationReport.Status.values:
        raise BadBody(f"status must be one of {', '.join(ImplementationReport.Status.values)}")
    values: dict[str, str | bool] = {"status": body["status"]}
    if "narrative" in body:  # absent: the report's is kept (a new report's is empty)
        if not isinstance(body["narrative"], str) or len(body["narrative"]) > NARRATIVE_MAX_LENGTH:
            raise BadBody(f"narrative must be text of at most {NARRATIVE_MAX_LENGTH} characters")
        values["narrative"] = body["narrative"]
    if "submitted" in body:
        if not isinstance(body["submitted"], bool):
            raise BadBody("submitted must be true or false")
        values["submitted"] = body["submitted"]
    return values, version
