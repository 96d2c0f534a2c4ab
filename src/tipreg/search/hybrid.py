"""Reciprocal rank fusion: merges ranked lists whose scores are not comparable (bm25 and cosine)."""

from __future__ import annotations

RRF_K = 60  # the constant of Cormack et al. (2009): damps the weight of the very first ranks
SEMANTIC_DEPTH = 50  # nearest entries fused: every entry is near in some degree, so the list is cut
WEIGHTS = (1.0, 1.0)  # keyword, semantic


def fuse(
    rankings: list[list[tuple[str, float]]], limit: int, k: int = RRF_K, weights: tuple[float, ...] | None = None
) -> list[tuple[str, float]]:
    """Ids ranked by the sum of weight / (k + rank) over the lists holding them; ties keep first-list order."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or (1.0,) * len(rankings), strict=True):
        for rank, (item, _) in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])[:limit]


def fuse_keyword_first(
    keyword: list[tuple[str, float]], semantic: list[tuple[str, float]], limit: int
) -> list[tuple[str, float]]:
    """Hybrid ranking: keyword and semantic lists fused by weighted reciprocal rank, keyword first on ties."""
    return fuse([keyword, semantic], limit, weights=WEIGHTS)
