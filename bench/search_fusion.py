"""How sensitive hybrid search is to its fusion settings, on the judged queries (eval/search/queries.jsonl).

Ranks each query once by keyword and by meaning (100 deep), then fuses the two lists with every combination of
the reciprocal-rank constant k, the semantic depth and the keyword:semantic weights, and prints nDCG@10 for all
queries and for the Spanish ones. Run by hand on an embedded sample register:

    .venv/bin/tipreg demo --db /tmp/sample.sqlite3
    .venv/bin/python bench/search_fusion.py --db /tmp/sample.sqlite3
"""

from __future__ import annotations

import argparse
from itertools import product
from pathlib import Path

from tipreg.search.evaluate import load_set, mean, ndcg_at
from tipreg.search.hybrid import RRF_K, SEMANTIC_DEPTH, WEIGHTS, fuse
from tipreg.search.keyword import keyword_index
from tipreg.search.query import parse_query
from tipreg.search.semantic import semantic_search
from tipreg.store import setup

KS = (10, 30, 60, 100)
DEPTHS = (20, 50, 100)
WEIGHT_CHOICES = ((1.0, 1.0), (2.0, 1.0), (1.0, 2.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an embedded sample register")
    parser.add_argument("--set", default="eval/search/queries.jsonl", type=Path)
    args = parser.parse_args()
    setup(args.db)
    queries = load_set(args.set)
    lists = {
        query.id: (
            [entry for entry, _ in keyword_index().search(parse_query(query.text), 100)],
            [
                entry
                for entry, _ in semantic_search(query.text, parse_query(query.text).filters, 100, embed_missing=False)
            ],
        )
        for query in queries
    }
    print(f"{'k':>4} {'depth':>6} {'weights':>9}  {'nDCG@10 all':>12} {'es':>7} {'en':>7}")
    for k, depth, weights in product(KS, DEPTHS, WEIGHT_CHOICES):
        scores = {}
        for query in queries:
            keyword, semantic = lists[query.id]
            # As tipreg.search.rank cuts them for a first page of 10: both lists `depth` deep.
            cut = [[(entry, 0.0) for entry in ranking[:depth]] for ranking in (keyword, semantic)]
            fused = fuse(cut, 10, k=k, weights=weights)
            scores[query.id] = ndcg_at([entry for entry, _ in fused], query.relevant)
        by = {lang: mean(scores[q.id] for q in queries if lang in (None, q.language)) for lang in (None, "es", "en")}
        chosen = " <- default" if (k, depth, weights) == (RRF_K, SEMANTIC_DEPTH, WEIGHTS) else ""
        print(
            f"{k:>4} {depth:>6} {weights[0]:>4.0f}:{weights[1]:<4.0f}  {by[None]:>12.3f} {by['es']:>7.3f} {by['en']:>7.3f}{chosen}"
        )


if __name__ == "__main__":
    main()
