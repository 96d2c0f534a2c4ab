"""Ingestion throughput, peak memory and keyword-search latency on a generated corpus.

    .venv/bin/python bench/ingest_search.py [--mb 50] [--jobs 1] [--corpus DIR] [--out bench/out]

1. Writes (or reuses) a corpus of variants of the five seeds with bench/make_corpus.py: .txt in
   every quality, text-layer PDFs, DOCX and HTML (at least 50 MB by default).
2. Measures, each phase in a fresh process so that its peak memory is its own:
   - `read`: reading and decoding every file (the baseline: what any reader must do);
   - `pipeline`: read → normalize → segment → repair, no storage;
   - `ingest`: `tipreg ingest` end to end into a new SQLite register.
   Ratios are against the `read` baseline measured in the same run. Each phase reports wall time and
   CPU time (its own and its workers'): on a shared machine the CPU time is the steadier measure.
3. Times keyword searches on the resulting register (typical queries, accent-free, OCR-damaged,
   typos, filters): p50/p95 over repeated runs, against a bare FTS5 MATCH on the same index.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = [
    "trata de personas",
    "niñas",
    "ninas",
    "nifias",  # OCR
    "indemnizacion",
    "victimas",
    "explotacion laboral",
    "cadenas de suministro",
    "contratacion publica",
    "personal diplomatico y consular",
    "trabajadores domesticos",
    "no sancionar ni enjuiciar",
    '"equipos conjuntos de investigacion"',
    "tecnologia internet",
    "extraccion de organos",
    "recopilacion de datos",
    "asistencia tecnica",
    "cooperacion internacional",
    "proteccion de testigos",
    "sociedad civil",
    "indemnisacion",  # typo
    "victimsa",  # typo
    "conciencizacion",  # typo
    "refugio seguro",
    "medios de comunicacion",
    "mujeres y niños",
    "migrantes",
    "Secretaria debería",
    "fondo fiduciario",
    "derechos humanos",
]
FILTERED = [("victimas", {"meeting": 1}), ("trata", {"kind": "recommendation", "year": 2019}),
            ("cooperacion", {"document_type": "compilation"})]  # fmt: skip
REPEATS = 5


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # ru_maxrss is in KiB on Linux


def cpu_seconds() -> float:
    """CPU time of this process and its children: on a shared machine, wall time also counts the
    time spent waiting for a core, CPU time only the work done."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def corpus_files(corpus: Path) -> list[Path]:
    from tipreg.read import collect_files

    files, _ = collect_files([corpus])
    return files


def phase_read(corpus: Path, _db: Path, _jobs: int) -> dict:
    from tipreg.model import ReadError
    from tipreg.read import read_file

    files = corpus_files(corpus)
    began, cpu, failed = time.perf_counter(), cpu_seconds(), 0
    for path in files:
        try:
            read_file(path)
        except ReadError:
            failed += 1
    return {"seconds": time.perf_counter() - began, "cpu": cpu_seconds() - cpu, "files": len(files), "failed": failed}


def phase_pipeline(corpus: Path, _db: Path, _jobs: int) -> dict:
    from tipreg.model import ReadError
    from tipreg.pipeline import process_file

    files = corpus_files(corpus)
    began, cpu, provisions = time.perf_counter(), cpu_seconds(), 0
    for path in files:
        with contextlib.suppress(ReadError):
            provisions += len(process_file(path).provisions)
    return {
        "seconds": time.perf_counter() - began,
        "cpu": cpu_seconds() - cpu,
        "files": len(files),
        "provisions": provisions,
    }


