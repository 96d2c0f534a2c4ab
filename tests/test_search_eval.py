"""The search evaluation: metrics checked against hand-computed values, the judged set, the command, the aim."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tipreg.cli import main
from tipreg.search import MODES
from tipreg.search.evaluate import (
    evaluate,
    load_set,
    mean,
    missing_entries,
    ndcg_at,
    recall_at,
    reciprocal_rank,
    register_ranker,
)
from tipreg.store import setup

# The first test to use `embedded_sample` embeds the 327 sample entries: minutes on a busy 2-core machine.
pytestmark = pytest.mark.timeout(900)

JUDGED = Path(__file__).parents[1] / "eval" / "search" / "queries.jsonl"


def test_metrics_of_a_hand_computed_ranking():
    relevant = {"a": 2, "b": 1, "c": 2, "d": 1}  # d is never ranked
    ranked = ["a", "x", "b", "y", "c"]
    assert recall_at(ranked, relevant) == 0.75  # 3 of the 4
    assert reciprocal_rank(ranked, relevant) == 1.0
    assert reciprocal_rank(["x", "y", "b"], relevant) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], relevant) == 0.0
    # DCG = 2/log2(2) + 1/log2(4) + 2/log2(6) = 2 + 0.5 + 0.773706 = 3.273706
    # ideal (grades 2, 2, 1, 1) = 2 + 2/log2(3) + 1/log2(4) + 1/log2(5) = 2 + 1.261860 + 0.5 + 0.430677 = 4.192537
    assert ndcg_at(ranked, relevant) == pytest.approx(3.273706 / 4.192537, abs=1e-6)
    # Only the first 10 count: a relevant entry at rank 11 adds nothing to recall or nDCG.
    late = [f"x{i}" for i in range(10)] + ["a"]
    assert recall_at(late, relevant) == 0.0 and ndcg_at(late, relevant) == 0.0


def test_a_judged_set_with_a_bad_line_is_refused_with_its_line_number(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "q1", "query": "trata", "language": "es", "relevant": {"rec-m01-x": 2}}\n{"id": "q2"}\n')
    with pytest.raises(ValueError, match=r"set\.jsonl:2: not a judged query"):
        load_set(path)
    path.write_text('{"id": "q1", "query": "trata", "language": "es", "relevant": {}}\n')
    with pytest.raises(ValueError, match=r"set\.jsonl:1: 'relevant' needs at least one entry"):
        load_set(path)


def test_the_judged_set_is_written_as_users_write_over_entries_of_the_sample_register(embedded_sample):
    queries = load_set(JUDGED)
    assert len(queries) >= 40 and len({query.id for query in queries}) == len(queries)
    assert {language: sum(q.language == language for q in queries) for language in ("es", "en")} == {"es": 30, "en": 30}
    for query in queries:
        assert unicodedata.normalize("NFD", query.text).isascii(), query.text  # no accents
        assert query.text == query.text.lower() and len(query.text.split()) <= 10, query.text
    rows = [json.loads(line) for line in JUDGED.read_text("utf-8").splitlines()]
    assert sum(row["wording"] == "paraphrase" for row in rows) >= 10
    setup(embedded_sample)
    assert missing_entries(queries) == []  # judged ids are stable ids of the sample register


def test_hybrid_meets_the_aim_on_the_judged_set(embedded_sample):
    """Hybrid nDCG@10 at least 0.10 above keyword alone, and never below it on the Spanish queries."""
    setup(embedded_sample)
    queries = load_set(JUDGED)
    results = evaluate(queries, ("keyword", "hybrid"), register_ranker)

    def ndcg(mode: str, language: str | None = None) -> float:
        chosen = [query for query in queries if language in (None, query.language)]
        return mean(results[mode][query.id]["nDCG@10"] for query in chosen)

    assert ndcg("hybrid") >= ndcg("keyword") + 0.10
    assert ndcg("hybrid", "es") >= ndcg("keyword", "es")


def test_evaluate_search_prints_the_metrics_by_mode_and_language(embedded_sample, tmp_path):
    small = tmp_path / "small.jsonl"
    judged = [
        # keyword: only rec-m08-00d6a3fa60, which prints "períodos de reflexión" ("reflexión" is not in the
        # other entry); semantic ranks the first at 2 and the second past 10, hybrid at 3 and 1.
        {"id": "q1", "query": "periodo de reflexion", "language": "es", "relevant": {"rec-m04-d2bc873a21": 2}},
        # keyword: the one entry printing "Blue Heart"; semantic and hybrid: it, a paragraph of the 2011
        # background paper, then rec-m09-6796017d80.
        {"id": "q2", "query": "blue heart", "language": "en", "relevant": {"rec-m04-9c0cfb7c65": 2}},
    ]
    judged[0]["relevant"]["rec-m08-00d6a3fa60"] = 1
    judged[1]["relevant"]["rec-m09-6796017d80"] = 1
    small.write_text("".join(json.dumps(row) + "\n" for row in judged))
    result = CliRunner().invoke(main, ["evaluate", "search", "--set", str(small), "--db", embedded_sample])
    assert result.exit_code == 0, result.output
    table = {}
    group = None
    for line in result.output.splitlines()[2:]:
        cells = line.split()
        if cells[0] in ("all", "es", "en"):
            group, cells = cells[0], cells[2:]  # "all (2)"
        table[(group, cells[0])] = [float(value) for value in cells[1:]]
    assert list(MODES) == ["keyword", "semantic", "hybrid"]  # the columns, in this order
    # q1: keyword finds the grade-1 entry only, at rank 1: recall 0.5, MRR 1, nDCG = 1 / (2 + 1/log2(3)) =
    #   1 / 2.630930 = 0.380094. Semantic finds the grade-2 entry only, at rank 2 (after a paragraph of the 2011
    #   background paper on the meetings' "períodos de sesiones"): recall 0.5, MRR 0.5, nDCG = (2/log2(3)) /
    #   2.630930 = 0.479627. Hybrid: the grade-1 entry first (keyword's first), the grade-2 one third: recall 1,
    #   MRR 1, nDCG = (1 + 2/log2(4)) / 2.630930 = 2 / 2.630930 = 0.760189.
    # q2: keyword finds the grade-2 entry only: recall 0.5, MRR 1, nDCG = 2 / 2.630930 = 0.760189.
    #   Semantic and hybrid rank them first and third: recall 1, MRR 1, nDCG = (2 + 1/log2(4)) / 2.630930 = 0.950234.
    assert table[("es", "recall@10")] == [0.5, 0.5, 1.0]
    assert table[("es", "MRR")] == [1.0, 0.5, 1.0]
    assert table[("es", "nDCG@10")] == [0.38, 0.48, 0.76]
    assert table[("en", "recall@10")] == [0.5, 1.0, 1.0]
    assert table[("en", "MRR")] == [1.0, 1.0, 1.0]
    assert table[("en", "nDCG@10")] == [0.76, 0.95, 0.95]
    assert table[("all", "recall@10")] == [0.5, 0.75, 1.0]
    assert table[("all", "MRR")] == [1.0, 0.75, 1.0]
    # (0.380094 + 0.760189) / 2; (0.479627 + 0.950234) / 2; (0.760189 + 0.950234) / 2
    assert table[("all", "nDCG@10")] == [0.57, 0.715, 0.855]


def test_evaluate_search_refuses_a_set_it_cannot_read(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    result = CliRunner().invoke(main, ["evaluate", "search", "--set", str(bad), "--db", str(tmp_path / "r.sqlite3")])
    assert result.exit_code == 1 and "bad.jsonl:1: not a judged query" in result.output
