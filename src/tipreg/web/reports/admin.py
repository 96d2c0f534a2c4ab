"""The Django admin is the Secretariat's curation desk: States, focal points, periods, reports, and users (whose
log-in locks it can lift)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tipreg.web.reports import filing, throttle
from tipreg.web.reports.models import Evidence, FocalPoint, ImplementationReport, ReportingPeriod, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "registered_on", "removed_on")
    search_fields = ("code", "name")


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ("user", "state")
    list_filter = ("state",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "starts", "ends", "is_current")


@admin.register(ImplementationReport)
class ImplementationReportAdmin(admin.ModelAdmin):
    search_fields = ("provision_id", "narrative")
    # Read-only here: edits go through the report form, which keeps the history and checks versions.
    readonly_fields = (
        *("provision_id", "state", "period", "status", "narrative", "submitted", "version"),
        *("updated_by", "updated_at", "report_page", "history"),
    )
    list_display = ("provision_id", "state", "period", "status", "submitted", "version", "updated_at")
    list_filter = ("state", "period", "status", "submitted")

    @admin.display(description=_("To correct it"))
    def report_page(self, report: ImplementationReport) -> str:
        url = reverse("report_edit", args=[report.state.code, report.period_id, report.provision_id])
        return format_html('<a href="{}">{}</a>', url, _("the report page"))

    @admin.display(description=_("History"))
    def history(self, report: ImplementationReport) -> str:
        """Every save, as the report page lists it: version, when, who, each field before → after."""
        changes = report.changes.select_related("changed_by")
        return render_to_string("reports/history.html", {"changes": changes})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports are filed through the form, the import or the API, which keep the history

    def has_change_permission(self, request: HttpRequest, obj: ImplementationReport | None = None) -> bool:
        return False  # shown, not saved: a save button here would save nothing

    def has_delete_permission(self, request: HttpRequest, obj: ImplementationReport | None = None) -> bool:
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """Read-only, but for removing a record: files are attached on the report page, which checks their type and
    content (filing.attach_evidence), never here."""

    list_display = ("original_name", "report", "content_type", "size", "uploaded_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Evidence | None = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Evidence) -> None:
        filing.remove_evidence(obj, request.user)  # kept in the report's history

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for evidence in queryset.select_related("report"):
            filing.remove_evidence(evidence, request.user)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin, with one more action: lift the lock that failed log-ins put on an account."""

    actions = ("lift_login_locks",)

    @admin.action(description=_("Lift the log-in lock of the selected users"))
    def lift_login_locks(self, request: HttpRequest, users: QuerySet) -> None:
        lifted = [user.get_username() for user in users if throttle.unlock(user.get_username())]
        if lifted:
            self.message_user(request, _("Log-in lock lifted for %(names)s.") % {"names": ", ".join(lifted)})
        else:
            self.message_user(request, _("None of the selected users was locked."), messages.WARNING)
