"""A large register for search benchmarks, made from variants of the sample register's real entries.

    .venv/bin/python bench/make_register.py --entries 100000 --db /tmp/register-100k.sqlite3 [--seed 1]

1. Embeds the bundled sample register once with the default model (about a minute; cached in
   bench/out/sample-vectors.npz): its 314 real entries and their real vectors are the bases.
2. Writes --entries entries, each a variant of one base: its text as repaired, and as printed with
   accents lost and OCR confusions at a seeded rate (`tipreg.synth`); a meeting, year and number;
   one source in a generated report of 500 entries; its keyword-index row; and a vector derived
   from the base's (`tipreg.synth.derived_vectors`: the base, part of another, noise, renormalised),
   stored with the hash of the entry's text, so the register counts as embedded and no search
   embeds anything.
3. Writes by bulk insert in batches of 20,000 (not through the ingestion pipeline: 10^6 entries are
   written in minutes, not days). SQLite registers only.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / "out" / "sample-vectors.npz"
VARIANTS = 8  # printed variants of each base text
BATCH = 20_000
PER_DOCUMENT = 500


@dataclass
class Base:
    kind: str
    language: str | None
    heading: str | None
    text: str
    vector: np.ndarray


def sample_bases(model_id: str) -> list[Base]:
    """The sample register's entries with their real vectors (embedded once, then read from the cache)."""
    if CACHE.exists():
        cached = np.load(CACHE, allow_pickle=False)
        if str(cached["model_id"]) == model_id:
            rows = json.loads(str(cached["entries"]))
            return [Base(*row, vector) for row, vector in zip(rows, cached["vectors"], strict=True)]
    from tipreg.corpus import sample_files
    from tipreg.services import ingest_paths

    with tempfile.TemporaryDirectory() as scratch:
        print("embedding the sample register (once) …", file=sys.stderr)
        ingest_paths(sample_files(), str(Path(scratch) / "sample.sqlite3"), progress=False)
        from tipreg.search.semantic import embed_register
        from tipreg.store.models import Provision
        from tipreg.store.vectors.models import Embedding

        embed_register()
        vectors = dict(Embedding.objects.filter(model_id=model_id).values_list("provision_id", "vector"))
        entries = list(Provision.objects.order_by("id").values_list("id", "kind", "language", "heading", "text"))
    rows = [list(entry[1:]) for entry in entries]
    matrix = np.vstack([np.frombuffer(bytes(vectors[entry[0]]), dtype="<f4") for entry in entries])
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE, model_id=model_id, entries=json.dumps(rows), vectors=matrix)
    return [Base(*row, vector) for row, vector in zip(rows, matrix, strict=True)]


def printed_variants(base: Base, rng: random.Random) -> list[str]:
    """How the base's text may look as printed: clean, accents partly lost, OCR confusions."""
    from tipreg.synth import ocr_noise, strip_accents

    variants = [base.text]
    while len(variants) < VARIANTS:
        text = strip_accents(base.text, rng, rate=rng.uniform(0.2, 1.0)) if rng.random() < 0.7 else base.text
        variants.append(ocr_noise(text, rng, rate=rng.uniform(0.05, 0.4)) if rng.random() < 0.5 else text)
    return variants


