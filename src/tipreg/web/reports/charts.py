"""Dashboard charts drawn on the server as SVG with matplotlib (no script reaches the browser: the site's
Content-Security-Policy allows none). Figures are built with the object API, never pyplot, so that
concurrent requests each draw on their own figure."""

from __future__ import annotations

import io
from functools import lru_cache

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from matplotlib import rc_context
from matplotlib.figure import Figure

from tipreg.web.reports.dashboards import STATUSES, Table

# One colour per status, told apart also in grey scale and by colour-blind readers (Okabe–Ito palette).
STATUS_COLOURS = {
    STATUSES.NOT_STARTED: "#999999",
    STATUSES.IN_PROGRESS: "#E69F00",
    STATUSES.IMPLEMENTED: "#009E73",
    STATUSES.NOT_APPLICABLE: "#56B4E9",
}
WIDTH_INCHES = 8.0
SVG_OPTIONS = {
    "svg.fonttype": "none",  # text stays text: smaller files, selectable, read by screen readers
    "svg.hashsalt": "tipreg",  # the same data draws the same file
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


Rows = tuple[tuple[str | int | float, ...], ...]


def svg(table: Table) -> bytes:
    rows = tuple(tuple(row) for row in table.charted_rows)
    return _draw(table.kind, table.labels, rows, _("Reports submitted"))


@lru_cache(maxsize=64)  # a chart is drawn again only when its figures (or the language) change
def _draw(kind: str, labels: tuple[str, ...], rows: Rows, count_label: str) -> bytes:
    with rc_context(SVG_OPTIONS):
        figure = _coverage(labels, rows) if kind == "coverage" else _stacked_bars(labels, rows, count_label)
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return out.getvalue()


def _stacked_bars(labels: tuple[str, ...], rows: Rows, count_label: str) -> Figure:
    """One horizontal bar per group, split by status; the first group on top."""
    groups = [str(row[0]) for row in rows]
    figure = Figure(figsize=(WIDTH_INCHES, 1.2 + 0.32 * max(len(groups), 1)))
    axes = figure.subplots()
    left = [0] * len(groups)
    for index, status in enumerate(STATUSES.values, start=1):
        counts = [int(row[index]) for row in rows]
        axes.barh(groups, counts, left=left, height=0.6, color=STATUS_COLOURS[status], label=labels[index])
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(count_label)
    axes.xaxis.get_major_locator().set_params(integer=True)
    if not any(left):  # nothing submitted yet: an axis from 0 to 1, not matplotlib's −0.04 to 0.04 around 0
        axes.set_xlim(0, 1)
    axes.spines[["top", "right"]].set_visible(False)
    if not groups:
        axes.set_yticks([])
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(STATUSES.values), frameon=False)
    return figure


def _coverage(labels: tuple[str, ...], rows: Rows) -> Figure:
    """The share of (State, recommendation) pairs reported, per period, as bars with their value."""
    periods = [str(row[0]) for row in rows]
    shares = [float(row[-1]) for row in rows]
    figure = Figure(figsize=(WIDTH_INCHES, 3.2))
    axes = figure.subplots()
    bars = axes.bar(periods, shares, color="#0072B2")
    axes.bar_label(bars, labels=[percent(share) for share in shares], padding=2)  # "0,4 %" in Spanish
    axes.set_ylabel(labels[-1])
    axes.set_ylim(0, max([*shares, 10]) * 1.15)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def percent(share: float) -> str:
    """A share as the table beside the chart writes it: "0,4 %" in Spanish, "0.4 %" in English."""
    return f"{share:g}".replace(".", get_format("DECIMAL_SEPARATOR")) + " %"
