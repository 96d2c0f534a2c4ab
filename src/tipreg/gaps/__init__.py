"""The gap view: which themes, sub-themes and Protocol articles have few or no recommendations, and which
recurring recommendations (threads) have not come back since a given year.

`find_gaps()` is a pure function of the register's content (tipreg.publish.build.RegisterContent) and of the
threads found by tipreg.link; `gap_report()` reads both from the register.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from tipreg.enrich.taxonomy import taxonomy
from tipreg.enrich.text import fold
from tipreg.gaps.wording import WORDS
from tipreg.publish.build import RegisterContent, RegisterEntry, summary_on

FEW = 2  # at most this many recommendations since the year: "few"


@dataclass
class Coverage:
    """How many recommendations a theme, sub-theme or Protocol article has, overall and since the year."""

    id: str
    title: str
    total: int
    since: int
    last_year: int | None
    cited: int = 0  # Protocol articles: recommendations that cite the article itself
    level: str = "subtheme"  # theme, subtheme, article

    @property
    def status(self) -> str:
        return "none" if self.since == 0 else "few" if self.since <= FEW else "covered"


@dataclass
class Thread:
    """A recurring recommendation: its entries across meetings, last seen in `last_year`."""

    entries: list[str]
    meetings: list[int]
    last_year: int | None
    themes: list[str]
    summary: str


@dataclass
class Gaps:
    since: int
    lang: str = "en"  # of the titles, and of the words the reports print around them
    themes: list[Coverage] = field(default_factory=list)  # themes and sub-themes, taxonomy order
    articles: list[Coverage] = field(default_factory=list)
    dormant: list[Thread] = field(default_factory=list)  # threads not seen since `since`, oldest first
    linked: bool = True  # False: no links yet where `tipreg link` would find some

    @property
    def no_threads(self) -> str:
        """What stands for an empty list of dormant threads: none, or none because nothing is linked yet."""
        return WORDS[self.lang]["no_threads" if self.linked else "unlinked"]

    def as_json(self) -> dict[str, Any]:
        def coverage(item: Coverage) -> dict[str, Any]:
            fields = asdict(item)
            if item.level != "article":
                del fields["cited"]  # citations are counted for articles only
            return {**fields, "status": item.status}

        return {
            "since": self.since,
            "lang": self.lang,
            "themes": [coverage(item) for item in self.themes],
            "articles": [coverage(item) for item in self.articles],
            "dormant_threads": [asdict(thread) for thread in self.dormant],
            "linked": self.linked,
        }


@cache
def protocol_articles() -> list[dict[str, Any]]:
    """The Protocol's substantive articles with the sub-themes or words that carry their matter (data/protocol.json)."""
    return json.loads(resources.files("tipreg").joinpath("data/protocol.json").read_text("utf-8"))["articles"]


def _coverage(item_id: str, title: str, entries: list[RegisterEntry], since: int, level: str) -> Coverage:
    years = [entry.year for entry in entries if entry.year]
    recent = sum(1 for entry in entries if (entry.year or 0) >= since)
    return Coverage(item_id, title, len(entries), recent, max(years, default=None), level=level)


def _cites_article(entry: RegisterEntry, number: str) -> bool:
    return any(
        ref["kind"] == "article" and ref["instrument"] == "protocol" and ref["number"] == number
        for ref in entry.references
    )


@cache
def _matter_pattern(number: str) -> re.Pattern[str] | None:
    """The article's cues as one pattern (data/protocol.json), for the articles no sub-theme isolates."""
    cues = next(article.get("cues", []) for article in protocol_articles() if article["number"] == number)
    return re.compile("|".join(f"(?:{cue})" for cue in cues)) if cues else None


def _on_matter(entry: RegisterEntry, folded_text: str, article: dict[str, Any]) -> bool:
    """Whether a recommendation is on the article's matter: its sub-themes carry it, or its words
    (`folded_text`, its text folded) name it."""
    pattern = _matter_pattern(article["number"])
    return bool(set(entry.themes) & set(article["subthemes"])) or bool(pattern and pattern.search(folded_text))


def find_gaps(content: RegisterContent, threads: list[set[str]], since: int, lang: str = "en") -> Gaps:
    """Coverage of every theme, sub-theme and Protocol article, and the threads dormant since `since`."""
    gaps = Gaps(since, lang)
    for theme in taxonomy()["themes"]:
        in_theme = [e for e in content.entries if any(t.split(".")[0] == theme["id"] for t in e.themes)]
        gaps.themes.append(_coverage(theme["id"], theme[lang], in_theme, since, "theme"))
        for sub in theme["subthemes"]:
            tagged = [entry for entry in content.entries if sub["id"] in entry.themes]
            gaps.themes.append(_coverage(sub["id"], sub[lang], tagged, since, "subtheme"))
    folded = [fold(entry.text) for entry in content.entries]  # once per entry, not once per article
    for article in protocol_articles():
        cited = [entry for entry in content.entries if _cites_article(entry, article["number"])]
        on_matter = [
            e for e, text in zip(content.entries, folded, strict=True) if _on_matter(e, text, article) or e in cited
        ]
        coverage = _coverage(f"article {article['number']}", article[lang], on_matter, since, "article")
        coverage.cited = len(cited)
        gaps.articles.append(coverage)
    gaps.dormant = _dormant(content.entries, threads, since)
    return gaps


def _dormant(entries: list[RegisterEntry], threads: list[set[str]], since: int) -> list[Thread]:
    order = {entry.id: position for position, entry in enumerate(entries)}  # register order breaks ties
    found = []
    for ids in threads:
        members = [entries[order[i]] for i in sorted((i for i in ids if i in order), key=order.__getitem__)]
        members.sort(key=lambda e: (e.meeting, e.year or 0))
        if len(members) < 2:
            continue
        last_year = max((entry.year for entry in members if entry.year), default=None)
        if last_year is not None and last_year >= since:
            continue
        shared = set.intersection(*(set(entry.themes) for entry in members))
        found.append(
            Thread(
                [entry.id for entry in members],
                sorted({entry.meeting for entry in members}),
                last_year,
                sorted(shared),
                summary_on(members[-1].text, min(shared, default=None)),
            )
        )
    return sorted(_outermost(found), key=lambda thread: (thread.last_year or 0, thread.meetings, thread.entries))


def _outermost(threads: list[Thread]) -> list[Thread]:
    """Threads on different sub-themes can hold the same recommendations: one held whole by another is the
    same recurring recommendation said again, and is listed once, as the larger thread."""
    kept: list[Thread] = []
    for thread in sorted(threads, key=lambda thread: -len(thread.entries)):
        members = set(thread.entries)
        if not any(members <= set(other.entries) for other in kept):
            kept.append(thread)
    return kept


def default_since(content: RegisterContent) -> int:
    """Five years before the register's latest recommendation."""
    return max((entry.year for entry in content.entries if entry.year), default=2009) - 5


def gap_report(db: str | None = None, since: int | None = None, lang: str = "en") -> Gaps:
    from tipreg.publish.build import read_register

    content = read_register(db)  # sets the register up
    from tipreg.link import restatements, threads
    from tipreg.store.labels.linking import links_pending, stored_links

    links = stored_links()
    restated = threads(restatements(links))  # "not recurred since": said again, not only on the matter
    gaps = find_gaps(content, restated, default_since(content) if since is None else since, lang)
    gaps.linked = not links_pending()
    return gaps
