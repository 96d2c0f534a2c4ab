"""What the register does, as functions the CLI (and later the web layer) call alike."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TextIO, TypeVar

from tqdm import tqdm

from tipreg.model import Document, ReadError
from tipreg.store import setup

T = TypeVar("T")
# What loading a configured embedding model raises when it is missing, unreadable or needs an extra.
MODEL_ERRORS = (ImportError, OSError, ValueError, RuntimeError)


@dataclass
class FileOutcome:
    file: str
    status: str  # "stored", "unchanged" (already in the register) or "failed"
    reason: str | None = None  # why it failed, one line
    warnings: list[str] = field(default_factory=list)  # what the user should know about a stored file
    new_entries: int = 0
    matched_entries: int = 0  # provisions that became one more source of an existing entry


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    embedded: int = 0  # entries embedded after storing (new or changed ones)
    embedding_model: str | None = None  # its identity; None when embedding was not asked for
    embedding_error: str | None = None  # why entries could not be embedded (the documents are stored anyway)
    links: int | None = None  # links recomputed after storing; None when not asked for or nothing was stored
    not_reached: list[str] = field(default_factory=list)  # files left unread when the batch was interrupted
    interrupted: bool = False  # stopped by the user (Ctrl-C): the file in hand was not stored, the rest not read
    unfinished: str | None = None  # the commands that do what Ctrl-C stopped once every file was stored

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def failed(self) -> list[FileOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def summary_line(self) -> str:
        new = sum(outcome.new_entries for outcome in self.outcomes)
        matched = sum(outcome.matched_entries for outcome in self.outcomes)
        files = f"{len(self.outcomes)} files"
        if self.interrupted and not self.unfinished:
            files = f"interrupted after {len(self.outcomes)} of {len(self.outcomes) + len(self.not_reached)} files"
        line = (
            f"{files}: {self.count('stored')} stored, {self.count('unchanged')} unchanged, "
            f"{self.count('failed')} failed; {new} new register entries, "
            f"{matched} provisions matched existing entries"
        )
        if self.embedding_error:
            line = f"{line}; entries not embedded ({self.embedding_error}): run tipreg embed"
        elif self.embedding_model:
            line = f"{line}; {self.embedded} entries embedded with {self.embedding_model}"
        if self.links is not None:
            line = f"{line}; {self.links} links among recommendations"
        if self.unfinished:
            line = f"{line}; interrupted once every file was stored: run {self.unfinished} to finish"
        elif self.interrupted:
            line = (
                f"{line}; {len(self.not_reached)} not stored (none half-stored): run the same command again to "
                "go on, files already stored are skipped"
            )
        return line


def ingest_paths(
    paths: Iterable[str | Path],
    db: str | None = None,
    *,
    jobs: int = 1,
    max_bytes: int | None = None,
    max_seconds: float | None = None,
    progress: bool = True,
    errors: TextIO | None = None,
    embed: bool | None = None,
    cluster: object | None = None,
    link: bool = False,
) -> IngestReport:
    """Read, process and store every file under `paths`; one bad file never stops the batch.

    Each failure is written to `errors` (if given) as one line `FILE: reason` as it happens. With `jobs` > 1
    files are processed in worker processes, with `cluster` (a Dask scheduler address, `local:N`, or a
    connected client) on a cluster's workers (`tipreg.cluster`), while this process alone writes, in
    input order, so the register comes out the same whatever the parallelism. With `embed` (default:
    TIPREG_EMBED, on unless "0"), entries new or changed (or never embedded with the configured model)
    are then embedded for semantic search, on the cluster's workers with `cluster`; a model that cannot
    load leaves the documents stored and says why in the report. With `link`, the links among recommendations
    are recomputed once the batch stored anything (a whole-register pass: new entries cite, reiterate and
    recur on earlier ones, and earlier ones gain later links).
    """
    setup(db)
    from tipreg.read import collect_files
    from tipreg.store.models import Document as StoredDocument

    files, unreadable = collect_files([Path(path) for path in paths])
    sizes = {path: _size(path) for path in files}
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
        if errors is None:
            return
        if outcome.status == "failed":
            tqdm.write(f"{outcome.file}: {outcome.reason}", file=errors)
        for warning in outcome.warnings:
            tqdm.write(f"{outcome.file}: warning: {warning}", file=errors)

    for error in unreadable:
        record(FileOutcome(error.file, "failed", error.reason))
    known = set(StoredDocument.objects.values_list("sha256", flat=True))
    unchanged = {path for path in files if _sha256(path) in known}
    embed = embed_at_ingest() if embed is None else embed
    steps = (
        ("tipreg embed", embed, lambda: _embed_after_ingest(report, progress, cluster)),
        ("tipreg link", link, lambda: _link_after_ingest(report)),
    )
    batch = _Batch(steps=[(command, work) for command, asked, work in steps if asked])
    try:  # Ctrl-C anywhere from here on: what was stored stays, and the report says what is left
        to_read = [path for path in files if path not in unchanged]
        processed = _process_all(
            to_read, jobs, partial(process_one, max_bytes=max_bytes, max_seconds=max_seconds), cluster
        )
        with bar:
            _store_in_order(sizes, unchanged, processed, bar, record, batch)
        batch.run_steps()
    except KeyboardInterrupt:
        report.not_reached = [str(path) for path in files[batch.files_done :]]
        report.unfinished = None if report.not_reached else batch.steps_left()
        report.interrupted = bool(report.not_reached or report.unfinished)
    return report


@dataclass
class _Batch:
    """How far a batch got: the files done (in input order), then the steps asked for once every file was."""

    steps: list[tuple[str, Callable[[], None]]]  # each step after storing, in order: the command that does it, the work
    files_done: int = 0
    steps_done: int = 0

    def run_steps(self) -> None:
        for _, work in self.steps:
            work()
            self.steps_done += 1

    def steps_left(self) -> str | None:
        """The commands that do the steps not done ("tipreg embed, then tipreg link"), or None."""
        return ", then ".join(command for command, _ in self.steps[self.steps_done :]) or None


def _store_in_order(
    sizes: dict[Path, int],
    unchanged: set[Path],
    processed: Generator[Document | str, None, None],
    bar: tqdm,
    record: Callable[[FileOutcome], None],
    batch: _Batch,
) -> None:
    """Store each file's document in input order (of `sizes`, the files and their sizes), as `processed`
    yields it, counting the files done in `batch` (Ctrl-C rolls back the document then in hand, whole)."""
    try:
        for path, size in sizes.items():
            bar.set_postfix_str(f"{batch.files_done}/{len(sizes)} files, reading {path.name}")  # a long file says which
            record(FileOutcome(str(path), "unchanged") if path in unchanged else _store(path, next(processed)))
            batch.files_done += 1
            bar.set_postfix_str(f"{batch.files_done}/{len(sizes)} files", refresh=False)
            bar.update(size)
    finally:
        processed.close()  # stops the worker processes


def _link_after_ingest(report: IngestReport) -> None:
    """Recompute the links among recommendations, when the batch stored anything."""
    from tipreg.store.labels.linking import link_register

    if report.count("stored"):
        report.links = link_register()


def embed_at_ingest() -> bool:
    """Whether ingestion embeds by default: TIPREG_EMBED=0 turns it off (then `tipreg embed` does it later)."""
    return os.environ.get("TIPREG_EMBED", "1").strip() != "0"


def _embed_after_ingest(report: IngestReport, progress: bool, cluster: object | None) -> None:
    try:
        report.embedded, report.embedding_model = embed_entries(progress=progress, cluster=cluster)
    except MODEL_ERRORS as exc:  # the documents stay stored; tipreg embed can do it later
        report.embedding_error = str(exc)


def embed_entries(
    model: str | None = None, *, progress: bool = True, force: bool = False, cluster: object | None = None
) -> tuple[int, str]:
    """Embed the entries missing a vector of the configured model, or whose text changed (every one with
    `force`), in batches with a progress bar on stderr, here or on `cluster`'s workers (an address or a
    connected client); returns (entries embedded, the model's identity)."""
    from contextlib import nullcontext

    from tipreg.embed import load_embedder
    from tipreg.search.semantic import embed_register

    embedder = load_embedder(model)
    if cluster is not None:
        from tipreg.cluster import connected
    with (
        counting_bar("embed", "entry", progress) as advance,
        nullcontext() if cluster is None else connected(cluster) as client,
    ):
        remote = {}
        if client is not None:
            from tipreg.cluster import EMBED_BATCH, embed_batches_on

            remote = {"embed_batches": embed_batches_on(client, model, embedder.model_id), "batch": EMBED_BATCH}
        return embed_register(embedder, progress=advance, force=force, **remote), embedder.model_id


@contextmanager
def counting_bar(desc: str, unit: str, show: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, driven by a `progress(done, total)` callback (what embedding and scoring call)."""
    with tqdm(unit=unit, desc=desc, disable=not show, file=sys.stderr) as bar:

        def advance(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield advance


def _store(path: Path, processed: Document | str) -> FileOutcome:
    from tipreg.store.writer import store_document

    if isinstance(processed, str):
        return FileOutcome(str(path), "failed", processed)
    try:
        stored = store_document(processed)
    except Exception as exc:  # the transaction rolled the document back; the batch goes on
        return FileOutcome(str(path), "failed", _internal_error(exc))
    # a copy of a file stored before (in this batch too) is not stored again: what was read from it is moot
    warnings = processed.source.warnings if stored.status == "stored" else []
    return FileOutcome(str(path), stored.status, None, warnings, stored.new_entries, stored.matched_entries)


def _size(path: Path) -> int:
    """The file's size for the progress bar; 0 for one gone since it was listed (the reader reports it)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _sha256(path: Path) -> str | None:
    """sha256 of the file's bytes, to skip files already ingested without processing them."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None  # the reader will report it


def _process_all(
    paths: list[Path], jobs: int, work: Callable[[Path], Document | str], cluster: object | None
) -> Generator[Document | str, None, None]:
    """The Document, or why it failed (`work`'s answer), for each path in the order given."""
    if cluster:
        from tipreg.cluster import process_on_cluster

        yield from process_on_cluster(paths, cluster, work)
    elif jobs <= 1:
        yield from map(work, paths)
    else:
        yield from process_in_workers(paths, jobs, work)


def process_in_workers(paths: list[Path], jobs: int, work: Callable[[Path], T]) -> Iterator[T | str]:
    """`work(path)` for each path in worker processes, results in input order.

    A worker that dies (a reader library crashing on a malformed file, the memory killer) breaks
    the pool: the files it had in hand are then retried each in a process of its own, so only the
    file that kills its process fails, and the batch goes on in a fresh pool.
    """
    pending = deque(paths)
    while pending:
        with ProcessPoolExecutor(jobs, _worker_context(), initializer=_stop_quietly_on_ctrl_c) as pool:
            # A bounded window keeps results in order without holding every document in memory.
            window: deque[tuple[Path, Future]] = deque()
            try:
                while pending or window:
                    while pending and len(window) < 2 * jobs:
                        path = pending.popleft()
                        window.append((path, pool.submit(work, path)))
                    result = window[0][1].result()
                    window.popleft()
                    yield result
            except BrokenProcessPool:
                pass
            except GeneratorExit:  # the caller stops (Ctrl-C): files not started are not read
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        for path, future in window:
            yield future.result() if future.done() and future.exception() is None else _isolated(work, path)


def _isolated(work: Callable[[Path], T], path: Path) -> T | str:
    with ProcessPoolExecutor(1, _worker_context(), initializer=_stop_quietly_on_ctrl_c) as pool:
        try:
            return pool.submit(work, path).result()
        except BrokenProcessPool:
            return "internal error: the process reading this file died (crash or out of memory)"


def _stop_quietly_on_ctrl_c() -> None:
    """In a worker: Ctrl-C (the terminal sends it to every process of the command) ends it at once, without a
    traceback; the command's own process, the only writer, says what was stored."""
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers start from a clean process, not a fork of this one (which holds a database connection
    and a progress thread); a fork server that has loaded the pipeline once makes each start cheap."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tipreg.pipeline"])
    return context


def process_one(path: Path, *, max_bytes: int | None = None, max_seconds: float | None = None) -> Document | str:
    """The processed document, or why it failed (a string: exceptions do not all cross processes); a limit left
    None is the reader's default."""
    from tipreg.pipeline import process_file

    limits = {"max_bytes": max_bytes, "max_seconds": max_seconds}
    try:
        return process_file(path, **{name: limit for name, limit in limits.items() if limit is not None})
    except ReadError as exc:
        return exc.reason
    except Exception as exc:
        return _internal_error(exc)


def _internal_error(exc: Exception) -> str:
    """One line, whatever the exception prints (a database error adds DETAIL and HINT lines)."""
    first_line = next(iter(str(exc).strip().splitlines()), "")
    return f"internal error: {type(exc).__name__}: {first_line}"


@dataclass
class RegisterSummary:
    documents_by_type: dict[str, int]
    recommendations_by_meeting: list[tuple[int | None, list[int], int]]  # (meeting, years, count)
    entries_by_kind: dict[str, int]
    sources: int


def register_summary(db: str | None = None) -> RegisterSummary:
    setup(db)
    from django.db.models import Count, F

    from tipreg.store.models import Document as StoredDocument
    from tipreg.store.models import Provision, Source

    by_type = StoredDocument.objects.values_list("type").annotate(n=Count("id")).order_by("type")
    by_kind = Provision.objects.values_list("kind").annotate(n=Count("id")).order_by("kind")
    per_meeting: dict[int | None, tuple[set[int], int]] = {}
    rows = (
        Provision.objects.filter(kind="recommendation")
        .values_list("meeting", "year")
        .annotate(n=Count("id"))
        .order_by(F("meeting").asc(nulls_last=True), "year")  # no meeting last, as PostgreSQL sorts it and SQLite not
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


def publication_file(kind: str, output: str, lang: str, db: str | None = None) -> bytes:
    """The thematic index or the chronological compilation, built from the register now, as a file's bytes
    (the web's downloads; `tipreg publish` writes the same file to a path)."""
    import tempfile

    from tipreg.publish import publish

    with tempfile.TemporaryDirectory(prefix="tipreg-publish-") as folder:
        path = Path(folder) / f"{kind}.{output}"
        publish(kind, output, path, lang, db)
        return path.read_bytes()
