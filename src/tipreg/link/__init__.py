"""Link stage: links between register entries, typed, scored and with evidence (pure functions, no Django).

* ``cites``: an entry cites "el párrafo N del informe ... celebrada en 2009 (CTOC/COP/WG.4/2009/2)" or "of the
  report on its first meeting" (a meeting before its own); the target is
  the recommendation of that meeting whose wording is nearest to the citing entry's, those numbered just below N
  preferred (a report numbers its paragraphs from its introduction on, so its paragraph N carries the
  recommendation that a compilation numbers a little less than N).
* ``reiterates``: the entry reiterates or reaffirms ("reiterar", "reafirmó") an earlier recommendation: the cited
  one when it cites one, else the nearest earlier recommendation by wording.
* ``recurs``: an entry of a later meeting that shares a sub-theme with an entry of an earlier meeting, and whose
  passages on that sub-theme (the sentences or sub-items that carry its cues) share words of note with the
  other's: a long list of sub-items recurs on one matter through the one sub-item about it. `threads()` groups
  these, per sub-theme, into recurring matters across meetings; `restatements()` keeps the recurrences worded
  close enough to say the same recommendation again.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from tipreg.enrich import Reference
from tipreg.enrich.references import REPORT_PARAGRAPH
from tipreg.enrich.text import fold
from tipreg.enrich.vocabulary import themes as cued_themes
from tipreg.segment.dates import ordinal_value

REITERATION_MIN = 0.25  # nearest earlier wording an uncited reiteration must reach
# Wording the passages on a shared sub-theme must reach, for a specific sub-theme. Low: a matter recurs in new
# words (held-out threads, eval/links/heldout.json: 0.15 found 12 % of their pairs, 0.05 found 73 % at
# precision 0.93); it keeps apart passages that share no content word of note.
RECURRENCE_MIN = 0.05
# A sub-theme that many entries share says less about a pair: past this share of the entries, the wording its
# passages must reach grows with the square root of the share (0.05 at 8 %, 0.07 at 16 %). Shares are taken of
# at least REGISTER_FLOOR entries, so that in a small register (one report) every sub-theme does not look common.
SPECIFIC_SHARE = 0.08
# A recurrence worded this close says the same recommendation again. "Not recurred since YEAR" (the gap view)
# reads only these, with citations and reiterations: a matter that recurs in new words must not hide a specific
# recommendation (a campaign, a programme, a jurisdiction rule) that has not come back.
RESTATED_MIN = 0.25
REGISTER_FLOOR = 250
CITED_NUMBER_BONUS = 0.15  # for a cited paragraph N, recommendations numbered N-3 … N-1
CITED_NUMBER_SPAN = (1, 3)
# Passages: sentences and sub-items ("; b) ...", ": a) ...", ". Los Estados ...").
PASSAGE_BREAK = re.compile(r"(?<=[;:.])\s+(?=\(?[a-z]{1,4}\)\s|[A-ZÁÉÍÓÚ])")
SYMBOL_YEAR = re.compile(r"/((?:19|20)\d\d)/")
# A cited report named by its meeting's ordinal: "on its first meeting", "sobre su primera reunión" (folded).
REPORT_OF_MEETING = re.compile(r"\b(?:its|su|la|the) (?P<ord>\w+) (?:meeting|reunion)\b")
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
    number: str | None = None  # as printed


def entry_themes(item_themes: list[list[str]]) -> tuple[str, ...]:
    """An entry's sub-themes for linking: its own and its sub-items', in that order. An entry is on a matter when
    one of its sub-items is (docs/labelling-guide.md, "Links")."""
    return tuple(dict.fromkeys(theme for themes in item_themes for theme in themes))


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

    vectors: dict[Any, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: list[Entry]) -> Wording:
        texts = {entry.id: entry.text for entry in entries}
        return cls.of_texts(texts, list(texts.values()))

    @classmethod
    def of_texts(cls, texts: dict[Any, str], corpus: list[str]) -> Wording:
        """Vectors of `texts` (by key), words weighted by their rarity in `corpus`."""
        documents = Counter(word for text in corpus for word in set(content_words(text)))
        total = len(corpus)
        wording = cls()
        for key, text in texts.items():
            words = Counter(content_words(text))
            vector = {word: count * math.log((1 + total) / (1 + documents[word])) for word, count in words.items()}
            norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
            wording.vectors[key] = {word: value / norm for word, value in vector.items()}
        return wording

    def similarity(self, first: Any, second: Any) -> float:
        a, b = self.vectors[first], self.vectors[second]
        return sum(value * b.get(word, 0.0) for word, value in a.items())


# Stems that say the same thing in other words: "indemnización", "compensación" and "compensation" meet.
SYNONYMS = {"indemn": "compen", "resarc": "compen", "repara": "compen", "castig": "sancio", "punish": "sancio"}


def content_words(text: str) -> list[str]:
    """Folded words of five letters or more, cut to six letters: "sancionar" and "sanciones" meet as "sancio"."""
    stems = (word[:6] for word in re.findall(r"[a-z]{5,}", fold(text)) if word not in STOP)
    return [SYNONYMS.get(stem, stem) for stem in stems]


def passages(text: str) -> list[str]:
    """The sentences and sub-items of a text."""
    return [passage for passage in PASSAGE_BREAK.split(text) if passage.strip()]


def passages_by_theme(text: str) -> dict[str, list[str]]:
    """For each sub-theme cued in `text`, its passages (sentences, sub-items) that carry its cues, in order."""
    found: dict[str, list[str]] = defaultdict(list)
    for passage in passages(text):
        for label in cued_themes(passage):
            found[label.value].append(passage)
    return found


def theme_passages(entry: Entry) -> dict[str, str]:
    """For each of the entry's sub-themes, its passages that carry the sub-theme's cues (all of the text when no
    single passage does: the theme came from the whole, or from a curator)."""
    found = passages_by_theme(entry.text)
    return {theme: " ".join(found.get(theme, [])) or entry.text for theme in entry.themes}


def passage_on(text: str, theme: str) -> str | None:
    """The first passage of `text` (a sentence or sub-item) whose cues carry the sub-theme `theme`; None when
    none does (the sub-theme came from the whole text, the classifier or a curator)."""
    return next(iter(passages_by_theme(text).get(theme, [])), None)


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
        if entry.reiteration and not cited and not _places_a_report(entry):
            links += _reiterated(entry, by_meeting, wording)
    linked = {(link.source, link.target) for link in links}
    links += [link for link in _recurrences(entries) if (link.source, link.target) not in linked]
    return links


def themed_threads(links: list[Link]) -> list[tuple[str, set[str]]]:
    """Recurring matters as (sub-theme, entries): the entries joined by links on that sub-theme (and by the
    citations and reiterations among them); a thread never crosses sub-themes, so chains cannot drift."""
    found: list[tuple[str, set[str]]] = []
    for theme in sorted({theme for link in links for theme in link.themes}):
        recurring = [link for link in links if theme in link.themes]
        on_theme = {item for link in recurring for item in (link.source, link.target)}
        explicit = [link for link in links if not link.themes and {link.source, link.target} & on_theme]
        found += [(theme, group) for group in _components(recurring + explicit)]
    return found


def restatements(links: list[Link]) -> list[Link]:
    """The links that say a recommendation again: citations, reiterations, and recurrences worded close enough."""
    return [link for link in links if link.type != "recurs" or link.score >= RESTATED_MIN]


def threads(links: list[Link]) -> list[set[str]]:
    """The distinct groups of `themed_threads` (one matter may recur under two sub-themes)."""
    found: list[set[str]] = []
    for _, group in themed_threads(links):
        if group not in found:
            found.append(group)
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
        meeting = _cited_meeting(entry, reference, first_meeting_of_year)
        candidates = [c for c in by_meeting.get(meeting, []) if c.id != entry.id] if meeting is not None else []
        if not candidates:
            continue
        target, score = _nearest(entry, candidates, wording, _number_bonus(reference.number))
        kind = "reiterates" if entry.reiteration else "cites"
        evidence = f"{reference.text} ({target.year}: meeting {meeting}); closest there {score:.2f}"
        links.append(Link(entry.id, target.id, kind, round(0.5 + 0.5 * score, 3), evidence, _common(entry, target)))
    return links


def _cited_meeting(entry: Entry, reference: Reference, first_meeting_of_year: dict[int, int]) -> int | None:
    """The meeting whose report a reference cites: the first of its printed year, its symbol's year and the
    meeting's ordinal ("on its first meeting") that names a meeting held before the citing entry's (the first
    year printed after "del informe" can be a deadline, "para 2011"); None when none does."""
    by_year = [
        first_meeting_of_year.get(year) if year else None for year in (reference.year, _symbol_year(reference.symbol))
    ]
    for meeting in (*by_year, _ordinal_meeting(entry.text, reference)):
        if meeting is not None and (entry.meeting is None or meeting < entry.meeting):
            return meeting
    return None


def _places_a_report(entry: Entry) -> bool:
    """Whether the entry cites a report it names the year, symbol or meeting of: a reiteration of a report the
    register does not hold (or of a later year, a deadline) is not of whichever earlier wording is nearest."""
    return any(
        reference.year or _symbol_year(reference.symbol) or _ordinal_meeting(entry.text, reference)
        for reference in entry.references
        if reference.kind == "report_paragraph"
    )


def _ordinal_meeting(text: str, reference: Reference) -> int | None:
    """The meeting a cited report is named by in `text`: "paragraph 17 of the report on its first meeting",
    "párrafo 17 del informe sobre su primera reunión" (in the sentence of the reference, as enrich reads it)."""
    for match in REPORT_PARAGRAPH.finditer(fold(text)):
        if match["number"] == reference.number:
            named = REPORT_OF_MEETING.search(match["tail"].split(". ")[0])
            return ordinal_value(named["ord"]) if named else None
    return None


def _reiterated(entry: Entry, by_meeting: dict, wording: Wording) -> list[Link]:
    earlier = [c for m, cs in by_meeting.items() if entry.meeting is not None and m < entry.meeting for c in cs]
    if not earlier:
        return []
    target, score = _nearest(entry, earlier, wording)
    if score < REITERATION_MIN:
        return []
    evidence = f"reiteration; closest earlier {score:.2f}"
    return [Link(entry.id, target.id, "reiterates", round(score, 3), evidence, _common(entry, target))]


def _recurrences(entries: list[Entry]) -> list[Link]:
    """For each entry and sub-theme, the entry of each earlier meeting whose passages on that sub-theme are
    worded nearest to its own, when near enough; one link per pair, with every sub-theme it holds on."""
    on_theme = {entry.id: theme_passages(entry) for entry in entries}
    texts = {(entry_id, theme): text for entry_id, by_theme in on_theme.items() for theme, text in by_theme.items()}
    wording = Wording.of_texts(texts, [passage for entry in entries for passage in passages(entry.text)])
    shares = Counter(theme for entry in entries for theme in set(entry.themes))
    minimum = {
        theme: RECURRENCE_MIN * max(1.0, math.sqrt(count / max(len(entries), REGISTER_FLOOR) / SPECIFIC_SHARE))
        for theme, count in shares.items()
    }
    links = []
    for entry in entries:
        pairs: dict[str, tuple[Entry, dict[str, float]]] = {}
        for theme in entry.themes:
            best: dict[int, tuple[float, Entry]] = {}
            for other in entries:
                if other.meeting is None or entry.meeting is None or other.meeting >= entry.meeting:
                    continue
                if theme not in on_theme[other.id]:
                    continue
                score = wording.similarity((entry.id, theme), (other.id, theme))
                if score >= minimum[theme] and score > best.get(other.meeting, (0.0, other))[0]:
                    best[other.meeting] = (score, other)
            for score, other in best.values():
                pairs.setdefault(other.id, (other, {}))[1][theme] = score
        for other, scores in pairs.values():
            held = tuple(sorted(scores))
            evidence = "; ".join(f"{theme} {scores[theme]:.2f}" for theme in held)
            links.append(
                Link(entry.id, other.id, "recurs", round(max(scores.values()), 3), f"passages on {evidence}", held)
            )
    return links


def _nearest(entry: Entry, candidates: list[Entry], wording: Wording, bonus: Any = None) -> tuple[Entry, float]:
    """The candidate closest to `entry` (plus `bonus(candidate)` when given) and its closeness."""
    scored = [(closeness(entry, candidate, wording), candidate) for candidate in candidates]
    _, score, target = max(((s + (bonus(c) if bonus else 0.0), s, c) for s, c in scored), key=lambda item: item[0])
    return target, score


def _number_bonus(paragraph: str | None) -> Any:
    """Prefer the recommendations numbered at or a little below a cited report paragraph's number."""
    cited = int(paragraph) if paragraph and paragraph.isdigit() else None

    def bonus(candidate: Entry) -> float:
        number = _leading_number(candidate)
        low, high = CITED_NUMBER_SPAN
        return CITED_NUMBER_BONUS if cited and number and low <= cited - number <= high else 0.0

    return bonus


def _common(first: Entry, second: Entry) -> tuple[str, ...]:
    return tuple(sorted(set(first.themes) & set(second.themes)))


def _symbol_year(symbol: str | None) -> int | None:
    match = SYMBOL_YEAR.search(symbol or "")
    return int(match.group(1)) if match else None


def _leading_number(entry: Entry) -> int | None:
    match = re.match(r"\d+", entry.number or "")
    return int(match.group()) if match else None
