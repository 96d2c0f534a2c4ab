"""Bounded load on the local web server: the search page and the search API, two register sizes.

    .venv/bin/python bench/web_load.py [--entries 10000] [--concurrency 4] [--requests 400] [--seconds 60] [--workers 1 2]
        [--register R.sqlite3 ...]   (registers made by bench/make_register.py, instead of ingesting one)

1. Builds two registers in a scratch folder: the bundled sample (`tipreg demo`) and a generated one
   of at least --entries recommendations (reports of 500 recommendations each, every one a new
   combination of sentences of the real ones, numbered and spread over 40 meetings).
2. For each register and each --workers count, starts `tipreg serve --workers N` on 127.0.0.1 (loopback
   only; 1 is waitress, more is gunicorn) and sends, from
   --concurrency threads with keep-alive connections, --requests requests to each target, stopping
   after --seconds whatever happens: the search page and the search API with queries written as
   users write them, and, as the baseline measured in the same run, a static file (the floor: the
   server and the client, no register work).
3. Prints requests/s and p50/p95/p99 latency per target, and each target's p95 as a multiple of the
   baseline's. Aim: p95 under 200 ms at 10,000 recommendations on a 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

QUERIES = [
    "trata de personas",
    "victimas",
    "ninas",
    "indemnizacion",
    "explotacion laboral",
    "cadenas de suministro",
    "contratacion publica",
    "cooperacion internacional",
    "asistencia tecnica",
    "personal diplomatico",
    "trabajadores domesticos",
    "no sancionar",
    "tecnologia",
    "datos",
    "migrantes",
    "victimsa",  # typo
]
TIPREG = str(Path(sys.executable).with_name("tipreg"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def sentences_of_recommendations() -> list[str]:
    """Sentences of the sample corpus' recommendations, the material generated reports are made of."""
    from tipreg.corpus import sample_files
    from tipreg.pipeline import process_file

    sentences = []
    for path in sample_files():
        for provision in process_file(path).provisions:
            if provision.kind == "recommendation":
                sentences += [s for s in re.split(r"(?<=[.;:])\s+", provision.text) if len(s) > 40]
    return sentences


def write_generated_reports(folder: Path, entries: int, rng: random.Random) -> None:
    sentences = sentences_of_recommendations()
    per_report = 500
    for report in range(-(-entries // per_report)):
        meeting = report % 40 + 1
        body = [
            f"Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas (documento {report})",
            "II. Recomendaciones",
            f"1. En su {meeting}ª reunión, celebrada en Viena el 1 de marzo de {2000 + meeting}, el Grupo de "
            "Trabajo aprobó las recomendaciones que figuran a continuación.",
        ]
        for number in range(1, per_report + 1):
            text = " ".join(rng.sample(sentences, 2))
            body += [f"Recomendación {number}", f"{text} (Registro {report}-{number}.)"]
        body += ["III. Resumen de las deliberaciones", "2. Muchos oradores intervinieron."]
        (folder / f"generated-{report:03d}.txt").write_text("\n\n".join(body) + "\n", encoding="utf-8")


def build_registers(scratch: Path, entries: int, large_registers: list[str]) -> dict[str, str]:
    sample = str(scratch / "sample.sqlite3")
    subprocess.run([TIPREG, "demo", "--db", sample], check=True, stdout=subprocess.DEVNULL)
    if large_registers:  # made by bench/make_register.py: embedded, so hybrid search runs in full
        return {"sample": sample, **{f"{Path(db).name} (make_register)": db for db in large_registers}}
    generated_folder = scratch / "generated"
    generated_folder.mkdir()
    write_generated_reports(generated_folder, entries, random.Random(1))
    large = str(scratch / "large.sqlite3")
    print(f"ingesting ≥ {entries} generated recommendations …", file=sys.stderr)
    subprocess.run(
        [TIPREG, "ingest", str(generated_folder), "--db", large, "--no-progress"], check=True, stdout=subprocess.DEVNULL
    )
    return {"sample": sample, f"{entries} generated": large}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: str, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [TIPREG, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def load(port: int, paths: list[str], total: int, concurrency: int, seconds: float) -> tuple[list[float], float, int]:
    """Latencies (ms) of `total` GETs spread over `concurrency` threads, wall time, and failures."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    counter = iter(range(total))
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        nonlocal failures
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in counter:
            if time.monotonic() > stop_at:
                break
            began = time.perf_counter()
            try:
                connection.request("GET", paths[i % len(paths)], headers={"Accept-Language": "es"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                failures += not ok
        connection.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="server processes, one run each")
    parser.add_argument(
        "--register",
        action="append",
        default=[],
        help="a register from bench/make_register.py, instead of ingesting one",
    )
    args = parser.parse_args()
    targets = {
        "static file (baseline)": ["/static/register/site.css"],
        "search page": [f"/search?q={quote(q)}" for q in QUERIES],
        "search API": [f"/api/search?q={quote(q)}" for q in QUERIES],
    }
    lines = []
    with tempfile.TemporaryDirectory() as scratch:
        for (name, db), workers in itertools.product(
            build_registers(Path(scratch), args.entries, args.register).items(), args.workers
        ):
            port = free_port()
            server = start_server(db, port, workers)
            try:
                for paths in targets.values():  # warm-up: caches, first connections
                    load(port, paths, 2 * len(paths), 2, args.seconds)
                lines.append(f"\nregister: {name}; {workers} server process(es); {args.concurrency} concurrent clients")
                lines.append(f"{'target':<24}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
                             f"{'failed':>7}{'p95 × base':>11}")  # fmt: skip
                base_p95 = None
                for target, paths in targets.items():
                    latencies, wall, failed = load(port, paths, args.requests, args.concurrency, args.seconds)
                    p95 = percentile(latencies, 0.95)
                    base_p95 = base_p95 or p95
                    lines.append(
                        f"{target:<24}{len(latencies):>9}{len(latencies) / wall:>8.1f}"
                        f"{percentile(latencies, 0.5):>8.1f}{p95:>8.1f}{percentile(latencies, 0.99):>8.1f}"
                        f"{failed:>7}{p95 / base_p95:>11.1f}"
                    )
            finally:
                server.terminate()
                server.wait(timeout=30)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
