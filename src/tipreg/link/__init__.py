"""Link stage: links between register entries, typed, scored and with evidence (pure functions, no Django).

* ``cites``: an entry cites "el párrafo N del informe ... celebrada en 2009 (CTOC/COP/WG.4/2009/2)"; the target is
  the recommendation of that meeting whose wording is nearest to the citing entry's.
* ``reiterates``: the entry reiterates or reaffirms ("reiterar", "reafirmó") an earlier recommendation: the cited
  one when it cites one, else the nearest earlier recommendation by wording.
* ``recurs``: an entry of a later meeting that shares a sub-theme with, and is worded close to, an entry of an
  earlier meeting; `threads()` groups these into recurring recommendations across meetings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from tipreg.enrich import Reference
from tipreg.enrich.text import fold

REITERATION_MIN = 0.25  # nearest earlier wording an uncited reiteration must reach
RECURRENCE_MIN = 0.35  # wording a recurrence must reach, besides a shared sub-theme
SYMBOL_YEAR = re.compile(r"/((?:19|20)\d\d)/")
# Words every recommendation uses: they say nothing about what it is about.
STOP = set(
    [
        "estados",
        "partes",
        "deberian",
        "deberia",
        "trata",
        "personas",
        "victimas",
        "sobre",
        "entre",
        "otras",
        "cosas",
        "medidas",
        "grupo",
        "trabajo",
        "recomendaciones",
        "recomendacion",
        "informe",
        "reunion",
        "celebrada",
        "figuran",
        "conferencia",
        "secretaria",
        "conformidad",
        "states",
        "parties",
        "should",
        "trafficking",
        "persons",
        "victims",
        "their",
        "which",
        "working",
        "group",
        "recommendations",
        "report",
    ]
)


@dataclass(frozen=True)
class Entry:
    """What the linker needs to know of one register entry."""

    id: str
    meeting: int | None
    year: int | None
    text: str
    themes: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    reiteration: bool = False


@dataclass(frozen=True)
class Link:
    source: str  # the later, citing or reiterating entry
    target: str
    type: str  # cites, reiterates, recurs
    score: float  # 0-1
    evidence: str  # the words that make the link
    themes: tuple[str, ...] = ()  # sub-themes both entries have


@dataclass
class Wording:
    """TF-IDF cosine similarity between entries' content words."""

    vectors: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: list[Entry]) -> Wording:
        counts = {entry.id: Counter(content_words(entry.text)) for entry in entries}
        documents = Counter(word for words in counts.values() for word in words)
        total = len(entries)
        wording = cls()
        for entry_id, words in counts.items():
            vector = {word: count * math.log((1 + total) / (1 + documents[word])) for word, count in words.items()}
            norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
            wording.vectors[entry_id] = {word: value / norm for word, value in vector.items()}
        return wording

    def similarity(self, first: str, second: str) -> float:
        a, b = self.vectors[first], self.vectors[second]
        return sum(value * b.get(word, 0.0) for word, value in a.items())


def content_words(text: str) -> list[str]:
    """Folded words of five letters or more, cut to six letters: "sancionar" and "sanciones" meet as "sancio"."""
    return [word[:6] for word in re.findall(r"[a-z]{5,}", fold(text)) if word not in STOP]


def closeness(first: Entry, second: Entry, wording: Wording) -> float:
    """How close two entries are: wording, and the share of sub-themes they have in common."""
    themes = set(first.themes) | set(second.themes)
    shared = len(set(first.themes) & set(second.themes)) / len(themes) if themes else 0.0
    return round(0.6 * wording.similarity(first.id, second.id) + 0.4 * shared, 3)


def find_links(entries: list[Entry]) -> list[Link]:
    """Every link among `entries`, cites and reiterations first, then recurrences."""
    wording = Wording.of(entries)
    first_meeting_of_year: dict[int, int] = {}
    for entry in entries:
        if entry.year is not None and entry.meeting is not None:
            first_meeting_of_year[entry.year] = min(entry.meeting, first_meeting_of_year.get(entry.year, entry.meeting))
    by_meeting: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.meeting is not None:
            by_meeting.setdefault(entry.meeting, []).append(entry)
    links: list[Link] = []
    for entry in entries:
        cited = _cited(entry, by_meeting, first_meeting_of_year, wording)
        links += cited
        if entry.reiteration and not cited:
            links += _reiterated(entry, by_meeting, wording)
    linked = {(link.source, link.target) for link in links}
    links += [link for link in _recurrences(entries, wording) if (link.source, link.target) not in linked]
    return links


