"""How long the index and the compilation take as the register grows (tipreg publish, and the web's downloads).

    .venv/bin/python bench/publish_scale.py [--copies 1 4 16] [--formats md html docx pdf]

The sample register (314 entries, 252 recommendations) is ingested once; a register of k copies repeats its
recommendations under k x 11 meetings (copy j's meeting m becomes m + 11 j, its year + 12 j), each with its
sources, computed labels and label values, so the publications have k times the sections, entries and notes.
Each (copies, document, format) is built and written once, as `tipreg publish` does, timed from reading the
register to the file written. The ratios are to the one-copy register, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEETINGS_PER_COPY = 11
YEARS_PER_COPY = 12


def sample_register(folder: Path) -> str:
    from tipreg.corpus import sample_files
    from tipreg.services import ingest_paths

    os.environ["TIPREG_EMBED"] = "0"  # vectors play no part in publishing
    db = str(folder / "sample.sqlite3")
    report = ingest_paths(sample_files(), db, progress=False)
    assert not report.failed, report.failed
    return db


def copy_recommendations(copies: int) -> int:
    """Add copies 1 … copies-1 of the sample's recommendations; returns the recommendations in the register."""
    from django.db.models import F

    from tipreg.store.labels.models import ComputedLabels, LabelValue
    from tipreg.store.models import Provision, Source

    originals = list(Provision.objects.filter(kind="recommendation", meeting__isnull=False))
    sources = {source.provision_id: source for source in Source.objects.filter(provision__in=originals)}
    labels = {row.provision_id: row for row in ComputedLabels.objects.filter(provision__in=originals, path="")}
    values = list(LabelValue.objects.filter(provision__in=originals))
    for copy in range(1, copies):
        suffix = f"-c{copy}"
        Provision.objects.bulk_create(
            Provision(
                **{f.attname: getattr(p, f.attname) for f in Provision._meta.concrete_fields if f.attname != "id"},
                id=p.pk + suffix,
            )
            for p in originals
        )
        Provision.objects.filter(pk__endswith=suffix).update(
            meeting=F("meeting") + MEETINGS_PER_COPY * copy, year=F("year") + YEARS_PER_COPY * copy
        )
        Source.objects.bulk_create(
            Source(
                **{f.attname: getattr(s, f.attname) for f in Source._meta.concrete_fields if f.attname != "id"}
                | {"provision_id": s.provision_id + suffix}
            )
            for s in sources.values()
        )
        ComputedLabels.objects.bulk_create(
            ComputedLabels(
                **{
                    f.attname: getattr(row, f.attname)
                    for f in ComputedLabels._meta.concrete_fields
                    if f.attname != "id"
                }
                | {"provision_id": row.provision_id + suffix}
            )
            for row in labels.values()
        )
        LabelValue.objects.bulk_create(
            LabelValue(provision_id=value.provision_id + suffix, field=value.field, value=value.value)
            for value in values
        )
    return Provision.objects.filter(kind="recommendation", meeting__isnull=False).count()


def timed(kind: str, output: str, db: str, folder: Path) -> float:
    from tipreg.publish import publish

    started = time.perf_counter()
    publish(kind, output, folder / f"{kind}.{output}", "en", db)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--formats", nargs="+", default=["md", "html", "docx", "pdf"])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipreg-bench-publish-") as scratch:
        folder = Path(scratch)
        print("ingesting the sample register …", file=sys.stderr)
        sample = sample_register(folder)
        baseline: dict[tuple[str, str], float] = {}
        print(f"{'copies':>6} {'recs':>6} {'document':<12} {'format':<6} {'seconds':>8} {'x one copy':>10}")
        for copies in sorted(arguments.copies):
            db = str(folder / f"copies-{copies}.sqlite3")
            with sqlite3.connect(sample) as source, sqlite3.connect(db) as target:
                source.backup(target)  # the write-ahead log included
            from tipreg.store import setup

            setup(db)
            recommendations = copy_recommendations(copies)
            for kind in ("index", "compilation"):
                for output in arguments.formats:
                    seconds = timed(kind, output, db, folder)
                    base = baseline.setdefault((kind, output), seconds)
                    print(
                        f"{copies:>6} {recommendations:>6} {kind:<12} {output:<6} {seconds:>8.2f} {seconds / base:>10.1f}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