def phase_ingest(corpus: Path, db: Path, jobs: int) -> dict:
    from tipreg.services import ingest_paths

    began, cpu = time.perf_counter(), cpu_seconds()
    report = ingest_paths([corpus], str(db), jobs=jobs, progress=True, errors=sys.stderr)
    if jobs > 1:
        # The workers are children of the fork server, which outlives the pool: stop it (a private but
        # stable method) so that the workers' CPU time and memory are counted among this process's children.
        from multiprocessing import forkserver

        forkserver._forkserver._stop()
    return {
        "seconds": time.perf_counter() - began,
        "cpu": cpu_seconds() - cpu,
        "files": len(report.outcomes),
        "stored": report.count("stored"),
        "unchanged": report.count("unchanged"),
        "failed": report.count("failed"),
        "new_entries": sum(o.new_entries for o in report.outcomes),
        "matched": sum(o.matched_entries for o in report.outcomes),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def phase_search(_corpus: Path, db: Path, _jobs: int) -> dict:
    from tipreg.store import setup

    setup(str(db))
    from django.db import connection

    from tipreg.search import search
    from tipreg.search.keyword import FTS_TABLE
    from tipreg.store.models import Provision

    cases = [(q, {}) for q in QUERIES] + FILTERED
    for query, filters in cases:  # warm caches once, as a running server would be
        search(query, db=str(db), **filters)
    timings, hits = [], 0
    for _ in range(REPEATS):
        for query, filters in cases:
            began = time.perf_counter()
            hits += len(search(query, db=str(db), **filters))
            timings.append((time.perf_counter() - began) * 1000)
    bare = []
    with connection.cursor() as cursor:
        for _ in range(REPEATS):
            for word in ("trata", "victimas", "cooperacion", "ninas", "tecnologia"):
                began = time.perf_counter()
                cursor.execute(
                    f"SELECT provision_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT 20", [word]
                )
                cursor.fetchall()
                bare.append((time.perf_counter() - began) * 1000)
    return {
        "entries": Provision.objects.count(),
        "queries": len(timings),
        "hits": hits,
        "p50_ms": percentile(timings, 0.5),
        "p95_ms": percentile(timings, 0.95),
        "max_ms": max(timings),
        "bare_fts_p50_ms": statistics.median(bare),
        "bare_fts_p95_ms": percentile(bare, 0.95),
    }


PHASES = {"read": phase_read, "pipeline": phase_pipeline, "ingest": phase_ingest, "search": phase_search}


def run_phase(name: str, corpus: Path, db: Path, jobs: int) -> dict:
    """Run one phase in a fresh interpreter and return its figures."""
    command = [sys.executable, __file__, "--phase", name, "--corpus", str(corpus), "--db", str(db), "--jobs", str(jobs)]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def make_corpus(out: Path, megabytes: int) -> None:
    print(f"writing a {megabytes} MB corpus to {out} …", file=sys.stderr)
    subprocess.run(
        [sys.executable, str(HERE / "make_corpus.py"), "--out", str(out), "--mb", str(megabytes), "--seed", "1"],
        check=True,
    )


def report(corpus: Path, figures: dict[str, dict], jobs: int) -> str:
    files = [p for p in corpus.rglob("*") if p.is_file() and p.name != "manifest.jsonl"]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    base = figures["read"]["seconds"]
    lines = [f"corpus: {len(files)} files, {megabytes:.1f} MB ({corpus}); ingest jobs: {jobs}", ""]
    lines.append(
        f"{'phase':<10}{'seconds':>9}{'MB/s':>8}{'docs/s':>8}{'peak MB':>9}{'× read':>8}{'CPU s':>8}{'MB/CPU s':>10}"
    )
    for name in ("read", "pipeline", "ingest"):
        f = figures[name]
        lines.append(
            f"{name:<10}{f['seconds']:>9.1f}{megabytes / f['seconds']:>8.2f}{f['files'] / f['seconds']:>8.1f}"
            f"{f['peak_mb']:>9.0f}{f['seconds'] / base:>8.1f}{f['cpu']:>8.1f}{megabytes / f['cpu']:>10.2f}"
        )
    ingest = figures["ingest"]
    lines.append(
        f"\ningest: {ingest['stored']} stored, {ingest['unchanged']} unchanged, {ingest['failed']} failed; "
        f"{ingest['new_entries']} register entries, {ingest['matched']} provisions matched existing entries"
    )
    lines.append(
        f"ingest per core: {megabytes / ingest['seconds'] / jobs:.2f} MB/s of wall time per job, "
        f"{megabytes / ingest['cpu']:.2f} MB per CPU second (aim ≥ 1 MB/s)"
    )
    s = figures["search"]
    lines.append(
        f"\nsearch on {s['entries']} entries, {s['queries']} timed queries: p50 {s['p50_ms']:.1f} ms, "
        f"p95 {s['p95_ms']:.1f} ms, max {s['max_ms']:.1f} ms (aim p95 < 50 ms)"
    )
    lines.append(
        f"bare FTS5 MATCH baseline: p50 {s['bare_fts_p50_ms']:.2f} ms, p95 {s['bare_fts_p95_ms']:.2f} ms; "
        f"tipreg search p50 is {s['p50_ms'] / s['bare_fts_p50_ms']:.0f}× the bare match "
        "(typo widening, filters, snippets, loading sources)"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="reuse a corpus written by bench/make_corpus.py")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where the report is written")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        figures = PHASES[args.phase](args.corpus, args.db, args.jobs)
        figures["peak_mb"] = peak_rss_mb()
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus or Path(scratch) / "corpus"
        if args.corpus is None:
            make_corpus(corpus, args.mb)
        db = Path(scratch) / "bench.sqlite3"
        figures = {name: run_phase(name, corpus, db, args.jobs) for name in PHASES}
        text = report(corpus, figures, args.jobs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest_search.txt").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
