"""The tables behind the public dashboards: implementation status by State, meeting and theme, and reporting
coverage per period. Only submitted reports count: drafts stay between a State and the Secretariat.

Each table has stable column ids (the CSV and XLSX headers) and the labels shown on the page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tipreg.enrich.taxonomy import taxonomy
from tipreg.store.labels.models import LabelValue
from tipreg.store.models import Provision
from tipreg.web.reports import filing
from tipreg.web.reports.models import ImplementationReport, ReportingPeriod, State

STATUSES = ImplementationReport.Status
CHARTS = ("status-by-state", "status-by-meeting", "status-by-theme", "coverage")


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[str, ...]  # ids: CSV/XLSX headers
    labels: tuple[str, ...]  # the same columns as a person reads them
    rows: list[list[str | int | float]]
    kind: str  # "status" (stacked counts per status) or "coverage" (a share per period)

    def file_rows(self) -> list[list[str]]:
        """Header and rows as text, for the CSV and XLSX downloads."""
        return [list(self.columns), *[[str(cell) for cell in row] for row in self.rows]]


def submitted(period: ReportingPeriod) -> QuerySet[ImplementationReport]:
    return ImplementationReport.objects.filter(period=period, submitted=True)


def status_table(slug: str, title: str, group_label: str, counts: dict[str, Counter[str]]) -> Table:
    """One row per group, in the order of `counts`: the number of reports in each status, then their total."""
    rows = [[group, *(tally[status] for status in STATUSES.values), tally.total()] for group, tally in counts.items()]
    return Table(
        slug=slug,
        title=title,
        columns=("group", *STATUSES.values, "total"),
        labels=(group_label, *(str(label) for label in STATUSES.labels), _("total")),
        rows=rows,
        kind="status",
    )


def by_state(period: ReportingPeriod) -> Table:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status, number in submitted(period).values_list("state__name", "status").annotate(n=Count("id")):
        counts[name][status] += number
    ordered = {name: counts[name] for name in sorted(counts)}
    return status_table("status-by-state", _("Implementation status by State"), _("State"), ordered)


def by_meeting(period: ReportingPeriod) -> Table:
    reports = list(submitted(period).values_list("provision_id", "status"))
    meetings = dict(Provision.objects.filter(pk__in={pid for pid, status in reports}).values_list("pk", "meeting"))
    counts: dict[int | None, Counter[str]] = defaultdict(Counter)
    for provision_id, status in reports:
        counts[meetings.get(provision_id)][status] += 1
    ordered = {
        _("Meeting %(number)s") % {"number": meeting} if meeting else _("no meeting"): counts[meeting]
        for meeting in sorted(counts, key=lambda meeting: (meeting is None, meeting or 0))
    }
    return status_table("status-by-meeting", _("Implementation status by meeting"), _("Meeting"), ordered)


def by_theme(period: ReportingPeriod) -> Table:
    """A report counts once under each theme of its recommendation (a recommendation may have several)."""
    reports = list(submitted(period).values_list("provision_id", "status"))
    themes: dict[str, set[str]] = defaultdict(set)
    labelled = LabelValue.objects.filter(field="themes", provision_id__in={pid for pid, status in reports})
    for provision_id, value in labelled.values_list("provision_id", "value"):
        themes[provision_id].add(value.split(".", 1)[0])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for provision_id, status in reports:
        for theme in themes.get(provision_id) or {""}:
            counts[theme][status] += 1
    names = {**theme_names(), "": _("no theme")}  # taxonomy order, unthemed last
    ordered = {name: counts[theme] for theme, name in names.items() if theme in counts}
    return status_table("status-by-theme", _("Implementation status by theme"), _("Theme"), ordered)


def theme_names() -> dict[str, str]:
    """Theme id → its name in the interface's language, in taxonomy order."""
    language = "es" if (get_language() or "es").startswith("es") else "en"
    return {theme["id"]: theme[language] for theme in taxonomy()["themes"]}


def coverage() -> Table:
    """Per period, oldest first: how many States submitted at least one report, how many submitted reports
    there are on recommendations addressed to States parties, and what share of all (State, recommendation)
    pairs they cover."""
    to_states = set(filing.recommendations_to_states().values_list("pk", flat=True))
    states = State.objects.count()
    rows: list[list[str | int | float]] = []
    for period in ReportingPeriod.objects.order_by("starts"):
        reports = list(submitted(period).values_list("state_id", "provision_id"))
        covered = sum(1 for state, provision_id in reports if provision_id in to_states)
        possible = states * len(to_states)
        share = round(100 * covered / possible, 1) if possible else 0.0
        reporting = len({state for state, provision_id in reports})
        rows.append([period.name, reporting, states, covered, len(to_states), share])
    return Table(
        slug="coverage",
        title=_("Reporting coverage over time"),
        columns=(
            "period",
            "states_reporting",
            "states",
            "reports",
            "recommendations_to_states_parties",
            "coverage_percent",
        ),
        labels=(
            _("Period"),
            _("States reporting"),
            _("States"),
            _("Reports submitted"),
            _("Recommendations to States parties"),
            _("Coverage (%)"),
        ),
        rows=rows,
        kind="coverage",
    )


BUILDERS: dict[str, Callable[[ReportingPeriod], Table]] = {
    "status-by-state": by_state,
    "status-by-meeting": by_meeting,
    "status-by-theme": by_theme,
}


def table(slug: str, period: ReportingPeriod | None) -> Table:
    """The table named `slug` (one of CHARTS) for `period` (the coverage table spans every period)."""
    if slug == "coverage":
        return coverage()
    if period is None:
        raise LookupError("no reporting period")
    return BUILDERS[slug](period)
