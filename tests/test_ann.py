"""The approximate vector index: recall against exact search, filters, and staying in sync with the register.

Vectors are synthetic (`tipreg.synth.derived_vectors` around seeded random bases that share a common
direction, as a sentence model's do), stored as real register entries and embeddings; the default
ANN threshold is lowered so that a few thousand entries already use the graph.
"""

from __future__ import annotations

import numpy as np
import pytest

from registers import new_register
from tipreg.embed import text_hash
from tipreg.search import ann, semantic
from tipreg.search.ann import AnnIndex
from tipreg.search.semantic import VectorIndex, vector_index
from tipreg.store import setup
from tipreg.store.models import Provision
from tipreg.store.vectors.models import Embedding, generation
from tipreg.synth import derived_vectors

MODEL = "test:synthetic-384"
ENTRIES = 4_000
DIMENSIONS = 384


def synthetic_bases(count: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(DIMENSIONS)
    bases = common + 0.6 * rng.standard_normal((count, DIMENSIONS))
    return (bases / np.linalg.norm(bases, axis=1, keepdims=True)).astype(np.float32)


BASES = synthetic_bases(200, seed=7)


def store_entries(vectors: np.ndarray, first: int = 0) -> list[str]:
    ids = [f"e{first + i:06d}" for i in range(len(vectors))]
    Provision.objects.bulk_create(
        Provision(id=pid, kind="recommendation", meeting=1 + i % 10, text=pid, text_original=pid, fingerprint=pid)
        for i, pid in enumerate(ids, start=first)
    )
    Embedding.objects.bulk_create(
        Embedding(provision_id=pid, model_id=MODEL, text_hash=text_hash(pid), vector=vector.astype("<f4").tobytes())
        for pid, vector in zip(ids, vectors, strict=True)
    )
    return ids


@pytest.fixture
def register(tmp_path, monkeypatch):
    monkeypatch.setattr(semantic, "ANN_MIN_ENTRIES", 1_000)
    target = setup(new_register(tmp_path, "ann"))
    monkeypatch.setattr(semantic, "_indexes", {})
    store_entries(derived_vectors(BASES, ENTRIES, seed=1)[0])
    monkeypatch.setenv("TIPREG_INDEX_DIR", str(tmp_path / "indexes"))
    return target


def recall_at_10(index, exact: VectorIndex, queries: np.ndarray, allowed: list[str] | None = None) -> float:
    found = 0
    for query in queries:
        truth = {pid for pid, _ in exact.nearest(query, allowed, 10)}
        found += len(truth & {pid for pid, _ in index.nearest(query, allowed, 10)})
    return found / (10 * len(queries))


def queries(count: int = 100) -> np.ndarray:
    return derived_vectors(BASES, count, seed=2)[0]


def test_the_graph_finds_what_exact_search_finds(register):
    index = vector_index(MODEL)
    assert isinstance(index, AnnIndex) and index.size == ENTRIES
    assert recall_at_10(index, VectorIndex(MODEL), queries()) >= 0.95


def test_small_registers_are_searched_exactly(register, monkeypatch):
    monkeypatch.setattr(semantic, "ANN_MIN_ENTRIES", ENTRIES + 1)
    assert isinstance(vector_index(MODEL), VectorIndex)


@pytest.mark.parametrize("exact_subset", [0, 10_000], ids=["graph-then-filter", "exact-among-allowed"])
def test_filters_apply_to_approximate_search(register, monkeypatch, exact_subset):
    monkeypatch.setattr(ann, "EXACT_SUBSET", exact_subset)
    index, exact = vector_index(MODEL), VectorIndex(MODEL)
    allowed = list(Provision.objects.filter(meeting__in=[1, 2, 3]).values_list("id", flat=True))
    for query in queries(20):
        hits = index.nearest(query, allowed, 10)
        assert len(hits) == 10 and {pid for pid, _ in hits} <= set(allowed)
    assert recall_at_10(index, exact, queries(), allowed) >= 0.95


def test_new_changed_and_removed_vectors_reach_the_index(register):
    index = vector_index(MODEL)
    before = generation(f"vectors:{MODEL}")
    rng = np.random.default_rng(3)
    newcomer = synthetic_bases(1, seed=99)[0]  # far from every stored vector
    [added] = store_entries(newcomer[None], first=ENTRIES)
    assert generation(f"vectors:{MODEL}") > before
    assert vector_index(MODEL) is index  # synced in place, not rebuilt
    assert index.nearest(newcomer, None, 1)[0][0] == added

    moved = rng.standard_normal(DIMENSIONS).astype(np.float32)
    moved /= np.linalg.norm(moved)
    Embedding.objects.filter(provision_id="e000005").update(vector=moved.tobytes(), text_hash=text_hash("changed"))
    assert vector_index(MODEL).nearest(moved, None, 1)[0][0] == "e000005"

    Provision.objects.filter(pk=added).delete()
    hits = vector_index(MODEL).nearest(newcomer, None, 5)
    assert added not in {pid for pid, _ in hits} and index.size == ENTRIES


def test_the_saved_graph_is_read_back_and_caught_up(register, monkeypatch):
    vector_index(MODEL)  # built and saved
    path = semantic.index_path(MODEL)
    assert path.exists() and path.with_name(path.name + ".json").exists()
    newcomer = synthetic_bases(1, seed=98)[0]
    [added] = store_entries(newcomer[None], first=ENTRIES)  # written while no process holds the index

    def no_rebuild(self):
        raise AssertionError("the saved graph should have been read, not rebuilt")

    monkeypatch.setattr(semantic, "_indexes", {})
    monkeypatch.setattr(AnnIndex, "build", no_rebuild)
    index = vector_index(MODEL)
    assert index.size == ENTRIES + 1
    assert index.nearest(newcomer, None, 1)[0][0] == added
    assert recall_at_10(index, VectorIndex(MODEL), queries(30)) >= 0.95


def test_a_damaged_index_file_is_rebuilt(register, monkeypatch):
    vector_index(MODEL)
    path = semantic.index_path(MODEL)
    path.write_bytes(b"not a graph")
    monkeypatch.setattr(semantic, "_indexes", {})
    assert vector_index(MODEL).size == ENTRIES
    assert AnnIndex.load(path, MODEL) is not None  # and saved again whole


def test_triggers_count_changes_to_entries_and_vectors(register):
    provisions, vectors = generation("provisions"), generation(f"vectors:{MODEL}")
    Provision.objects.filter(pk="e000001").update(updated_at="2026-01-01T00:00:00Z")  # not a text change
    assert generation("provisions") == provisions
    Provision.objects.filter(pk="e000001").update(text="changed")
    assert generation("provisions") == provisions + 1
    Embedding.objects.filter(provision_id="e000002").delete()
    assert generation(f"vectors:{MODEL}") == vectors + 1
    assert generation("vectors:another-model") == 0


def test_triggers_lost_to_a_table_rebuild_come_back_with_the_next_migrate(register):
    from django.core.management import call_command
    from django.db import connection

    from tipreg.store.vectors.triggers import remove_triggers

    remove_triggers(connection)  # what rebuilding the tables (a later SQLite migration) does to them
    before = generation("provisions")
    call_command("migrate", verbosity=0, interactive=False)
    Provision.objects.filter(pk="e000001").update(text="changed again")
    assert generation("provisions") == before + 1
