"""Vector search over the register's stored embeddings: exact (brute-force numpy) for small registers,
approximate (`tipreg.search.ann`, an HNSW graph saved next to the register) from `ANN_MIN_ENTRIES` on.

`vector_index(model_id)` is the one way in: the process keeps one index per register and model and
brings it up to date when the register's vectors change (generation counters kept by database
triggers, `tipreg.store.vectors.models.Generation`: one primary-key read per query).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import numpy as np

from tipreg.embed import Embedder, load_embedder, text_hash
from tipreg.search.query import QUERY_WORDS, Filters, first_words

BATCH = 32
# Below this many vectors an exact scan takes under 3 ms (bench/search_scale.py) and needs no file:
# the graph's build time and disk are not worth it.
ANN_MIN_ENTRIES = 20_000


def embedded_text(heading: str | None, text: str) -> str:
    """What an entry's vector stands for: its heading (the topic) and its repaired text, sub-items included."""
    return f"{heading}\n{text}" if heading else text


ACRONYM_LETTERS = 5  # ONU, OIT, OSCE, UNODC: a query in capitals with no longer word may be a name


def as_written(query: str) -> str:
    """A query as the register's texts are written, for its embedding: accents and OCR-damaged letters restored
    by the same repair as the entries' texts (tipreg.normalize.repair: "indemnizacion" → "indemnización"), and a
    query typed all in capitals in lower case (unless no word of it is longer than an acronym). The model is case-
    and accent-sensitive: it reads "indemnizacion" or "INDEMNIZACIÓN" as other tokens than the "indemnización"
    the entries were embedded with. Repair leaves English words and words it does not know as they are.
    Only the first QUERY_WORDS words count."""
    from tipreg.normalize.repair import repair_text

    written = repair_text(first_words(query, QUERY_WORDS))[0]
    return written.lower() if _in_capitals(written) else written


