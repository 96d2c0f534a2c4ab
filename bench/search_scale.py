"""Keyword, semantic and hybrid search latency on generated registers of 10^4 to 10^6 entries.

    .venv/bin/python bench/search_scale.py [--sizes 10000 100000 1000000] [--scratch DIR] [--repeats 3]

1. Makes (or reuses) a register of each size with bench/make_register.py: variants of the sample
   register's real entries, with vectors derived from their real ones.
2. For each size, in a fresh process (so that memory is its own): builds the approximate index
   (usearch HNSW) from the register and saves it beside it, then reads it back as a new process
   would; times `tipreg.search.search` end to end (ranking, loading the entries, snippets) in the
   three modes for typical queries, some with filters, with the approximate index and then, as the
   baseline measured in the same run, with the exact brute-force scan; keyword and hybrid again with
   FTS5 ranking every match instead of the term matrix (the keyword baseline); recall@10 of the
   approximate semantic results against the exact ones; memory and disk.
With --vectors-only N, the vector index alone on N derived vectors (no register: at 10^6 entries
writing the register takes longer than this machine's budget). Query vectors are computed once before timing (the model's cost per query is printed apart):
the benchmark measures search, not embedding. Each query runs on one BLAS thread (see main()).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ingest_search
from ingest_search import percentile

HERE = Path(__file__).resolve().parent
# The keyword benchmark's queries (plain, accent-free, OCR-damaged, typos), and two that only meaning finds.
QUERIES = [*ingest_search.QUERIES, "periodo de reflexion", "victim-centred approach"]
FILTERED = [("victimas", {"meeting": 4}), ("trata de personas", {"kind": "recommendation", "year": 2019})]
LIMIT = 20


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20 if path.exists() else 0.0


def measure(db: str, repeats: int) -> dict:
    """Runs in its own process: index build and load, latencies per mode, recall, memory."""
    import shutil

    from tipreg.embed import load_embedder
    from tipreg.search import search, semantic
    from tipreg.search.keyword import TERM_MATRICES
    from tipreg.search.query import Filters
    from tipreg.store import setup

    setup(db)
    before = rss_mb()
    began = time.perf_counter()
    TERM_MATRICES.build(db, wait=True)  # what a server builds in the background when the index changes
    term_matrix_s = time.perf_counter() - began
    embedder = load_embedder()
    vectors = {}
    began = time.perf_counter()
    for text, _ in [(q, {}) for q in QUERIES] + FILTERED:
        vectors[text] = embedder.embed_query(text)
    embed_ms = 1000 * (time.perf_counter() - began) / len(vectors)
    embedder.embed_query = vectors.__getitem__  # the model's cost is reported apart
    figures: dict = {"query_embedding_ms": round(embed_ms, 1), "rss_start_mb": round(rss_mb())}
    figures["term_matrix_build_s"], figures["term_matrix_memory_mb"] = round(term_matrix_s, 1), round(rss_mb() - before)

    # The first query of a process checks every entry for a missing or stale vector, once.
    began = time.perf_counter()
    semantic.embed_when_changed(embedder)
    figures["staleness_check_s"] = round(time.perf_counter() - began, 2)
    figures["rss_after_check_mb"] = round(rss_mb())

    shutil.rmtree(f"{db}.vectors", ignore_errors=True)
    semantic.ANN_MIN_ENTRIES = 0  # the graph at every size, to compare
    began = time.perf_counter()
    semantic.vector_index(embedder.model_id)
    figures["ann_build_and_save_s"] = round(time.perf_counter() - began, 1)
    ann_index, figures["ann_load_s"], figures["ann_memory_mb"] = opened_afresh(semantic, embedder.model_id)
    figures["ann_disk_mb"] = round(folder_mb(Path(f"{db}.vectors")), 1)
    figures["db_disk_mb"] = round(Path(db).stat().st_size / 2**20, 1)
    figures["ann"] = latencies(db, search, repeats)
    figures["ann"]["nearest"] = nearest_latency(ann_index, vectors, Filters, semantic)
    current = TERM_MATRICES.current
    TERM_MATRICES.current = lambda connection: None  # the keyword baseline: FTS5 ranks every match
    figures["fts5"] = latencies(db, search, repeats, modes=("keyword", "hybrid"))
    TERM_MATRICES.current = current

    semantic.ANN_MIN_ENTRIES = float("inf")  # the baseline: the exact scan
    exact_index, figures["exact_load_s"], figures["exact_memory_mb"] = opened_afresh(semantic, embedder.model_id)
    figures["exact"] = latencies(db, search, repeats, modes=("semantic", "hybrid"))
    figures["exact"]["nearest"] = nearest_latency(exact_index, vectors, Filters, semantic)
    figures["recall_at_10"] = round(recall(ann_index, exact_index, vectors, Filters, semantic), 4)
    return figures


def opened_afresh(semantic, model_id: str) -> tuple[object, float, int]:
    """The index as a new process opens it: the index, seconds taken, and the memory it added (MB)."""
    semantic._indexes.clear()
    before = rss_mb()
    began = time.perf_counter()
    index = semantic.vector_index(model_id)
    return index, round(time.perf_counter() - began, 2), round(rss_mb() - before)


def latencies(db: str, search, repeats: int, modes=("keyword", "semantic", "hybrid")) -> dict:
    results = {}
    for mode in modes:
        for text, filters in [(q, {}) for q in QUERIES] + FILTERED:
            search(text, db=db, mode=mode, limit=LIMIT, **filters)  # warm: caches, pages
        timings = []
        for _ in range(repeats):
            for text, filters in [(q, {}) for q in QUERIES] + FILTERED:
                began = time.perf_counter()
                search(text, db=db, mode=mode, limit=LIMIT, **filters)
                timings.append(1000 * (time.perf_counter() - began))
        results[mode] = {"p50_ms": round(statistics.median(timings), 1), "p95_ms": round(percentile(timings, 0.95), 1)}
    return results


def nearest_latency(index, vectors: dict, Filters, semantic) -> dict:
    """The vector index alone: the 50 nearest entries (hybrid's depth), filters applied."""
    timings = []
    for text, filters in [(q, {}) for q in QUERIES] + FILTERED:
        allowed = semantic.filtered_ids(Filters(**filters))
        began = time.perf_counter()
        index.nearest(vectors[text], allowed, 50)
        timings.append(1000 * (time.perf_counter() - began))
    return {"p50_ms": round(statistics.median(timings), 2), "p95_ms": round(percentile(timings, 0.95), 2)}


def recall(ann_index, exact_index, vectors: dict, Filters, semantic) -> float:
    found = total = 0
    for text, filters in [(q, {}) for q in QUERIES] + FILTERED:
        allowed = semantic.filtered_ids(Filters(**filters))
        truth = {pid for pid, _ in exact_index.nearest(vectors[text], allowed, 10)}
        found += len(truth & {pid for pid, _ in ann_index.nearest(vectors[text], allowed, 10)})
        total += len(truth)
    return found / total


def vectors_only(size: int) -> dict:
    """The vector index alone on `size` derived vectors, no register: build, memory, disk, latency, recall
    against the exact scan (for sizes whose register would take longer to write than to search)."""
    import numpy as np

    from make_register import sample_bases
    from tipreg.embed import load_embedder
    from tipreg.search.ann import _new_graph
    from tipreg.synth import derived_vectors

    embedder = load_embedder()
    bases = np.vstack([base.vector for base in sample_bases(embedder.model_id)]).astype(np.float32)
    data = np.vstack([derived_vectors(bases, min(100_000, size - s), seed=s)[0] for s in range(0, size, 100_000)])
    queries = np.vstack([embedder.embed_query(text) for text in QUERIES])
    graph = _new_graph(data.shape[1])
    began = time.perf_counter()
    graph.add(np.arange(size, dtype=np.uint64), data)
    figures = {"build_s": round(time.perf_counter() - began, 1), "memory_mb": round(graph.memory_usage / 2**20)}
    with tempfile.TemporaryDirectory() as scratch:
        graph.save(f"{scratch}/graph.usearch")
        figures["disk_mb"] = round(Path(f"{scratch}/graph.usearch").stat().st_size / 2**20)
    timings: dict[str, list[float]] = {"ann": [], "exact": []}
    found = 0
    for query in queries:
        began = time.perf_counter()
        keys = graph.search(query, 50, threads=1).keys
        timings["ann"].append(1000 * (time.perf_counter() - began))
        began = time.perf_counter()
        scores = data @ query
        best = np.argpartition(-scores, 50)[:50]
        best = best[np.argsort(-scores[best])]
        timings["exact"].append(1000 * (time.perf_counter() - began))
        found += len(set(keys[:10].tolist()) & set(best[:10].tolist()))
    for name, values in timings.items():
        figures[name] = {"p50_ms": round(statistics.median(values), 2), "p95_ms": round(percentile(values, 0.95), 2)}
    figures["recall_at_10"] = round(found / (10 * len(queries)), 4)
    figures["exact_matrix_mb"] = round(data.nbytes / 2**20)
    return figures


def ensure_register(scratch: Path, size: int) -> tuple[str, dict | None]:
    db = scratch / f"register-{size}.sqlite3"
    if db.exists():
        return str(db), None
    print(f"generating {size:,} entries …", file=sys.stderr)
    out = subprocess.run(
        [sys.executable, str(HERE / "make_register.py"), "--entries", str(size), "--db", str(db)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return str(db), json.loads(out.stdout.strip().splitlines()[-1])


def print_table(size: int, made: dict | None, figures: dict) -> None:
    print(f"\n## {size:,} entries")
    if made:
        print(f"generated in {made['seconds']} s")
    keys = ("query_embedding_ms", "term_matrix_build_s", "term_matrix_memory_mb", "staleness_check_s", "ann_build_and_save_s", "ann_load_s", "ann_memory_mb",
            "ann_disk_mb", "exact_load_s", "exact_memory_mb", "db_disk_mb", "recall_at_10")  # fmt: skip
    print("  " + ", ".join(f"{key} {figures[key]}" for key in keys))
    print("  | mode | index | p50 ms | p95 ms | p95 × exact |")
    print("  |---|---|---|---|---|")
    for mode in ("nearest", "keyword", "semantic", "hybrid"):
        ann = figures["ann"][mode]
        exact = figures["exact"].get(mode)
        ratio = f"{ann['p95_ms'] / exact['p95_ms']:.2f}" if exact else "–"
        fts5 = figures["fts5"].get(mode)
        index = {"keyword": "term matrix", "hybrid": "HNSW + term matrix"}.get(mode, "HNSW")
        label = "vector index alone" if mode == "nearest" else mode
        print(f"  | {label} | {index} | {ann['p50_ms']} | {ann['p95_ms']} | {ratio} |")
        if exact:
            print(f"  | {label} | exact (baseline) | {exact['p50_ms']} | {exact['p95_ms']} | 1.00 |")
        if fts5:
            print(f"  | {label} | FTS5 ranking every match | {fts5['p50_ms']} | {fts5['p95_ms']} | – |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--scratch", type=Path, help="where registers are kept between runs (default: a new one)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--vectors-only", type=int, metavar="N", help="the vector index alone on N derived vectors")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: the per-size process
    args = parser.parse_args()
    if args.vectors_only:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        print(json.dumps(vectors_only(args.vectors_only)))
        return
    if args.measure:
        # One BLAS thread per query, as a server answering queries side by side runs them: on a busy
        # 2-core machine OpenBLAS's threads wait on each other (a 2,000 × 384 scan: 0.1 ms alone, 1 to
        # 120 ms with two threads), which would slow the exact baseline and the query model unfairly.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        print(json.dumps(measure(args.measure, args.repeats)))
        return
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="tipreg-scale-"))
    scratch.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        db, made = ensure_register(scratch, size)
        out = subprocess.run(
            [sys.executable, __file__, "--measure", db, "--repeats", str(args.repeats)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        print_table(size, made, json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
