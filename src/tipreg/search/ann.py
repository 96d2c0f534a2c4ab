"""Approximate nearest-neighbour search over the stored vectors of one model: a usearch HNSW graph.

The same interface as the exact `tipreg.search.semantic.VectorIndex` (`vector`, `nearest`, `sync`), for
registers where a brute-force scan costs too much (tens of milliseconds from 10^5 entries on). The
graph is saved next to the register (`AnnIndex.load` / `save`) with the entry and text hash behind
each key, so a new process reads it in instead of rebuilding it, and `sync` brings it up to date by
difference: entries whose vector is new, changed or gone, and nothing else.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from usearch.index import Index

CONNECTIVITY = 16  # graph degree: usearch's default, a good recall/memory balance at 384 dimensions
EXPANSION_ADD = 64  # recall@10 0.99 at 10^5 derived vectors for half the build time of 128
# Real query vectors fall between the clusters of near-duplicate entries (copies and variants of one
# text): at 10^5 entries recall@10 is 0.84 with 128 candidates, 0.98 with 512, about 1 ms a query.
EXPANSION_SEARCH = 512
EXACT_SUBSET = 10_000  # a filter leaving fewer entries than this is searched exactly among them
FETCH = 2_000  # vectors read from the database per query while syncing


class AnnIndex:
    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.graph: Index | None = None  # made on the first vector added: its length is the model's
        self.key_of: dict[str, int] = {}  # provision id -> graph key
        self.entry_of: dict[int, str] = {}  # graph key -> provision id
        self.hash_of: dict[str, str] = {}  # provision id -> hash of the text its vector stands for
        self.next_key = 0

    @property
    def size(self) -> int:
        return len(self.key_of)

    def sync(self) -> int:
        """Make the graph hold exactly the stored vectors of the model; returns how many entries changed."""
        from tipreg.store.vectors.models import Embedding

        stored = dict(Embedding.objects.filter(model_id=self.model_id).values_list("provision_id", "text_hash"))
        gone = [pid for pid, digest in self.hash_of.items() if stored.get(pid) != digest]
        for pid in gone:
            self._remove(pid)
        fresh = [pid for pid, digest in stored.items() if self.hash_of.get(pid) != digest]
        for start in range(0, len(fresh), FETCH):
            rows = Embedding.objects.filter(model_id=self.model_id, provision_id__in=fresh[start : start + FETCH])
            self._add(rows.values_list("provision_id", "text_hash", "vector"))
        return len(set(gone) | set(fresh))

    def build(self) -> None:
        """Every stored vector of the model, read in one pass (the first sync of a large register)."""
        from tipreg.store.vectors.models import Embedding

        rows = Embedding.objects.filter(model_id=self.model_id).values_list("provision_id", "text_hash", "vector")
        batch: list[tuple[str, str, bytes]] = []
        for row in rows.iterator(chunk_size=FETCH):
            batch.append(row)
            if len(batch) >= 50_000:  # big batches: usearch inserts them on all cores
                self._add(batch)
                batch = []
        self._add(batch)

    def vector(self, provision_id: str) -> np.ndarray | None:
        key = self.key_of.get(provision_id)
        return None if key is None else self.graph.get(key, dtype=np.float32)

    def nearest(self, query: np.ndarray, allowed: Iterable[str] | None, limit: int) -> list[tuple[str, float]]:
        """The `limit` entries most similar to `query` among `allowed` ones (None: all), best first.

        With a filter, a graph search fetching enough candidates for `limit` of them to pass on
        average (twice over), then kept to those that do; a filter so narrow that this would
        fetch a large part of the register, or that leaves too few, is answered exactly instead.
        """
        if not self.key_of:
            return []
        query = np.asarray(query, dtype=np.float32)
        if allowed is None:
            return self._search(query, limit, None)
        keys = [self.key_of[pid] for pid in allowed if pid in self.key_of]
        if not keys:
            return []
        if len(keys) <= EXACT_SUBSET:
            return self._exact(query, keys, limit)
        depth = min(self.size, math.ceil(2 * limit * self.size / len(keys)))
        hits = self._search(query, depth, set(keys))
        return hits[:limit] if len(hits) >= limit else self._exact(query, keys, limit)

    def _search(self, query: np.ndarray, depth: int, keep: set[int] | None) -> list[tuple[str, float]]:
        matches = self.graph.search(query, depth, threads=1)
        hits = []
        for key, distance in zip(matches.keys.tolist(), matches.distances.tolist(), strict=True):
            entry = self.entry_of.get(key)  # None: removed by a sync in another thread meanwhile
            if entry is not None and (keep is None or key in keep):
                hits.append((entry, 1.0 - distance))  # "ip" distance is 1 - cosine on unit vectors
        return hits

    def _exact(self, query: np.ndarray, keys: list[int], limit: int) -> list[tuple[str, float]]:
        scores = np.vstack(self.graph.get(np.asarray(keys, dtype=np.uint64), dtype=np.float32)) @ query
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(self.entry_of[keys[i]], float(scores[i])) for i in order]

    def _add(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        rows = list(rows)
        if not rows:
            return
        vectors = np.vstack([np.frombuffer(bytes(vector), dtype="<f4") for _, _, vector in rows])
        if self.graph is None:
            self.graph = _new_graph(vectors.shape[1])
        for pid, _, _ in rows:
            if pid in self.key_of:
                self._remove(pid)
        keys = np.arange(self.next_key, self.next_key + len(rows), dtype=np.uint64)
        self.next_key += len(rows)
        self.graph.add(keys, vectors)
        for key, (pid, digest, _) in zip(keys.tolist(), rows, strict=True):
            self.key_of[pid], self.entry_of[key], self.hash_of[pid] = key, pid, digest

    def _remove(self, provision_id: str) -> None:
        key = self.key_of.pop(provision_id)
        del self.entry_of[key], self.hash_of[provision_id]
        self.graph.remove(key)

    def save(self, path: Path) -> None:
        """The graph at `path`, its keys' entries in `path`.json; each file replaced whole."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.graph is None:
            return
        entries = sorted(self.key_of.items(), key=lambda item: item[1])
        meta = {
            "model_id": self.model_id,
            "next_key": self.next_key,
            "entries": [[key, pid, self.hash_of[pid]] for pid, key in entries],
        }
        _replace(path, lambda target: self.graph.save(str(target)))
        _replace(path.with_name(path.name + ".json"), lambda target: target.write_text(json.dumps(meta)))

    @classmethod
    def load(cls, path: Path, model_id: str) -> AnnIndex | None:
        """The index saved at `path` for `model_id`, or None when there is none (or it is unreadable)."""
        meta_path = path.with_name(path.name + ".json")
        try:
            meta = json.loads(meta_path.read_text())
            graph = Index.restore(str(path))
        except (OSError, ValueError, RuntimeError):
            return None
        if graph is None or meta.get("model_id") != model_id or len(graph) != len(meta["entries"]):
            return None
        graph.expansion_search = EXPANSION_SEARCH  # a search setting: not saved with the graph
        index = cls(model_id)
        index.graph, index.next_key = graph, meta["next_key"]
        for key, pid, digest in meta["entries"]:
            index.key_of[pid], index.entry_of[key], index.hash_of[pid] = key, pid, digest
        return index


def _new_graph(dimensions: int) -> Index:
    # Half-precision vectors: half the memory and disk of float32, and the same top 10 on unit vectors.
    return Index(
        ndim=dimensions,
        metric="ip",
        dtype="f16",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def _replace(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: readers never see half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
