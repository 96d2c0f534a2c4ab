"""The gap view as text (a terminal table), Markdown or JSON, worded in the report's language."""

from __future__ import annotations

import json

from tipreg.gaps import FEW, Coverage, Gaps
from tipreg.gaps.wording import WORDS, item_name
from tipreg.publish.render.markdown import escape


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


def table_header(gaps: Gaps, *, articles: bool) -> list[str]:
    """The columns after the name: total, since YEAR, last, cited (articles only), status."""
    words = WORDS[gaps.lang]
    since = words["since"].format(since=gaps.since)
    return [words["total"], since, words["last"], *([words["cited"]] if articles else []), words["status"]]


def table_cells(row: Coverage, gaps: Gaps) -> list[str]:
    """A row's name and its figures, as `table_header` names them."""
    figures = [str(row.total), str(row.since), str(row.last_year or "-")]
    cited = [str(row.cited)] if row.level == "article" else []
    return [item_name(row.id, row.title, gaps.lang), *figures, *cited, WORDS[gaps.lang][row.status]]


def _table(title: str, rows: list[Coverage], gaps: Gaps, *, markdown: bool) -> list[str]:
    header = ["", *table_header(gaps, articles=bool(rows) and rows[0].level == "article")]
    cells = [table_cells(row, gaps) for row in rows]
    if markdown:
        out = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return [*out, *("| " + " | ".join(row) + " |" for row in cells), ""]
    for row, line in zip(rows, cells, strict=True):
        line[0] = ("  " if row.level == "subtheme" else "") + line[0]
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
            summary=escape(thread.summary) if markdown else thread.summary,
        )
        lines.append(bullet + line)
    if not gaps.dormant:
        lines.append(gaps.no_threads if markdown else "  " + gaps.no_threads)
    return lines
