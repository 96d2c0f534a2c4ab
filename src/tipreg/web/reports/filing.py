"""Who may file what, saving a report with its history, and accepting evidence files."""

from __future__ import annotations

import codecs
import datetime
import hashlib
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tipreg.store.models import Provision
from tipreg.web.reports.models import Evidence, ImplementationReport, ReportChange, ReportingPeriod, State

User = AbstractBaseUser | AnonymousUser
STATES_PARTIES = "states_parties"  # the addressee label (tipreg.enrich) of what States report on
REPORT_FIELDS = ("status", "narrative", "submitted")
NEW_REPORT: dict[str, str | bool] = {"status": "", "narrative": "", "submitted": False}  # "before" of a first save
# Evidence types accepted, by extension, and the type each is served as. Anything else is refused, so an
# uploaded page or program is never stored; and downloads are attachments with nosniff in any case.
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# What a file of each binary type starts with: a program or a page renamed plan.pdf is refused too.
ZIP = b"PK\x03\x04"  # DOCX, XLSX and ODT are ZIP archives
SIGNATURES = {".pdf": b"%PDF-", ".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}
SIGNATURES |= {".docx": ZIP, ".xlsx": ZIP, ".odt": ZIP}
TEXT_TYPES = (".txt", ".csv")


class Conflict(Exception):
    """The report was saved since the version the editor loaded (or exists, when a new one was asked for).

    The message (in the interface's language) says the report's version, who saved it and when; `since` is
    the version the editor had (None: it asked for a new report)."""

    def __init__(self, current: ImplementationReport, since: int | None, changes: dict[str, list[str]]) -> None:
        details = {"version": current.version, "who": current.updated_by.get_username(), "when": saved_at(current)}
        if since is None:
            message = _(
                "the report already exists: it is at version %(version)s, saved by %(who)s on %(when)s UTC; "
                "give that version to update it"
            )
        else:
            message = _(
                "version %(seen)s is out of date: the report is at version %(version)s, saved by %(who)s on "
                "%(when)s UTC"
            )
        super().__init__(message % {**details, "seen": since})
        self.current = current
        self.since = since
        self.changes = changes


class NoSuchReport(ValueError):
    """A version was given for a report that does not exist."""


class PeriodClosed(ValueError):
    """A focal point changing a report of a period that is not the current one."""

    def __init__(self, period: ReportingPeriod) -> None:
        super().__init__(
            _("%(period)s is not the current reporting period: only the Secretariat can change its reports")
            % {"period": period.name}
        )
        self.period = period


def saved_at(report: ImplementationReport) -> str:
    """When the report was last saved, in UTC, to the minute (as the report page's history shows it)."""
    return report.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")


class EvidenceRefused(ValueError):
    pass


def is_secretariat(user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def state_of(user: User) -> State | None:
    """The State a focal point reports for; None for anyone else."""
    if not user.is_authenticated:
        return None
    link = getattr(user, "focal_point", None)
    return link.state if link else None


def may_file_for(user: User, state: State) -> bool:
    return is_secretariat(user) or state_of(user) == state


def may_change_in(user: User, period: ReportingPeriod) -> bool:
    """Whether `user` may change reports of `period`: a focal point files for the current period only (an earlier
    period's reports are what was shown for it, a later one is not open yet); the Secretariat corrects any."""
    return is_secretariat(user) or period.is_current


def visible_reports(user: User) -> QuerySet[ImplementationReport]:
    """Reports the user may read: all for the Secretariat, its own State's for a focal point, else none."""
    reports = ImplementationReport.objects.select_related("state", "period")
    if is_secretariat(user):
        return reports
    state = state_of(user)
    return reports.filter(state=state) if state else reports.none()


def current_period() -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(is_current=True).order_by("-starts").first()


def recommendations_to_states() -> QuerySet[Provision]:
    """Recommendations whose effective addressee labels (rules, or a curator's correction) name States parties."""
    addressed = Provision.objects.filter(label_values__field="addressees", label_values__value=STATES_PARTIES)
    return addressed.filter(kind="recommendation").distinct().order_by("meeting", "number_key", "id")


def recommendations_expected(period: ReportingPeriod) -> QuerySet[Provision]:
    """The recommendations to States parties that `period` can be reported on: adopted by its last year (an
    entry of no known year is counted in every period)."""
    adopted = Q(year__isnull=True) | Q(year__lte=period.ends.year)
    return recommendations_to_states().filter(adopted)


def expected_states(period: ReportingPeriod) -> QuerySet[State]:
    """The States expected to report in `period`: registered by its last day, and not removed by its first."""
    return State.objects.filter(registered_on__lte=period.ends).exclude(removed_on__lte=period.starts)


def to_do(state: State, period: ReportingPeriod) -> QuerySet[Provision]:
    """Recommendations addressed to States parties, adopted by `period`, that `state` has not reported on in it:
    none if the State is not expected to report in it (registered after it, or removed before)."""
    if not expected_states(period).filter(pk=state.pk).exists():
        return Provision.objects.none()
    reported = ImplementationReport.objects.filter(state=state, period=period).values("provision_id")
    return recommendations_expected(period).exclude(id__in=reported)


def save_report(
    *,
    user: AbstractBaseUser,
    provision_id: str,
    state: State,
    period: ReportingPeriod,
    values: dict[str, str | bool],
    base_version: int | None,
) -> ImplementationReport:
    """Create or update a report, recording what changed. `base_version` is the version the editor saw
    (None for a new report); if the stored one differs, raise Conflict instead of overwriting it; PeriodClosed
    for a focal point changing a report outside the current period (one that says what the report says is not
    a change: an export imported back). `values` holds REPORT_FIELDS; a missing "submitted" keeps the report's
    (a new one is a draft)."""
    where = {"provision_id": provision_id, "state": state, "period": period}
    try:
        with transaction.atomic():
            report = ImplementationReport.objects.select_for_update().filter(**where).first()
            if report is None:
                if base_version is not None:
                    raise NoSuchReport(_("no such report to update: leave the version empty for a new report"))
                report = ImplementationReport(**where, version=0)
                before = NEW_REPORT
            else:
                if base_version != report.version:
                    raise Conflict(report, base_version, _last_changes(report, base_version))
                before = {field: getattr(report, field) for field in REPORT_FIELDS}
            after = {**before, **values}
            changes = {f: [before[f], after[f]] for f in REPORT_FIELDS if after[f] != before[f]}
            if not changes and report.pk:
                return report
            if not may_change_in(user, period):
                raise PeriodClosed(period)
            for field in REPORT_FIELDS:
                setattr(report, field, after[field])
            report.version += 1
            report.updated_by = user
            report.save()
            ReportChange.objects.create(report=report, version=report.version, changed_by=user, changes=changes)
    except IntegrityError:
        # Two first saves at once (PostgreSQL lets both find no row): the second loses, as a conflict.
        current = ImplementationReport.objects.filter(**where).first()
        if current is None:
            raise
        raise Conflict(current, base_version, _last_changes(current, base_version)) from None
    return report


def holds(report: ImplementationReport, values: dict[str, str | bool]) -> bool:
    """Whether `report` already says what `values` (some of REPORT_FIELDS) say."""
    return all(getattr(report, field) == value for field, value in values.items())


def _last_changes(report: ImplementationReport, since: int | None) -> dict[str, list[str]]:
    """What the saves after version `since` changed, oldest value to newest, for the conflict message."""
    merged: dict[str, list[str]] = {}
    for change in report.changes.filter(version__gt=since or 0):
        for field, (old, new) in change.changes.items():
            merged.setdefault(field, [old, new])[1] = new
    return merged


def evidence_type(name: str, size: int, head: bytes) -> str:
    """The content type an upload named `name`, of `size` bytes starting with `head`, is stored and served
    as; EvidenceRefused if it is not accepted."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise EvidenceRefused(_("files of type %(type)s are not accepted") % {"type": suffix or "(none)"})
    if size > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRefused(
            _("the file is larger than %(mb)s MB") % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )
    if size == 0:
        raise EvidenceRefused(_("the file is empty"))
    if suffix in SIGNATURES and not head.startswith(SIGNATURES[suffix]):
        raise EvidenceRefused(_("the file's content is not a %(type)s file") % {"type": suffix[1:].upper()})
    if suffix in TEXT_TYPES and (b"\0" in head or not _utf8(head)):
        raise EvidenceRefused(_("a text file must be UTF-8 text"))
    return EVIDENCE_TYPES[suffix]


def _utf8(head: bytes) -> bool:
    try:  # incremental: a character cut at the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def attach_evidence(report: ImplementationReport, upload: UploadedFile, user: AbstractBaseUser) -> Evidence:
    """Keep `upload` as evidence of `report`, in its history; the same file (name and content) sent again, by a
    second click on the button or from another tab, is the evidence it already is (a focal point could not
    remove the copy)."""
    head = upload.read(4096)
    upload.seek(0)
    content_type = evidence_type(upload.name or "", upload.size or 0, head)
    original = PurePath(upload.name or "evidence").name[-255:]
    if attached := _attached_already(report, original, upload):
        return attached
    evidence = Evidence(report=report, original_name=original, content_type=content_type, size=upload.size)
    evidence.uploaded_by = user
    # Stored under a name of our own: the extension kept, nothing else of the client's name.
    evidence.file.save(f"{report.pk}{PurePath(original).suffix.lower()}", upload, save=False)
    with transaction.atomic():
        evidence.save()
        record_evidence_change(report, user, before="", after=original)
    return evidence


def _attached_already(report: ImplementationReport, name: str, upload: UploadedFile) -> Evidence | None:
    """The report's evidence of this name, size and content, if there is one."""
    upload_digest = _sha256(upload)
    for evidence in report.evidence.filter(original_name=name, size=upload.size):
        with evidence.file.open("rb") as stored:
            if _sha256(stored) == upload_digest:
                return evidence
    return None


def _sha256(file: File) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def remove_evidence(evidence: Evidence, user: AbstractBaseUser) -> None:
    """Remove an evidence record, kept in its report's history as evidence the user removed (the stored file
    stays on disk: what was once filed is never destroyed by a click)."""
    with transaction.atomic():
        record_evidence_change(evidence.report, user, before=evidence.original_name, after="")
        evidence.delete()


def record_evidence_change(report: ImplementationReport, user: AbstractBaseUser, *, before: str, after: str) -> None:
    """A file attached or removed, in the report's history at its current version (the report's own fields,
    and so its version, are unchanged)."""
    ReportChange.objects.create(
        report=report, version=report.version, changed_by=user, changes={"evidence": [before, after]}
    )


def follow_merge(sender: object, kept: str, merged: str, **_: object) -> None:
    """Reports on a merged-away entry become reports on the entry it joined (their history and evidence
    with them), so pages, the API, dashboards and to-do lists find them there. A State with a report on
    both entries for one period would hold two reports on one recommendation: the merge is refused."""
    from tipreg.store.curation.records import CurationError

    moving = ImplementationReport.objects.filter(provision_id=merged)
    on_kept = set(ImplementationReport.objects.filter(provision_id=kept).values_list("state_id", "period_id"))
    both = [
        report for report in moving.select_related("state", "period") if (report.state_id, report.period_id) in on_kept
    ]
    if both:
        pairs = ", ".join(f"{report.state.code} {report.period.name}" for report in both)
        raise CurationError(
            f"{merged} and {kept} both have reports of {pairs}: a State files one report per recommendation and "
            "period; settle those reports first"
        )
    moving.update(provision_id=kept)
