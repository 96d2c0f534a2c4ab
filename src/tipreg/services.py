"""What the register does, as functions the CLI (and later the web layer) call alike."""

from __future__ import annotations

import hashlib
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from tipreg.model import Document, ReadError
from tipreg.store import setup


@dataclass
class FileOutcome:
    file: str
    status: str  # "stored", "unchanged" (already in the register) or "failed"
    reason: str | None = None  # why it failed, one line
    new_entries: int = 0
    matched_entries: int = 0  # provisions that became one more source of an existing entry


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def failed(self) -> list[FileOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def summary_line(self) -> str:
        new = sum(outcome.new_entries for outcome in self.outcomes)
        matched = sum(outcome.matched_entries for outcome in self.outcomes)
        return (
            f"{len(self.outcomes)} files: {self.count('stored')} stored, {self.count('unchanged')} unchanged, "
            f"{self.count('failed')} failed; {new} new register entries, "
            f"{matched} provisions matched existing entries"
        )


def ingest_paths(
    paths: Iterable[str | Path],
    db: str | None = None,
    *,
    jobs: int = 1,
    max_bytes: int | None = None,
    progress: bool = True,
    errors: TextIO | None = sys.stderr,
) -> IngestReport:
    """Read, process and store every file under `paths`; one bad file never stops the batch.

    Each failure is written to `errors` as one line `FILE: reason` as it happens. With `jobs` > 1
    files are processed in worker processes while this process alone writes, in input order, so
    the register comes out the same whatever the parallelism.
    """
    from tipreg.read import collect_files
    from tipreg.store.models import Document as StoredDocument

    setup(db)
    files, unreadable = collect_files([Path(path) for path in paths])
    sizes = {path: path.stat().st_size for path in files}
    report = IngestReport()
    bar = tqdm(
        total=sum(sizes.values()),
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc="ingest",
        disable=not progress,
        file=sys.stderr,
    )

    def record(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if outcome.status == "failed" and errors is not None:
            tqdm.write(f"{outcome.file}: {outcome.reason}", file=errors)

    for error in unreadable:
        record(FileOutcome(error.file, "failed", error.reason))
    known = set(StoredDocument.objects.values_list("sha256", flat=True))
    unchanged = {path for path in files if _sha256(path) in known}
    processed = _process_all([path for path in files if path not in unchanged], jobs, max_bytes)
    with bar:
        for done, path in enumerate(files, 1):
            if path in unchanged:
                record(FileOutcome(str(path), "unchanged"))
            else:
                record(_store(path, next(processed)))
            bar.set_postfix_str(f"{done}/{len(files)} files", refresh=False)
            bar.update(sizes[path])
    return report


def _store(path: Path, processed: Document | str) -> FileOutcome:
    from tipreg.store.writer import store_document

    if isinstance(processed, str):
        return FileOutcome(str(path), "failed", processed)
    try:
        stored = store_document(processed)
    except Exception as exc:  # the transaction rolled the document back; the batch goes on
        return FileOutcome(str(path), "failed", _internal_error(exc))
    return FileOutcome(str(path), stored.status, None, stored.new_entries, stored.matched_entries)


def _sha256(path: Path) -> str | None:
    """sha256 of the file's bytes, to skip files already ingested without processing them."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None  # the reader will report it


def _process_all(paths: list[Path], jobs: int, max_bytes: int | None) -> Iterator[Document | str]:
    """The Document, or why it failed, for each path in the order given."""
    if jobs <= 1:
        for path in paths:
            yield process_one(path, max_bytes)
        return
    # spawn, not fork: the parent holds a database connection and tqdm's monitor thread.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # A bounded window keeps results in input order without holding every document in memory.
        window: deque[Future] = deque()
        for path in paths:
            window.append(pool.submit(process_one, path, max_bytes))
            if len(window) >= 2 * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def process_one(path: Path, max_bytes: int | None) -> Document | str:
    """The processed document, or why it failed (a string: exceptions do not all cross processes)."""
    from tipreg.pipeline import process_file

    try:
        return process_file(path) if max_bytes is None else process_file(path, max_bytes=max_bytes)
    except ReadError as exc:
        return exc.reason
    except Exception as exc:
        return _internal_error(exc)


def _internal_error(exc: Exception) -> str:
    return f"internal error: {type(exc).__name__}: {exc}"


@dataclass
class RegisterSummary:
    documents_by_type: dict[str, int]
    recommendations_by_meeting: list[tuple[int | None, list[int], int]]  # (meeting, years, count)
    entries_by_kind: dict[str, int]
    sources: int


def register_summary(db: str | None = None) -> RegisterSummary:
    from django.db.models import Count

    from tipreg.store.models import Document as StoredDocument
    from tipreg.store.models import Provision, Source

    setup(db)
    by_type = StoredDocument.objects.values_list("type").annotate(n=Count("id")).order_by("type")
    by_kind = Provision.objects.values_list("kind").annotate(n=Count("id")).order_by("kind")
    per_meeting: dict[int | None, tuple[set[int], int]] = {}
    rows = (
        Provision.objects.filter(kind="recommendation")
        .values_list("meeting", "year")
        .annotate(n=Count("id"))
        .order_by("meeting", "year")
    )
    for meeting, year, count in rows:
        years, total = per_meeting.get(meeting, (set(), 0))
        per_meeting[meeting] = (years | ({year} - {None}), total + count)
    return RegisterSummary(
        documents_by_type=dict(by_type),
        recommendations_by_meeting=[(meeting, sorted(years), count) for meeting, (years, count) in per_meeting.items()],
        entries_by_kind=dict(by_kind),
        sources=Source.objects.count(),
    )
