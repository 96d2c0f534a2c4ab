"""Measure the linker against hand-labelled links (eval/links/gold.json), on the documents the set names.

Explicit links (cites, reiterates) are scored as (source, target, type) triples: the set holds every one in its
documents. Threads are scored as "same thread" pairs: gold pairs are all pairs inside each labelled thread;
predicted pairs are those inside each thread the linker builds on the labelled thread's sub-theme that touches a
labelled member (the set is complete only for the matters it names). "threads, any sub-theme" counts instead the
pairs of every thread, on any sub-theme, that touches a labelled member.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from tipreg.enrich import label_trees
from tipreg.enrich.theme_model import default_theme_classifier
from tipreg.link import Entry, Link, entry_themes, find_links, themed_threads, threads
from tipreg.pipeline import process_file


@dataclass
class Score:
    predicted: int
    gold: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


def corpus_entries(paths: list[Path]) -> list[Entry]:
    """The recommendations of these documents as linker entries, named m<meeting>#<number>; labelled as the
    store labels them (rules, then the theme classifier where the rules give no theme), and linked as the
    store links them (the entry's sub-themes and its sub-items')."""
    provisions = [p for path in paths for p in process_file(path).provisions if p.kind == "recommendation"]
    trees = label_trees([(p.text, p.subitems) for p in provisions], default_theme_classifier())
    return [
        Entry(
            f"m{provision.meeting}#{provision.number}",
            provision.meeting,
            provision.year,
            provision.text,
            entry_themes([labels.values("themes") for labels in tree.values()]),  # the entry's own ("") first
            tuple(tree[""].references),
            tree[""].reiteration,
            provision.number,
        )
        for provision, tree in zip(provisions, trees, strict=True)
    ]


def evaluate(gold: dict, links: list[Link]) -> dict[str, Score]:
    """Explicit links (when the set labels any), threads on their sub-themes, threads on any sub-theme, the
    threads' members counted as entries, and each labelled thread on its own ("thread: NAME")."""
    members = {member for thread in gold["threads"] for member in thread["members"]}
    built = themed_threads(links)
    scores: dict[str, Score] = {}
    if gold["explicit"]:
        explicit_gold = {(pair["source"], pair["target"], pair["type"]) for pair in gold["explicit"]}
        explicit = {(link.source, link.target, link.type) for link in links if link.type in ("cites", "reiterates")}
        scores["explicit"] = Score(len(explicit), len(explicit_gold), len(explicit & explicit_gold))
    per_thread = {thread["name"]: _thread_pairs(thread, built) for thread in gold["threads"]}
    gold_pairs = set().union(*(labelled for labelled, _ in per_thread.values()))
    on_theme = set().union(*(found for _, found in per_thread.values()))
    any_theme = {
        frozenset(pair) for group in threads(links) if group & members for pair in combinations(sorted(group), 2)
    }
    scores["threads"] = Score(len(on_theme), len(gold_pairs), len(on_theme & gold_pairs))
    scores["threads, any sub-theme"] = Score(len(any_theme), len(gold_pairs), len(any_theme & gold_pairs))
    scores["thread members"] = _member_score(gold["threads"], built)
    if len(per_thread) > 1:
        for name, (labelled, found) in per_thread.items():
            scores[f"thread: {name}"] = Score(len(found), len(labelled), len(found & labelled))
    return scores


def _thread_pairs(thread: dict, built: list[tuple[str, set[str]]]) -> tuple[set[frozenset], set[frozenset]]:
    """The labelled thread's "same thread" pairs, and those of the threads built on its sub-theme that touch it."""
    labelled = {frozenset(pair) for pair in combinations(thread["members"], 2)}
    found = {
        frozenset(pair)
        for theme, group in built
        if theme == thread["theme"] and group & set(thread["members"])
        for pair in combinations(sorted(group), 2)
    }
    return labelled, found


def _member_score(labelled: list[dict], built: list[tuple[str, set[str]]]) -> Score:
    """Entries rather than pairs, over every labelled thread: those the threads built on its sub-theme that touch
    it hold, against its members (a thread of n entries has n(n-1)/2 pairs, so pairs weigh long threads most)."""
    predicted = gold = correct = 0
    for thread in labelled:
        members = set(thread["members"])
        found = set().union(*(group for theme, group in built if theme == thread["theme"] and group & members))
        predicted, gold, correct = predicted + len(found), gold + len(members), correct + len(found & members)
    return Score(predicted, gold, correct)


def run(gold_path: Path, root: Path = Path()) -> tuple[dict[str, Score], list[Link]]:
    gold = json.loads(gold_path.read_text("utf-8"))
    links = find_links(corpus_entries([root / path for path in gold["corpus"]]))
    return evaluate(gold, links), links


def report(scores: dict[str, Score]) -> str:
    width = max(22, *(len(name) for name in scores))
    return "\n".join(
        f"{name:<{width}} precision {score.precision:.3f}  recall {score.recall:.3f}  "
        f"({score.correct} right of {score.predicted} found, {score.gold} labelled)"
        for name, score in scores.items()
    )
