"""The gap view as a chart: recommendations per sub-theme, before and since the year, gaps marked."""

from __future__ import annotations

from pathlib import Path

from tipreg.gaps import FEW, Gaps

SUFFIXES = (".svg", ".png", ".pdf")


def write_chart(gaps: Gaps, path: Path) -> None:
    """Horizontal stacked bars, one per sub-theme (taxonomy order), then per Protocol article."""
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"chart file must end in {', '.join(SUFFIXES)}")
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text: searchable, selectable
    from matplotlib import pyplot

    rows = [row for row in gaps.themes if row.level == "subtheme"] + gaps.articles
    labels = [_short(f"{row.id}  {row.title}") for row in rows]
    before = [row.total - row.since for row in rows]
    recent = [row.since for row in rows]
    figure, axes = pyplot.subplots(figsize=(10, 0.3 * len(rows) + 1.5))
    positions = range(len(rows))[::-1]
    axes.barh(positions, before, color="#b0b7c3", label=f"before {gaps.since}")
    axes.barh(positions, recent, left=before, color="#1f5fa8", label=f"since {gaps.since}")
    axes.set_yticks(list(positions), labels, fontsize=8)
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        if row.status != "covered":
            tick.set_color("#b3261e" if row.status == "none" else "#a65e00")
    axes.set_xlabel("recommendations")
    axes.set_title(
        f"Recommendations by sub-theme and Protocol article\nred: none since {gaps.since}; orange: at most {FEW}"
    )
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def _short(label: str, width: int = 60) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"
