"""Measure search against hand-judged queries (eval/search/): recall@10, MRR and nDCG@10 per mode and language.

A judged query is a line of JSON: `{"id", "query", "language", "relevant": {entry id: grade}}`, grade 2 for an
entry that does what the query asks, 1 for one that touches it (eval/search/README.md says how they were judged).
Entries not listed are not relevant. The register searched is the one the caller opened (the sample register:
`tipreg demo`); judged ids missing from it are reported, since they would make every mode look worse.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

CUTOFF = 10
METRICS = ("recall@10", "MRR", "nDCG@10")


@dataclass
class JudgedQuery:
    id: str
    text: str
    language: str
    relevant: dict[str, int]  # entry id: grade (1 or 2)


def load_set(path: Path) -> list[JudgedQuery]:
    """The judged queries of a JSONL file; a line that is not a judged query is an error naming the line."""
    queries = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            relevant = {str(entry): int(grade) for entry, grade in row["relevant"].items()}
            queries.append(JudgedQuery(str(row["id"]), str(row["query"]), str(row["language"]), relevant))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{number}: not a judged query ({exc})") from exc
        if not relevant or min(relevant.values()) < 1:
            raise ValueError(f"{path}:{number}: 'relevant' needs at least one entry, grades 1 or 2")
    return queries


def recall_at(ranked: list[str], relevant: dict[str, int], cutoff: int = CUTOFF) -> float:
    """Share of the relevant entries found in the first `cutoff`."""
    return len(set(ranked[:cutoff]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranked: list[str], relevant: dict[str, int]) -> float:
    """1 / the rank of the first relevant entry; 0 when none is ranked."""
    return next((1 / rank for rank, entry in enumerate(ranked, 1) if entry in relevant), 0.0)


def ndcg_at(ranked: list[str], relevant: dict[str, int], cutoff: int = CUTOFF) -> float:
    """Discounted cumulative gain of the first `cutoff` (gain = grade, discount log2(rank + 1)), over the ideal's."""

    def dcg(grades: Iterable[int]) -> float:
        return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades, 1))

    ideal = dcg(sorted(relevant.values(), reverse=True)[:cutoff])
    return dcg(relevant.get(entry, 0) for entry in ranked[:cutoff]) / ideal


def scores(ranked: list[str], relevant: dict[str, int]) -> dict[str, float]:
    return {
        "recall@10": recall_at(ranked, relevant),
        "MRR": reciprocal_rank(ranked, relevant),
        "nDCG@10": ndcg_at(ranked, relevant),
    }


Ranker = Callable[[str, str], list[str]]  # (query text, mode) -> ranked entry ids


def evaluate(queries: list[JudgedQuery], modes: tuple[str, ...], ranker: Ranker) -> dict[str, dict[str, dict]]:
    """{mode: {query id: metric scores}} for every query in every mode."""
    return {mode: {query.id: scores(ranker(query.text, mode), query.relevant) for query in queries} for mode in modes}


def register_ranker(text: str, mode: str) -> list[str]:
    """The first CUTOFF entries the register's search gives (tipreg.search.rank: what users get), in `mode`."""
    from tipreg.search import rank
    from tipreg.search.query import parse_query

    return [entry for entry, _ in rank(parse_query(text), text, mode, CUTOFF, embed_missing=False).ranked]


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def report(queries: list[JudgedQuery], results: dict[str, dict[str, dict]]) -> str:
    """One table: each metric by mode, for all queries and for each query language."""
    modes = list(results)
    groups = [("all", queries)] + [
        (language, [query for query in queries if query.language == language])
        for language in sorted({query.language for query in queries})
    ]
    header = f"{'queries':<12}{'metric':<11}" + "".join(f"{mode:>10}" for mode in modes)
    lines = [header, "-" * len(header)]
    for name, members in groups:
        for metric in METRICS:
            row = [mean(results[mode][query.id][metric] for query in members) for mode in modes]
            label = f"{name} ({len(members)})" if metric == METRICS[0] else ""
            lines.append(f"{label:<12}{metric:<11}" + "".join(f"{value:>10.3f}" for value in row))
    return "\n".join(lines)


def missing_entries(queries: list[JudgedQuery]) -> list[str]:
    """Judged entry ids the open register does not hold."""
    from tipreg.store.models import Provision

    judged = {entry for query in queries for entry in query.relevant}
    return sorted(judged - set(Provision.objects.filter(id__in=judged).values_list("id", flat=True)))