def write_register(db: str, entries: int, seed: int) -> dict:
    from django.db import connection, transaction

    from tipreg.embed import load_embedder, text_hash
    from tipreg.search.fold import fold_text
    from tipreg.search.keyword import FTS_TABLE
    from tipreg.search.semantic import embedded_text
    from tipreg.store import setup
    from tipreg.synth import derived_vectors

    model_id = load_embedder().model_id
    bases = sample_bases(model_id)  # before opening `db`: it may ingest the sample into a scratch register
    setup(db)
    if connection.vendor != "sqlite":
        raise SystemExit("make_register writes SQLite registers only")
    rng = random.Random(seed)
    printed = [printed_variants(base, rng) for base in bases]
    folded = [
        (fold_text(b.heading or ""), fold_text(b.text), [fold_text(v) for v in p])
        for b, p in zip(bases, printed, strict=True)
    ]
    hashes = [text_hash(embedded_text(base.heading, base.text)) for base in bases]
    matrix = np.vstack([base.vector for base in bases]).astype(np.float32)
    now = datetime.datetime.now(datetime.UTC).isoformat(" ")
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
    for start in range(0, entries, BATCH):
        count = min(BATCH, entries - start)
        vectors, parents = derived_vectors(matrix, count, seed=seed * 1_000_003 + start)
        rows = [entry_rows(start + i, bases, printed, folded, hashes, int(p), rng) for i, p in enumerate(parents)]
        with transaction.atomic(), connection.cursor() as cursor:
            insert_documents(cursor, start, count, now)
            cursor.executemany(
                "INSERT INTO store_provision (id, kind, language, meeting, year, number, number_key, heading, text, "
                "text_original, subitems, notes, repairs, fingerprint, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '[]', '[]', 0, %s, %s, %s)",
                [row["provision"] + (now, now) for row in rows],
            )
            cursor.executemany(
                "INSERT INTO store_source (provision_id, document_id, number, heading, span_start, span_end, "
                "text_original) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [row["source"] for row in rows],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, provision_id, heading, text, original) VALUES (%s, %s, %s, %s, %s)",
                [row["index"] for row in rows],
            )
            cursor.executemany(
                "INSERT INTO vectors_embedding (provision_id, model_id, text_hash, vector) VALUES (%s, %s, %s, %s)",
                [
                    (row["provision"][0], model_id, row["hash"], v.astype("<f4").tobytes())
                    for row, v in zip(rows, vectors, strict=True)
                ],
            )
        print(f"  {start + count:,} entries ({time.perf_counter() - began:.0f} s)", file=sys.stderr)
    return {"entries": entries, "seconds": round(time.perf_counter() - began, 1), "db_bytes": Path(db).stat().st_size}


def entry_rows(n: int, bases, printed, folded, hashes, parent: int, rng: random.Random) -> dict:
    from tipreg.search.keyword import index_rowid

    base = bases[parent]
    variant = rng.randrange(VARIANTS)
    pid = f"gen-{n:07d}"
    meeting = 1 + n // PER_DOCUMENT % 40
    number = str(1 + n % PER_DOCUMENT)
    original = printed[parent][variant]
    heading_folded, text_folded, originals_folded = folded[parent]
    digest = hashlib.sha256(pid.encode()).hexdigest()
    return {
        "provision": (
            pid,
            base.kind,
            base.language,
            meeting,
            2008 + meeting,
            number,
            number.zfill(8),
            base.heading,
            base.text,
            original,
            digest,
        ),
        "source": (pid, 1 + n // PER_DOCUMENT, number, base.heading, 0, len(original), original),
        "index": (index_rowid(pid), pid, heading_folded, text_folded, originals_folded[variant]),
        "hash": hashes[parent],
    }


def insert_documents(cursor, start: int, count: int, now: str) -> None:
    """The generated reports the batch's entries come from, one per PER_DOCUMENT entries."""
    first, last = start // PER_DOCUMENT, (start + count - 1) // PER_DOCUMENT
    cursor.executemany(
        "INSERT OR IGNORE INTO store_document (id, sha256, file, path, format, size, ocr, type, language, meeting, "
        "year, symbol, headings, text, warnings, noise_lines, ingested_at) "
        "VALUES (%s, %s, %s, %s, 'txt', 0, 0, 'meeting_report', 'es', %s, %s, %s, '[]', '', '[]', 0, %s)",
        [
            (
                d + 1,
                hashlib.sha256(f"generated-{d}".encode()).hexdigest(),
                f"generated-{d:05d}.txt",
                f"generated/{d:05d}.txt",
                1 + d % 40,
                2009 + d % 40,
                f"GEN/{d}",
                now,
            )
            for d in range(first, last + 1)
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--db", required=True, help="a new SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if Path(args.db).exists():
        raise SystemExit(f"{args.db} exists: make_register writes a new register")
    print(json.dumps(write_register(args.db, args.entries, args.seed)))


if __name__ == "__main__":
    main()
