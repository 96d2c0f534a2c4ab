"""The tables behind the public dashboards: implementation status by State, meeting and theme, and reporting
coverage per period. Only submitted reports count: drafts stay between a State and the Secretariat.

Each table has stable column ids (the CSV and XLSX headers) and the labels shown on the page.
"""

from __future__ import annotations

import unicodedata
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
from tipreg.web.reports.models import ImplementationReport, ReportingPeriod

STATUSES = ImplementationReport.Status
CHARTS = ("status-by-state", "status-by-meeting", "status-by-theme", "coverage")
MAX_CHART_GROUPS = 40  # more bars than this are unreadable (and slow to draw): the chart keeps the largest


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[str, ...]  # ids: CSV/XLSX headers
    labels: tuple[str, ...]  # the same columns as a person reads them
    rows: list[list[str | int | float]]
    kind: str  # "status" (stacked counts per status) or "coverage" (a share per period)

    @property
    def charted_rows(self) -> list[list[str | int | float]]:
        """The rows the chart draws: all of them, or the MAX_CHART_GROUPS groups with the most reports."""
        if self.kind != "status" or len(self.rows) <= MAX_CHART_GROUPS:
            return self.rows
        largest = sorted(self.rows, key=lambda row: -int(row[-1]))[:MAX_CHART_GROUPS]
        return [row for row in self.rows if row in largest]

    @property
    def chart_is_partial(self) -> bool:
        return len(self.charted_rows) < len(self.rows)

    def file_rows(self) -> list[list[str | int | float]]:
        """Header and rows for the CSV and XLSX downloads: counts and shares stay numbers (a spreadsheet sums
        and charts them), names are text."""
        return [
            list(self.columns),
            *[[cell if isinstance(cell, int | float) else str(cell) for cell in row] for row in self.rows],
        ]


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
    """Every State expected to report in `period` (one that submitted nothing is a row of noughts: who has not
    reported matters as much as who has), and any other that submitted reports in it."""
    expected = filing.expected_states(period).values_list("name", flat=True)
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter, {name: Counter() for name in expected})
    for name, status, number in submitted(period).values_list("state__name", "status").annotate(n=Count("id")):
        counts[name][status] += number
    ordered = {name: counts[name] for name in sorted(counts, key=_alphabetical)}
    return status_table("status-by-state", _("Implementation status by State"), _("State"), ordered)


def _alphabetical(name: str) -> tuple[str, str]:
    """As a reader sorts names: without regard to case or accents ("Reino de España" before "Reino Unido")."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return plain.casefold(), name


def per_entry(period: ReportingPeriod) -> list[tuple[str, str, int]]:
    """(entry id, status, number of submitted reports) for `period`: counted by the database."""
    return list(submitted(period).values_list("provision_id", "status").annotate(n=Count("id")).order_by())


def by_meeting(period: ReportingPeriod) -> Table:
    reports = per_entry(period)
    meetings = dict(Provision.objects.filter(pk__in={row[0] for row in reports}).values_list("pk", "meeting"))
    counts: dict[int | None, Counter[str]] = defaultdict(Counter)
    for provision_id, status, number in reports:
        counts[meetings.get(provision_id)][status] += number
    ordered = {
        _("Meeting %(number)s") % {"number": meeting} if meeting else _("no meeting"): counts[meeting]
        for meeting in sorted(counts, key=lambda meeting: (meeting is None, meeting or 0))
    }
    return status_table("status-by-meeting", _("Implementation status by meeting"), _("Meeting"), ordered)


def by_theme(period: ReportingPeriod) -> Table:
    """A report counts once under each theme of its recommendation (a recommendation may have several)."""
    reports = per_entry(period)
    themes: dict[str, set[str]] = defaultdict(set)
    labelled = LabelValue.objects.filter(field="themes", provision_id__in={row[0] for row in reports})
    for provision_id, value in labelled.values_list("provision_id", "value"):
        themes[provision_id].add(value.split(".", 1)[0])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for provision_id, status, number in reports:
        for theme in themes.get(provision_id) or {""}:
            counts[theme][status] += number
    names = {**theme_names(), "": _("no theme")}  # taxonomy order, unthemed last
    ordered = {name: counts[theme] for theme, name in names.items() if theme in counts}
    return status_table("status-by-theme", _("Implementation status by theme"), _("Theme"), ordered)


def theme_names() -> dict[str, str]:
    """Theme id → its name in the interface's language, in taxonomy order."""
    language = "es" if (get_language() or "es").startswith("es") else "en"
    return {theme["id"]: theme[language] for theme in taxonomy()["themes"]}


def coverage() -> Table:
    """Per period, oldest first, what was expected of it (`filing.expected_states`, `filing.recommendations_expected`:
    the States registered then, the recommendations adopted by then; not today's lists): how many of those States
    submitted at least one report, how many submitted reports they made on those recommendations, and what
    share of all (State, recommendation) pairs these cover."""
    rows = [coverage_row(period) for period in ReportingPeriod.objects.order_by("starts")]
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
            _("States expected to report"),
            _("Reports submitted"),
            _("Recommendations to States parties"),
            _("Coverage (%)"),
        ),
        rows=rows,
        kind="coverage",
    )


def coverage_row(period: ReportingPeriod) -> list[str | int | float]:
    """[period, States reporting, States expected, reports, recommendations expected, share] for one period."""
    expected = filing.expected_states(period)
    to_states = filing.recommendations_expected(period).order_by().values("pk")
    reports = submitted(period).filter(state__in=expected)
    reporting = reports.values("state").distinct().count()
    covered = reports.filter(provision_id__in=to_states).count()
    states, recommendations = expected.count(), to_states.count()
    possible = states * recommendations
    share = round(100 * covered / possible, 1) if possible else 0.0
    return [period.name, reporting, states, covered, recommendations, share]


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
