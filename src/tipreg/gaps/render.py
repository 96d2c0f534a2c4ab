"""The gap view as text (a terminal table), Markdown or JSON."""

from __future__ import annotations

import json

from tipreg.gaps import FEW, Coverage, Gaps


def as_json(gaps: Gaps) -> str:
    return json.dumps(gaps.as_json(), ensure_ascii=False, indent=2)


def as_text(gaps: Gaps) -> str:
    lines = [f"Gaps since {gaps.since} ('few': at most {FEW} recommendations since then)", ""]
    lines += _table("Themes and sub-themes", gaps.themes, gaps.since, markdown=False)
    lines += _table(
        "Protocol articles (on the article's matter; cited: naming the article)",
        gaps.articles,
        gaps.since,
        markdown=False,
    )
    lines += _threads(gaps, markdown=False)
    return "\n".join(lines)


def as_markdown(gaps: Gaps) -> str:
    lines = [f"# Gaps since {gaps.since}", "", f"*Few: at most {FEW} recommendations since {gaps.since}.*", ""]
    lines += _table("Themes and sub-themes", gaps.themes, gaps.since, markdown=True)
    lines += _table("Protocol articles", gaps.articles, gaps.since, markdown=True)
    lines += _threads(gaps, markdown=True)
    return "\n".join(lines)


def _table(title: str, rows: list[Coverage], since: int, *, markdown: bool) -> list[str]:
    articles = rows and rows[0].level == "article"
    header = ["", "total", f"since {since}", "last", *(["cited"] if articles else []), "status"]
    cells = [
        [
            _name(row),
            str(row.total),
            str(row.since),
            str(row.last_year or "-"),
            *([str(row.cited)] if articles else []),
            row.status,
        ]
        for row in rows
    ]
    if markdown:
        out = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return [*out, *("| " + " | ".join(row) + " |" for row in cells), ""]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return [title, fmt.format(*header), *(fmt.format(*row) for row in cells), ""]


def _name(row: Coverage) -> str:
    if row.level == "subtheme":
        return f"  {row.id}  {row.title}"
    if row.level == "article":
        return f"{row.id.replace('article ', 'art. ')}  {row.title}"
    return f"{row.id}  {row.title}"


def _threads(gaps: Gaps, *, markdown: bool) -> list[str]:
    title = f"Recurring recommendations not seen since {gaps.since} ({len(gaps.dormant)})"
    lines = [f"## {title}" if markdown else title, ""] if markdown else [title]
    for thread in gaps.dormant:
        meetings = ", ".join(map(str, thread.meetings))
        themes = ", ".join(thread.themes) or "-"
        bullet = "- " if markdown else "  "
        lines.append(f"{bullet}last {thread.last_year}; meetings {meetings}; {themes}: {thread.summary}")
    if not gaps.dormant:
        lines.append("  none" if not markdown else "None.")
    return lines
