"""The words the gap view prints around its figures, in Spanish and English (`tipreg gaps --lang`)."""

from __future__ import annotations

from collections.abc import Iterable

WORDS: dict[str, dict[str, str]] = {
    "es": {
        "title": "Lagunas desde {since}",
        "few_rule": "«pocas»: {few} recomendaciones o menos desde entonces",
        "themes": "Temas y subtemas",
        "articles": "Artículos del Protocolo",
        "articles_long": "Artículos del Protocolo (sobre la materia del artículo; «citan»: lo nombran)",
        "total": "total",
        "since": "desde {since}",
        "last": "última",
        "cited": "citan",
        "status": "situación",
        "none": "ninguna",
        "few": "pocas",
        "covered": "cubierto",
        "dormant": "Recomendaciones recurrentes que no han vuelto desde {since} ({count})",
        "thread": "última {last}; reuniones {meetings}; {themes}: {summary}",
        "no_threads": "Ninguna.",
        "unlinked": "Ninguna: el registro aún no tiene vínculos entre recomendaciones (ejecute tipreg link).",
        "article": "art.",
        "chart_title": "Recomendaciones por subtema y artículo del Protocolo",
        "chart_key": "rojo: ninguna desde {since}; naranja: {few} o menos",
        "chart_before": "antes de {since}",
        "chart_since": "desde {since}",
        "chart_axis": "recomendaciones",
    },
    "en": {
        "title": "Gaps since {since}",
        "few_rule": "'few': at most {few} recommendations since then",
        "themes": "Themes and sub-themes",
        "articles": "Protocol articles",
        "articles_long": "Protocol articles (on the article's matter; cited: naming the article)",
        "total": "total",
        "since": "since {since}",
        "last": "last",
        "cited": "cited",
        "status": "status",
        "none": "none",
        "few": "few",
        "covered": "covered",
        "dormant": "Recurring recommendations not seen since {since} ({count})",
        "thread": "last {last}; meetings {meetings}; {themes}: {summary}",
        "no_threads": "None.",
        "unlinked": "None: the register has no links among recommendations yet (run tipreg link).",
        "article": "art.",
        "chart_title": "Recommendations by sub-theme and Protocol article",
        "chart_key": "red: none since {since}; orange: at most {few}",
        "chart_before": "before {since}",
        "chart_since": "since {since}",
        "chart_axis": "recommendations",
    },
}

# `tipreg threads`: the recurring recommendations, each sub-theme's thread with its entries.
THREAD_WORDS: dict[str, dict[str, str]] = {
    "es": {
        "matter": "{count} entradas, reuniones {meetings}{span}",
        "entry": "reunión {meeting}, n.º {number} ({year})",
        "none": "ninguna recomendación recurrente{on}",
        "unlinked": "ninguna recomendación recurrente{on} (ejecute antes tipreg link)",
        "on": " sobre {theme}",
    },
    "en": {
        "matter": "{count} entries, meetings {meetings}{span}",
        "entry": "meeting {meeting} no. {number} ({year})",
        "none": "no recurring recommendations{on}",
        "unlinked": "no recurring recommendations{on} (run tipreg link first)",
        "on": " on {theme}",
    },
}


def matter_summary(count: int, meetings: Iterable[int | None], years: Iterable[int | None], lang: str) -> str:
    """A recurring matter as `tipreg threads` and the web list it: "5 entries, meetings 1, 2, 4 (2009-2011)"."""
    held = sorted({year for year in years if year})
    span = f" ({held[0]}-{held[-1]})" if held else ""
    listed = ", ".join(map(str, sorted({meeting for meeting in meetings if meeting is not None})))
    return THREAD_WORDS[lang]["matter"].format(count=count, meetings=listed, span=span)


def item_name(item_id: str, title: str, lang: str) -> str:
    """A theme, sub-theme or article as the reports list it: "protection.compensation  Compensation …",
    "art. 6  Assistance …"."""
    return f"{item_id.replace('article ', WORDS[lang]['article'] + ' ')}  {title}"