def threads(links: list[Link]) -> list[set[str]]:
    """Recurring matters: per sub-theme, the entries joined by recurrences on that sub-theme (and by the
    citations and reiterations among them); a thread never crosses sub-themes, so chains cannot drift."""
    found: list[set[str]] = []
    for theme in sorted({theme for link in links for theme in link.themes}):
        recurring = [link for link in links if theme in link.themes]
        on_theme = {item for link in recurring for item in (link.source, link.target)}
        explicit = [link for link in links if not link.themes and {link.source, link.target} & on_theme]
        found += [group for group in _components(recurring + explicit) if group not in found]
    return sorted(found, key=lambda group: sorted(group))


def _components(links: list[Link]) -> list[set[str]]:
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.setdefault(item, item) != item:
            item = parent[item]
        return item

    for link in links:
        parent[root(link.source)] = root(link.target)
    groups: dict[str, set[str]] = {}
    for item in parent:
        groups.setdefault(root(item), set()).add(item)
    return [group for group in groups.values() if len(group) > 1]


def _cited(entry: Entry, by_meeting: dict, first_meeting_of_year: dict[int, int], wording: Wording) -> list[Link]:
    links = []
    for reference in entry.references:
        if reference.kind != "report_paragraph":
            continue
        year = reference.year or _symbol_year(reference.symbol)
        meeting = first_meeting_of_year.get(year) if year else None
        candidates = [c for c in by_meeting.get(meeting, []) if c.id != entry.id] if meeting is not None else []
        if not candidates:
            continue
        target, score = _nearest(entry, candidates, wording)
        kind = "reiterates" if entry.reiteration else "cites"
        evidence = f"{reference.text} ({year}: meeting {meeting}); closest there {score:.2f}"
        links.append(Link(entry.id, target.id, kind, round(0.5 + 0.5 * score, 3), evidence, _common(entry, target)))
    return links


def _reiterated(entry: Entry, by_meeting: dict, wording: Wording) -> list[Link]:
    earlier = [c for m, cs in by_meeting.items() if entry.meeting is not None and m < entry.meeting for c in cs]
    if not earlier:
        return []
    target, score = _nearest(entry, earlier, wording)
    if score < REITERATION_MIN:
        return []
    evidence = f"reiteration; closest earlier {score:.2f}"
    return [Link(entry.id, target.id, "reiterates", round(score, 3), evidence, _common(entry, target))]


def _recurrences(entries: list[Entry], wording: Wording) -> list[Link]:
    """For each entry, its nearest entry of each earlier meeting that shares a sub-theme, when close enough."""
    links = []
    for entry in entries:
        best: dict[int, tuple[float, Entry]] = {}
        for other in entries:
            if other.meeting is None or entry.meeting is None or other.meeting >= entry.meeting:
                continue
            if not set(entry.themes) & set(other.themes):
                continue
            score = closeness(entry, other, wording)
            if score >= RECURRENCE_MIN and score > best.get(other.meeting, (0.0, other))[0]:
                best[other.meeting] = (score, other)
        for score, other in best.values():
            common = _common(entry, other)
            links.append(
                Link(
                    entry.id,
                    other.id,
                    "recurs",
                    round(score, 3),
                    f"themes {', '.join(common)}; closeness {score:.2f}",
                    common,
                )
            )
    return links


def _nearest(entry: Entry, candidates: list[Entry], wording: Wording) -> tuple[Entry, float]:
    scored = [(closeness(entry, candidate, wording), candidate) for candidate in candidates]
    score, target = max(scored, key=lambda item: item[0])
    return target, score


def _common(first: Entry, second: Entry) -> tuple[str, ...]:
    return tuple(sorted(set(first.themes) & set(second.themes)))


def _symbol_year(symbol: str | None) -> int | None:
    match = SYMBOL_YEAR.search(symbol or "")
    return int(match.group(1)) if match else None
