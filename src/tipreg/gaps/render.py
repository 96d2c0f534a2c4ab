"""The gap view as text (a terminal table), Markdown or JSON, worded in the report's language."""

from __future__ import annotations

import json

from tipreg.gaps import FEW, Coverage, Gaps
from tipreg.gaps.wording import WORDS, item_name


def as_json(gaps: Gaps) -> str:
    return json.dumps(gaps.as_json(), ensure_ascii=False, indent=2)


def as_text(gaps: Gaps) -> str:
    words = WORDS[gaps.lang]
    title = words["title"].format(since=gaps.since)
    lines = [f"{title} ({words['few_rule'].format(few=FEW)})", ""]
    lines += _table(words["themes"], gaps.themes, gaps, markdown=False)
    lines += _table(words["articles_long"], gaps.articles, gaps, markdown=False)
    lines += _threads(gaps, markdown=False)
    return "\n".join(lines)


def as_markdown(gaps: Gaps) -> str:
    words = WORDS[gaps.lang]
    lines = [f"# {words['title'].format(since=gaps.since)}", "", f"*{words['few_rule'].format(few=FEW)}.*", ""]
    lines += _table(words["themes"], gaps.themes, gaps, markdown=True)
    lines += _table(words["articles"], gaps.articles, gaps, markdown=True)
    lines += _threads(gaps, markdown=True)
    return "\n".join(lines)


def _table(title: str, rows: list[Coverage], gaps: Gaps, *, markdown: bool) -> list[str]:
    words = WORDS[gaps.lang]
    articles = rows and rows[0].level == "article"
    header = [
        "",
        words["total"],
        words["since"].format(since=gaps.since),
        words["last"],
        *([words["cited"]] if articles else []),
        words["status"],
    ]
    cells = [
        [
            ("  " if row.level == "subtheme" else "") + item_name(row.id, row.title, gaps.lang),
            str(row.total),
            str(row.since),
            str(row.last_year or "-"),
            *([str(row.cited)] if articles else []),
            words[row.status],
        ]
        for row in rows
    ]
    if markdown:
        out = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return [*out, *("| " + " | ".join(row) + " |" for row in cells), ""]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return [title, fmt.format(*header), *(fmt.format(*row) for row in cells), ""]


def _threads(gaps: Gaps, *, markdown: bool) -> list[str]:
    words = WORDS[gaps.lang]
    title = words["dormant"].format(since=gaps.since, count=len(gaps.dormant))
    lines = [f"## {title}", ""] if markdown else [title]
    bullet = "- " if markdown else "  "
    for thread in gaps.dormant:
        line = words["thread"].format(
            last=thread.last_year,
            meetings=", ".join(map(str, thread.meetings)),
            themes=", ".join(thread.themes) or "-",
            summary=thread.summary,
        )
        lines.append(bullet + line)
    if not gaps.dormant:
        lines.append(words["no_threads"] if markdown else "  " + words["no_threads"])
    return lines