def _in_capitals(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    return not any(char.islower() for char in text) and any(len(word) > ACRONYM_LETTERS for word in words)


def embed_register(
    embedder: Embedder | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
    *,
    embed_batches: Callable[[list[list[str]]], Iterable[np.ndarray]] | None = None,
    batch: int = BATCH,
) -> int:
    """Embed the entries with no vector of this model, or whose text changed since; returns how many.

    Batched; `progress(done, total)` is called after each batch. `force` recomputes every vector.
    `embed_batches` maps the batches of texts to their vectors, in order, elsewhere (on a cluster:
    `tipreg.cluster.embed_batches_on`); by default `embedder.embed` here, batch after batch.
    """
    from tipreg.store.models import Provision
    from tipreg.store.vectors.models import Embedding

    embedder = embedder or load_embedder()
    stored = dict(Embedding.objects.filter(model_id=embedder.model_id).values_list("provision_id", "text_hash"))
    todo = []
    for provision_id, heading, text in Provision.objects.order_by("id").values_list("id", "heading", "text"):
        passage = embedded_text(heading, text)
        if force or stored.get(provision_id) != text_hash(passage):
            todo.append((provision_id, passage))
    batches = [todo[start : start + batch] for start in range(0, len(todo), batch)]
    compute = embed_batches or (lambda texts: map(embedder.embed, texts))
    done = 0
    for entries, vectors in zip(batches, compute([[passage for _, passage in b] for b in batches]), strict=True):
        for (provision_id, passage), vector in zip(entries, vectors, strict=True):
            Embedding.objects.update_or_create(
                provision_id=provision_id,
                model_id=embedder.model_id,
                defaults={"text_hash": text_hash(passage), "vector": vector.astype("<f4").tobytes()},
            )
        done += len(entries)
        if progress:
            progress(done, len(todo))
    return len(todo)


_embedded_at: dict[tuple[str, str], tuple[int, int]] = {}  # (register, model) -> generations once embedded


def embed_when_changed(embedder: Embedder) -> None:
    """`embed_register` unless no entry and no vector of the model changed since this process last ran it:
    reading every entry's text to find stale vectors costs seconds at 10^5 entries, too much for each query."""
    key = (register_identity(), embedder.model_id)
    if _embedded_at.get(key) != _generations(embedder.model_id):
        embed_register(embedder)
        _embedded_at[key] = _generations(embedder.model_id)  # its own writes included


def _generations(model_id: str) -> tuple[int, int]:
    from tipreg.store.vectors.models import generation

    return generation("provisions"), generation(f"vectors:{model_id}")


class NearestIndex(Protocol):
    size: int

    def sync(self) -> int:
        """Hold exactly the register's current vectors of the model; how many entries changed."""

    def vector(self, provision_id: str) -> np.ndarray | None: ...

    def nearest(self, query: np.ndarray, allowed: Iterable[str] | None, limit: int) -> list[tuple[str, float]]: ...


class VectorIndex:
    """Every stored vector of one model in one matrix; cosine similarity is a dot product (unit vectors)."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.sync()

    @property
    def size(self) -> int:
        return len(self.ids)

    def sync(self) -> int:
        from tipreg.store.vectors.models import Embedding

        rows = list(
            Embedding.objects.filter(model_id=self.model_id)
            .order_by("provision_id")
            .values_list("provision_id", "vector")
        )
        self.ids = [provision_id for provision_id, _ in rows]
        self.position = {provision_id: i for i, provision_id in enumerate(self.ids)}
        self.matrix = (
            np.vstack([np.frombuffer(bytes(vector), dtype="<f4") for _, vector in rows]) if rows else np.zeros((0, 0))
        )
        return len(rows)

    def vector(self, provision_id: str) -> np.ndarray | None:
        position = self.position.get(provision_id)
        return None if position is None else self.matrix[position]

    def nearest(self, query: np.ndarray, allowed: Iterable[str] | None, limit: int) -> list[tuple[str, float]]:
        """The `limit` entries most similar to `query`, among `allowed` ones (None: all), best first."""
        if not self.ids:
            return []
        scores = self.matrix @ query
        if allowed is not None:
            mask = np.full(len(self.ids), -np.inf)
            keep = [self.position[pid] for pid in allowed if pid in self.position]
            mask[keep] = 0.0
            scores = scores + mask
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(self.ids[i], float(scores[i])) for i in order if np.isfinite(scores[i])]


_indexes: dict[tuple[str, str], tuple[int, NearestIndex]] = {}  # (register, model) -> (generation, index)
_lock = threading.Lock()


def vector_index(model_id: str) -> NearestIndex:
    """The index of the current register's vectors of `model_id`, up to date: exact below
    `ANN_MIN_ENTRIES` vectors, else the saved graph (read in, or built and saved, once per process)."""
    from tipreg.store.vectors.models import generation

    key = (register_identity(), model_id)
    with _lock:
        current = generation(f"vectors:{model_id}")
        known = _indexes.get(key)
        if known and known[0] == current:
            return known[1]
        index = known[1] if known else None
        count = stored_vectors(model_id)
        if index is None or (count < ANN_MIN_ENTRIES) != isinstance(index, VectorIndex):
            index = _open_index(model_id, count)
        elif index.sync() and not isinstance(index, VectorIndex):
            _save(index, model_id)
        _indexes[key] = (current, index)
        return index


def _open_index(model_id: str, count: int) -> NearestIndex:
    from tipreg.search.ann import AnnIndex

    if count < ANN_MIN_ENTRIES:
        return VectorIndex(model_id)
    path = index_path(model_id)
    index = AnnIndex.load(path, model_id) if path else None
    if index is None:
        index = AnnIndex(model_id)
        index.build()
        _save(index, model_id)
    elif index.sync():
        _save(index, model_id)
    return index


def _save(index, model_id: str) -> None:
    path = index_path(model_id)
    if path:
        index.save(path)


def stored_vectors(model_id: str) -> int:
    from tipreg.store.vectors.models import Embedding

    return Embedding.objects.filter(model_id=model_id).count()


def register_identity() -> str:
    from django.db import connection

    settings = connection.settings_dict
    return f"{settings['ENGINE']}|{settings.get('HOST') or ''}|{settings.get('PORT') or ''}|{settings['NAME']}"


def index_path(model_id: str) -> Path | None:
    """Where the register's graph for `model_id` is kept: beside a SQLite register (`NAME.vectors/`), else
    under TIPREG_INDEX_DIR (default ~/.cache/tipreg/indexes), one folder per database; None in memory."""
    from django.db import connection

    settings = connection.settings_dict
    name = str(settings["NAME"])
    slug = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_id)
    if connection.vendor == "sqlite":
        if name == ":memory:" or name.startswith("file:"):
            return None
        return Path(f"{name}.vectors") / f"{slug}.usearch"
    base = Path(os.environ.get("TIPREG_INDEX_DIR") or Path.home() / ".cache" / "tipreg" / "indexes")
    database = f"{connection.vendor}_{settings.get('HOST') or 'local'}_{settings.get('PORT') or ''}_{name}"
    return base / "".join(c if c.isalnum() or c in "-_." else "_" for c in database) / f"{slug}.usearch"


def filtered_ids(filters: Filters) -> list[str] | None:
    """Ids of the entries passing `filters` (the same SQL as keyword search); None when nothing filters."""
    from django.db import connection

    from tipreg.search.keyword import filter_sql
    from tipreg.store.models import Provision

    where, params = filter_sql(filters)
    if not where:
        return None
    sql = f"SELECT p.id FROM {Provision._meta.db_table} p WHERE {' AND '.join(where)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


_coverage: dict[tuple[str, str], tuple[tuple[int, int], tuple[int, int]]] = {}  # -> (generations, counts)


def coverage(embedder: Embedder | None = None) -> tuple[int, int]:
    """(entries with a vector of this model, entries in the register): what semantic search can see.

    Counted again only when the generation counters say entries or vectors changed: two counts are
    tens of milliseconds at 10^5 entries, too much for every query."""
    from tipreg.store.models import Provision
    from tipreg.store.vectors.models import Embedding

    embedder = embedder or load_embedder()
    key = (register_identity(), embedder.model_id)
    stamp = _generations(embedder.model_id)
    known = _coverage.get(key)
    if known is None or known[0] != stamp:
        counts = Embedding.objects.filter(model_id=embedder.model_id).count(), Provision.objects.count()
        known = _coverage[key] = (stamp, counts)
    return known[1]


def semantic_search(
    text: str,
    filters: Filters,
    limit: int,
    embedder: Embedder | None = None,
    only_if_embedded: bool = False,
    *,
    embed_missing: bool = True,
) -> list[tuple[str, float]]:
    """Entries nearest in meaning to `text` (its accents restored: as_written), whatever their language; embeds
    entries not yet embedded first.

    Each language is ranked apart and the rankings fused, so that the best match in every language is near
    the top (nearest_per_language).

    With `only_if_embedded`, a register never embedded with this model gives no results instead of being
    embedded now (a minute for a few hundred entries): hybrid search then falls back to keyword alone.
    With `embed_missing=False` (the web: a request never waits for embedding) only the stored vectors count.
    """
    from tipreg.store.vectors.models import Embedding

    embedder = embedder or load_embedder()
    if only_if_embedded and not Embedding.objects.filter(model_id=embedder.model_id).exists():
        return []
    if embed_missing:
        embed_when_changed(embedder)
    index = vector_index(embedder.model_id)
    return across_languages(nearest_per_language(embedder.embed_query(as_written(text)), filters, limit, index), limit)


def nearest_passing(text: str, filters: Filters, depth: int) -> list[tuple[str, float]]:
    """Of the `depth` entries nearest in meaning to `text` in the whole register, those passing `filters`, best
    first (stored vectors only). The nearest ones are a relevance cut: taken among the entries passing a filter
    instead, a filter leaving fewer than `depth` entries would list every one of them, however far from the
    query, and a facet's count (the results with its value) would not be what choosing that value lists."""
    nearest = semantic_search(text, Filters(), depth, embed_missing=False)
    allowed = filtered_ids(filters)
    if allowed is None:
        return nearest
    passing = set(allowed)
    return [(entry, score) for entry, score in nearest if entry in passing]


def nearest_per_language(
    vector: np.ndarray, filters: Filters, limit: int, index: NearestIndex, leave_out: str | None = None
) -> list[list[tuple[str, float]]]:
    """The `limit` entries nearest to `vector` in each language the register holds, one list per language.

    Small multilingual models keep a language's texts closer to each other than to their translations:
    a Spanish query ranks nearly every Spanish entry above the English one saying the same. Ranked apart
    and fused (tipreg.search.hybrid), the best match in each language comes near the top.
    """
    from tipreg.store.models import Provision

    allowed = filtered_ids(filters)
    if allowed is None:
        groups: list[list[str] | None] = entries_by_language()
    else:
        by_language: dict[str | None, list[str]] = {}
        for entry, language in Provision.objects.filter(id__in=allowed).values_list("id", "language"):
            by_language.setdefault(language, []).append(entry)
        groups = (
            [allowed]
            if len(by_language) <= 1
            else [by_language[lang] for lang in sorted(by_language, key=lambda lang: lang or "")]
        )
    extra = 1 if leave_out else 0
    return [
        [(entry, score) for entry, score in index.nearest(vector, group, limit + extra) if entry != leave_out][:limit]
        for group in groups
    ]


_by_language: dict[str, tuple[int, list[list[str] | None]]] = {}  # register -> (generation, groups)


def entries_by_language() -> list[list[str] | None]:
    """The register's entry ids per language, languages in order; [None] (every entry) when it holds one
    language, the common case. Kept until an entry is added, changed or removed (the generation counter):
    reading every entry's language costs about 0.1 s a query at 10^6 entries."""
    from tipreg.store.models import Provision
    from tipreg.store.vectors.models import generation

    key, stamp = register_identity(), generation("provisions")
    known = _by_language.get(key)
    if known is None or known[0] != stamp:
        by_language: dict[str | None, list[str]] = {}
        for entry, language in Provision.objects.order_by().values_list("id", "language").iterator():
            by_language.setdefault(language, []).append(entry)
        groups = (
            [None]
            if len(by_language) <= 1
            else [by_language[lang] for lang in sorted(by_language, key=lambda lang: lang or "")]
        )
        known = _by_language[key] = (stamp, groups)
    return known[1]


def similar_to(
    provision_id: str, filters: Filters, limit: int, embedder: Embedder | None = None, *, embed_missing: bool = True
) -> list[tuple[str, float]]:
    """ "More like this": the entries nearest to entry `provision_id`, itself left out.

    KeyError when the entry has no vector (unknown, or not embedded while `embed_missing` is False).
    """
    embedder = embedder or load_embedder()
    if embed_missing:
        embed_when_changed(embedder)
    index = vector_index(embedder.model_id)
    vector = index.vector(provision_id)
    if vector is None:
        raise KeyError(provision_id)
    return across_languages(nearest_per_language(vector, filters, limit, index, leave_out=provision_id), limit)


def across_languages(rankings: list[list[tuple[str, float]]], limit: int) -> list[tuple[str, float]]:
    """One ranking from the per-language ones: by cosine within a single language, by reciprocal rank across.

    Equal fused scores go to the language whose best entry is nearer (the query's own language, usually).
    """
    from tipreg.search.hybrid import fuse

    if len(rankings) == 1:
        return rankings[0][:limit]
    return fuse(sorted(rankings, key=lambda ranking: -ranking[0][1] if ranking else np.inf), limit)
