"""The gap view as a chart: recommendations per sub-theme, before and since the year, gaps marked.

Drawn with matplotlib's object API, never pyplot: the web's concurrent requests each draw their own figure.
"""

from __future__ import annotations

import io
from pathlib import Path

from tipreg.gaps import FEW, Gaps
from tipreg.gaps.wording import WORDS, item_name

SUFFIXES = (".svg", ".png", ".pdf")


def write_chart(gaps: Gaps, path: Path) -> None:
    """The chart in the file `path`, in the format its suffix names."""
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"chart file must end in {', '.join(SUFFIXES)}")
    path.write_bytes(chart_bytes(gaps, path.suffix.lower().lstrip(".")))


def chart_bytes(gaps: Gaps, output: str = "svg") -> bytes:
    """Horizontal stacked bars, one per sub-theme (taxonomy order), then per Protocol article; `output` is
    svg, png or pdf."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    rows = [row for row in gaps.themes if row.level == "subtheme"] + gaps.articles
    # a sub-theme by its name in the chart's language (its id would take the room the name needs)
    labels = [_short(row.title if row.level == "subtheme" else item_name(row.id, row.title, gaps.lang)) for row in rows]
    before = [row.total - row.since for row in rows]
    recent = [row.since for row in rows]
    words = WORDS[gaps.lang]
    figure = Figure(figsize=(10, 0.3 * len(rows) + 1.5))
    axes = figure.subplots()
    positions = range(len(rows))[::-1]
    axes.barh(positions, before, color="#b0b7c3", label=words["chart_before"].format(since=gaps.since))
    axes.barh(positions, recent, left=before, color="#1f5fa8", label=words["chart_since"].format(since=gaps.since))
    axes.set_yticks(list(positions), labels, fontsize=8)
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        if row.status != "covered":
            tick.set_color("#b3261e" if row.status == "none" else "#a65e00")
    axes.set_xlabel(words["chart_axis"])
    axes.set_title(f"{words['chart_title']}\n{words['chart_key'].format(since=gaps.since, few=FEW)}")
    axes.legend(loc="lower right")
    figure.tight_layout()
    drawn = io.BytesIO()
    # SVG text stays text (searchable, selectable); the same figures draw the same file
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "tipreg"}):
        figure.savefig(drawn, format=output, metadata={"Date": None} if output == "svg" else None)
    return drawn.getvalue()


def _short(label: str, width: int = 60) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"
