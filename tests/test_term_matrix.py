"""The term matrix ranks exactly as SQLite FTS5's bm25 does, and is used only while it matches the index."""

from __future__ import annotations

import random
import sqlite3

import pytest

from conftest import REC_SUBITEMS, REC_TEN, REC_WITNESSES, build_document
from tipreg.search.keyword import BM25_WEIGHTS, FTS_TABLE, TERM_MATRICES, TermMatrices, keyword_index
from tipreg.search.query import parse_query
from tipreg.search.termmatrix import Phrase, TermMatrix
from tipreg.store.writer import store_document

WORDS = [f"w{n}" for n in range(40)] + ["trata", "tratados", "trato", "victimas"]


def random_texts(rng: random.Random) -> tuple[str, str, str]:
    """A heading, a text and an original of skewed word frequencies (some words in most rows, as in the register)."""

    def text(n: int) -> str:
        return " ".join(WORDS[min(int(rng.expovariate(0.15)), len(WORDS) - 1)] for _ in range(n))

    return text(rng.randint(0, 4)), text(rng.randint(3, 40)), text(rng.randint(0, 60))


@pytest.fixture(scope="module")
def fts_and_matrix():
    rng = random.Random(7)
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(provision_id UNINDEXED, heading, text, original)")
    rows = [(f"e{n:04d}", random_texts(rng)) for n in range(600)]
    rows[0] = ("e0000", ("", "trata victimas w1 trata", ""))
    # Identical rows tie exactly: the order among them must still agree.
    rows += [(f"d{n:04d}", rows[0][1]) for n in range(5)]
    connection.executemany(f"INSERT INTO {FTS_TABLE} VALUES (?, ?, ?, ?)", [(pid, *texts) for pid, texts in rows])
    return connection, TermMatrix(rows, BM25_WEIGHTS[1:])


def fts5_ranking(connection: sqlite3.Connection, terms: list[list[Phrase]], limit: int) -> list[tuple[str, float]]:
    expression = " AND ".join(
        "(" + " OR ".join(f'"{phrase.text}"' + ("*" if phrase.prefix else "") for phrase in term) + ")"
        for term in terms
    )
    weights = ", ".join(map(str, BM25_WEIGHTS))
    rows = connection.execute(
        f"SELECT provision_id, bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH ? ORDER BY rank, provision_id LIMIT ?",
        [expression, limit],
    )
    return [(pid, -rank) for pid, rank in rows]


def test_the_matrix_gives_fts5s_entries_order_and_scores(fts_and_matrix):
    connection, matrix = fts_and_matrix
    rng = random.Random(11)
    for _ in range(200):
        terms = [
            [Phrase(rng.choice(WORDS)) for _ in range(rng.choice([1, 1, 2]))] for _ in range(rng.choice([1, 2, 3]))
        ]
        if rng.random() < 0.2:
            terms.append([Phrase("trat", prefix=True)])
        limit = rng.choice([1, 5, 50, 1000])
        expected = fts5_ranking(connection, terms, limit)
        ranked = matrix.rank(terms, limit)
        assert [pid for pid, _ in ranked] == [pid for pid, _ in expected], terms
        assert [score for _, score in ranked] == pytest.approx([score for _, score in expected], rel=1e-12)


def test_identical_rows_tie_and_go_by_id(fts_and_matrix):
    _, matrix = fts_and_matrix
    ranked = matrix.rank([[Phrase("trata")], [Phrase("victimas")]], 1000)
    copies = [(pid, score) for pid, score in ranked if pid.startswith("d") or pid == "e0000"]
    assert [pid for pid, _ in copies] == ["d0000", "d0001", "d0002", "d0003", "d0004", "e0000"]
    assert len({score for _, score in copies}) == 1
    positions = [pid for pid, _ in ranked].index("d0000"), [pid for pid, _ in ranked].index("e0000")
    assert positions[1] - positions[0] == 5  # together, nothing between them


def test_a_filter_mask_keeps_only_its_entries(fts_and_matrix):
    _, matrix = fts_and_matrix
    allowed = matrix.mask(["e0001", "e0002", "e0003", "nobody"])
    ranked = matrix.rank([[Phrase("w0")]], 10, allowed)
    assert ranked and {pid for pid, _ in ranked} <= {"e0001", "e0002", "e0003"}


def test_words_and_prefixes_found_nowhere_match_nothing(fts_and_matrix):
    _, matrix = fts_and_matrix
    assert matrix.rank([[Phrase("absent")]], 10) == []
    assert matrix.rank([[Phrase("zz", prefix=True)]], 10) == []
    assert matrix.rank([[Phrase("w0")], [Phrase("absent")]], 10) == []


def test_a_register_uses_its_matrix_only_while_the_index_is_unchanged(db, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(TermMatrices, "MIN_ENTRIES", 0)
    store_document(build_document("report9.txt", [REC_WITNESSES, REC_SUBITEMS]))
    TERM_MATRICES.build(db, wait=True)
    built = TERM_MATRICES.current(connection)
    assert built is not None and built.size == 2
    store_document(build_document("report10.txt", [REC_TEN], meeting=10, year=2020))
    assert TERM_MATRICES.current(connection) is None  # stale: FTS5 answers while a new one builds
    TERM_MATRICES.build(db, wait=True)
    rebuilt = TERM_MATRICES.current(connection)
    assert rebuilt is not None and rebuilt.size == 3
    index = keyword_index()
    with_matrix = index.search(parse_query("Estados"), 10)
    monkeypatch.setattr(TermMatrices, "MIN_ENTRIES", 10**9)
    TERM_MATRICES.build(db, wait=True)
    assert TERM_MATRICES.current(connection) is None  # under the threshold: FTS5 ranks
    by_fts5 = index.search(parse_query("Estados"), 10)
    assert [pid for pid, _ in by_fts5] == [pid for pid, _ in with_matrix] and len(with_matrix) >= 2
    assert [score for _, score in by_fts5] == pytest.approx([score for _, score in with_matrix], rel=1e-12)


def test_a_matrix_built_in_small_chunks_is_the_same_matrix(monkeypatch):
    from tipreg.search import termmatrix

    rng = random.Random(3)
    rows = [(f"e{n:03d}", random_texts(rng)) for n in range(80)]
    whole = TermMatrix(rows, BM25_WEIGHTS[1:])
    monkeypatch.setattr(termmatrix, "CHUNK", 7)
    chunked = TermMatrix(rows, BM25_WEIGHTS[1:])
    assert (whole.frequencies != chunked.frequencies).nnz == 0
    assert chunked.rank([[Phrase("w0")], [Phrase("w1")]], 20) == whole.rank([[Phrase("w0")], [Phrase("w1")]], 20)
