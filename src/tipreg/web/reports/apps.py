from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tipreg.web.reports"
    label = "reports"
    verbose_name = _("Implementation reports")

    def ready(self) -> None:
        from tipreg.store.curation.records import entry_merged
        from tipreg.web.reports.filing import follow_merge

        entry_merged.connect(follow_merge, dispatch_uid="reports-follow-merge")
