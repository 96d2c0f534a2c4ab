"""Ingestion past one machine: the per-file pipeline and the embedding batches mapped on a Dask cluster.

Workers only compute: each reads and processes files (`tipreg.services.process_one`) or embeds a
batch of texts (the model loaded once per worker process, on its GPU when it has one). This process
alone writes the register, in input order, exactly as `--jobs` does: the register comes out the same
as a single-process ingestion, whatever the cluster. Workers read the files by the paths given, so
on a real cluster those paths must be on a file system every worker sees at the same place.

`address` is a Dask scheduler (`tcp://head:8786`), or `local` / `local:N` for a cluster of N worker
processes (default 2) on this machine, started for the command and stopped after it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

import numpy as np

T = TypeVar("T")
R = TypeVar("R")
LOCAL = "local"
_END = object()
EMBED_BATCH = 256  # texts per embedding task: large enough to keep a GPU busy, small enough to stream


class ClusterUnavailable(RuntimeError):
    """The cluster engine is not installed, or its scheduler cannot be reached."""


@contextmanager
def connect(address: str) -> Iterator[object]:
    """A Dask client for `address`; a local cluster lives as long as the block."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterUnavailable("the cluster engine is not installed: pip install 'tipreg[cluster]'") from exc
    if address == LOCAL or address.startswith(LOCAL + ":"):
        workers = int(address.partition(":")[2] or 2)
        # Worker processes, one thread each: the pipeline is pure Python and holds the GIL.
        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as local,
            Client(local) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout=30)
    except OSError as exc:
        raise ClusterUnavailable(f"no Dask scheduler answers at {address}: {exc}") from exc
    with client:
        yield client


def map_in_order(
    client, work: Callable[[T], R], items: Iterable[T], failed: Callable[[T, Exception], R]
) -> Iterator[R]:
    """`work(item)` on the workers, results in input order; at most twice as many tasks in flight as the
    cluster has threads, so results stream without holding the whole corpus in memory. An item whose
    task fails (Dask retries it on other workers first when a worker dies) gives `failed(item, error)`."""
    window = 2 * max(1, sum(client.nthreads().values()))
    pending, in_flight = iter(items), deque()
    while True:
        while len(in_flight) < window and (item := next(pending, _END)) is not _END:
            in_flight.append((item, client.submit(work, item, pure=False)))
        if not in_flight:
            return
        item, future = in_flight.popleft()
        try:
            yield future.result()
        except Exception as exc:  # the task's own exception, or KilledWorker
            yield failed(item, exc)
        finally:
            future.release()


@contextmanager
def connected(cluster: object) -> Iterator[object]:
    """`cluster` as a client: an address is connected to for the block, a client is used as it is."""
    if isinstance(cluster, str):
        with connect(cluster) as client:
            yield client
    else:
        yield cluster


def process_on_cluster(paths: list, cluster: object, work: Callable) -> Iterator:
    """The processed document, or why it failed, for each path, in order (as `process_in_workers`)."""
    with connected(cluster) as client:
        yield from map_in_order(client, work, paths, lambda _, exc: f"internal error on the cluster: {exc}")


def embed_batch(model: str | None, texts: list[str]) -> tuple[str, np.ndarray]:
    """On a worker: the vectors of `texts` and the identity of the model that computed them."""
    from tipreg.embed import load_embedder

    embedder = load_embedder(model)  # cached: loaded once per worker process
    return embedder.model_id, embedder.embed(texts)


def embed_batches_on(client, model: str | None, model_id: str) -> Callable[[list[list[str]]], Iterator[np.ndarray]]:
    """A batch mapper for `embed_register`: each batch embedded on some worker, results in order."""

    def embed_batches(batches: list[list[str]]) -> Iterator[np.ndarray]:
        def failed(_, exc: Exception) -> np.ndarray:
            raise exc

        for worker_model, vectors in map_in_order(client, partial(embed_batch, model), batches, failed):
            if worker_model != model_id:  # a worker with another version of the model installed
                raise ClusterUnavailable(f"a worker embeds with {worker_model}, this register with {model_id}")
            yield vectors

    return embed_batches
