"""Vector search over the register's stored embeddings: brute-force numpy, exact, fine to ~10^5 entries.

`VectorIndex` is the seam for an approximate index (FAISS, hnswlib, pgvector) when the register grows:
anything with `nearest(query_vector, allowed_ids, limit)` can replace it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from tipreg.embed import Embedder, load_embedder, text_hash
from tipreg.search.query import Filters

BATCH = 32


def embedded_text(heading: str | None, text: str) -> str:
    """What an entry's vector stands for: its heading (the topic) and its repaired text, sub-items included."""
    return f"{heading}\n{text}" if heading else text


def embed_register(
    embedder: Embedder | None = None, progress: Callable[[int, int], None] | None = None, force: bool = False
) -> int:
    """Embed the entries with no vector of this model, or whose text changed since; returns how many.

    Batched; `progress(done, total)` is called after each batch. `force` recomputes every vector.
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
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        vectors = embedder.embed([passage for _, passage in batch])
        for (provision_id, passage), vector in zip(batch, vectors, strict=True):
            Embedding.objects.update_or_create(
                provision_id=provision_id,
                model_id=embedder.model_id,
                defaults={"text_hash": text_hash(passage), "vector": vector.astype("<f4").tobytes()},
            )
        if progress:
            progress(start + len(batch), len(todo))
    return len(todo)


class VectorIndex:
    """Every stored vector of one model in one matrix; cosine similarity is a dot product (unit vectors)."""

    def __init__(self, model_id: str) -> None:
        from tipreg.store.vectors.models import Embedding

        rows = list(
            Embedding.objects.filter(model_id=model_id).order_by("provision_id").values_list("provision_id", "vector")
        )
        self.ids = [provision_id for provision_id, _ in rows]
        self.position = {provision_id: i for i, provision_id in enumerate(self.ids)}
        self.matrix = (
            np.vstack([np.frombuffer(bytes(vector), dtype="<f4") for _, vector in rows]) if rows else np.zeros((0, 0))
        )

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


def coverage(embedder: Embedder | None = None) -> tuple[int, int]:
    """(entries with a vector of this model, entries in the register): what semantic search can see."""
    from tipreg.store.models import Provision
    from tipreg.store.vectors.models import Embedding

    embedder = embedder or load_embedder()
    return Embedding.objects.filter(model_id=embedder.model_id).count(), Provision.objects.count()


def semantic_search(
    text: str,
    filters: Filters,
    limit: int,
    embedder: Embedder | None = None,
    only_if_embedded: bool = False,
    *,
    embed_missing: bool = True,
) -> list[tuple[str, float]]:
    """Entries nearest in meaning to `text`, whatever their language; embeds entries not yet embedded first.

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
        embed_register(embedder)
    index = VectorIndex(embedder.model_id)
    return across_languages(nearest_per_language(embedder.embed_query(text), filters, limit, index), limit)


def nearest_per_language(
    vector: np.ndarray, filters: Filters, limit: int, index: VectorIndex, leave_out: str | None = None
) -> list[list[tuple[str, float]]]:
    """The `limit` entries nearest to `vector` in each language the register holds, one list per language.

    Small multilingual models keep a language's texts closer to each other than to their translations:
    a Spanish query ranks nearly every Spanish entry above the English one saying the same. Ranked apart
    and fused (tipreg.search.hybrid), the best match in each language comes near the top.
    """
    from tipreg.store.models import Provision

    allowed = filtered_ids(filters)
    entries = Provision.objects.all() if allowed is None else Provision.objects.filter(id__in=allowed)
    languages = sorted(entries.order_by().values_list("language", flat=True).distinct(), key=lambda lang: lang or "")
    if len(languages) <= 1:  # the common case, and the cheap one: no id lists
        groups: list[list[str] | None] = [allowed]
    else:
        by_language: dict[str | None, list[str]] = {language: [] for language in languages}
        for entry, language in entries.values_list("id", "language"):
            by_language[language].append(entry)
        groups = list(by_language.values())
    extra = 1 if leave_out else 0
    return [
        [(entry, score) for entry, score in index.nearest(vector, group, limit + extra) if entry != leave_out][:limit]
        for group in groups
    ]


def similar_to(
    provision_id: str, filters: Filters, limit: int, embedder: Embedder | None = None, *, embed_missing: bool = True
) -> list[tuple[str, float]]:
    """ "More like this": the entries nearest to entry `provision_id`, itself left out.

    KeyError when the entry has no vector (unknown, or not embedded while `embed_missing` is False).
    """
    embedder = embedder or load_embedder()
    if embed_missing:
        embed_register(embedder)
    index = VectorIndex(embedder.model_id)
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
