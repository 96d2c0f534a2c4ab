"""Reciprocal rank fusion: merges ranked lists whose scores are not comparable (bm25 and cosine)."""

from __future__ import annotations

RRF_K = 60  # the constant of Cormack et al. (2009): damps the weight of the very first ranks


def fuse(rankings: list[list[tuple[str, float]]], limit: int, k: int = RRF_K) -> list[tuple[str, float]]:
    """Ids ranked by the sum of 1 / (k + rank) over the lists holding them; ties keep first-list order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, (item, _) in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])[:limit]
