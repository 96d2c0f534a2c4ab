"""The Django admin is the Secretariat's curation desk: States, focal points, periods, reports."""

from django.contrib import admin

from tipreg.web.reports.models import Evidence, FocalPoint, ImplementationReport, ReportChange, ReportingPeriod, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ("user", "state")
    list_filter = ("state",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "starts", "ends", "is_current")


class ReportChangeInline(admin.TabularInline):
    model = ReportChange
    extra = 0
    can_delete = False
    readonly_fields = ("version", "changed_by", "changed_at", "changes")


@admin.register(ImplementationReport)
class ImplementationReportAdmin(admin.ModelAdmin):
    list_display = ("provision_id", "state", "period", "status", "version", "updated_at")
    list_filter = ("state", "period", "status")
    search_fields = ("provision_id", "narrative")
    # Read-only here: edits go through the report form, which keeps the history and checks versions.
    readonly_fields = ("provision_id", "state", "period", "status", "narrative", "version", "updated_by", "updated_at")
    inlines = (ReportChangeInline,)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "report", "content_type", "size", "uploaded_at")
