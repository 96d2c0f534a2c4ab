"""SQLite FTS5's bm25 ranking, computed over an in-memory matrix of term frequencies.

FTS5 scores every row that matches before it can sort: "trata de personas" matches most of a register
about trafficking in persons, and ranking 78,000 matches takes about 100 ms at 100,000 entries. This
matrix holds, per entry and indexed word, the word's frequency weighted by column (as bm25's column
weights do), so scoring every match is a few vectorised numpy operations (a few milliseconds).

It reproduces FTS5's bm25 exactly (same formula, same idf floor, same column weights; sqlite's
ext/fts5/fts5_aux.c), so a query answered here or by FTS5 gets the same entries with the same scores,
and either may answer at any moment. Quoted phrases need word positions, which the matrix does not
keep: `rank` returns None for them and FTS5 answers.

Pure numpy and scipy over plain rows; the SQLite backend (keyword.py) reads the rows and decides when.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

K1 = 1.2  # bm25's constants, as FTS5 sets them
B = 0.75
IDF_FLOOR = 1e-6  # FTS5's floor for words in more than half of the rows
CHUNK = 1_000_000  # (entry, word) pairs collected in Python lists before they become arrays


@dataclass
class Phrase:
    """One alternative of a query term: a word, or every indexed word that starts with a prefix."""

    text: str
    prefix: bool = False


class TermMatrix:
    """Weighted term frequencies of every indexed entry: rows are entries, columns are indexed words."""

    def __init__(self, rows: Iterable[tuple[str, tuple[str, ...]]], weights: tuple[float, ...]) -> None:
        """`rows`: (entry id, folded column texts); `weights`: bm25's weight of each of those columns."""
        self.ids: list[str] = []
        columns: dict[str, int] = {}
        # (entry, word, weighted frequency) triples, moved from lists into arrays every CHUNK: a register of
        # 10^6 entries holds some 5 * 10^7, too many for Python lists.
        chunks: list[tuple[np.ndarray, ...]] = []
        entry_rows: list[int] = []
        column_of: list[int] = []
        frequency: list[float] = []
        lengths = []
        for number, (entry_id, texts) in enumerate(rows):
            self.ids.append(entry_id)
            counts: dict[int, float] = {}
            length = 0
            for text, weight in zip(texts, weights, strict=True):
                words = text.split()
                length += len(words)
                for word in words:
                    column = columns.setdefault(word, len(columns))
                    counts[column] = counts.get(column, 0.0) + weight
            entry_rows += [number] * len(counts)
            column_of += counts.keys()
            frequency += counts.values()
            lengths.append(length)
            if len(entry_rows) >= CHUNK:
                chunks.append(_arrays(entry_rows, column_of, frequency))
                entry_rows, column_of, frequency = [], [], []
        chunks.append(_arrays(entry_rows, column_of, frequency))
        entry_rows_array, column_array, frequency_array = (np.concatenate(parts) for parts in zip(*chunks, strict=True))
        size = (len(self.ids), len(columns))
        self.frequencies = sparse.csc_matrix((frequency_array, (entry_rows_array, column_array)), shape=size)
        self.frequencies.sort_indices()
        self.columns = columns
        self.words = sorted(columns)  # for prefixes: the words starting with one are a contiguous run
        lengths_array = np.array(lengths, dtype=np.float64)
        average = lengths_array.sum() / len(lengths) if lengths else 1.0
        self.saturation = K1 * (1 - B + B * lengths_array / average)  # bm25's length term, per entry
        self.row_of = {entry_id: row for row, entry_id in enumerate(self.ids)}
        self.id_order = np.empty(len(self.ids), dtype=np.int64)  # each row's place in id order: ties go by id
        self.id_order[sorted(range(len(self.ids)), key=self.ids.__getitem__)] = np.arange(len(self.ids))

    @property
    def size(self) -> int:
        return len(self.ids)

    def postings(self, phrase: Phrase) -> tuple[np.ndarray, np.ndarray]:
        """(entries holding the phrase, its weighted frequency in each), entries ascending."""
        if not phrase.prefix:
            column = self.columns.get(phrase.text)
            if column is None:
                return np.zeros(0, dtype=np.int32), np.zeros(0)
            start, end = self.frequencies.indptr[column], self.frequencies.indptr[column + 1]
            return self.frequencies.indices[start:end], self.frequencies.data[start:end]
        first = bisect.bisect_left(self.words, phrase.text)
        last = bisect.bisect_left(self.words, phrase.text + "\x7f")
        if first == last:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        matched = self.frequencies[:, [self.columns[word] for word in self.words[first:last]]].sum(axis=1).A1
        rows = np.flatnonzero(matched)
        return rows, matched[rows]

    def rank(
        self, terms: list[list[Phrase]], limit: int, allowed: np.ndarray | None = None
    ) -> list[tuple[str, float]] | None:
        """The `limit` best entries holding, for every term, one of its phrases, by bm25 (higher is better).

        `allowed`: a boolean mask over the rows (a filter), or None for all. None for an empty query.
        """
        if not terms or not self.ids:
            return None if not terms else []
        hits = np.zeros(self.size, dtype=np.int16)  # terms each entry holds
        scores = np.zeros(self.size)
        for term in terms:
            holds = np.zeros(self.size, dtype=bool)
            for phrase in term:
                rows, frequency = self.postings(phrase)
                holds[rows] = True
                idf = max(np.log((self.size - len(rows) + 0.5) / (len(rows) + 0.5)), IDF_FLOOR)
                scores[rows] += idf * ((frequency * (K1 + 1)) / (frequency + self.saturation[rows]))  # FTS5's order
            hits += holds
        matches = hits == len(terms)
        if allowed is not None:
            matches &= allowed
        candidates = np.flatnonzero(matches)
        if len(candidates) > limit > 0:  # the best `limit`, and every entry tied with the last of them
            cut = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
            candidates = candidates[scores[candidates] >= cut]
        best = candidates[np.lexsort((self.id_order[candidates], -scores[candidates]))][:limit]
        return [(self.ids[row], float(scores[row])) for row in best]

    def mask(self, entry_ids: Iterable[str]) -> np.ndarray:
        """The rows of `entry_ids` (unknown ids ignored), as a boolean mask for `rank`."""
        allowed = np.zeros(self.size, dtype=bool)
        rows = [self.row_of[entry_id] for entry_id in entry_ids if entry_id in self.row_of]
        allowed[rows] = True
        return allowed


def _arrays(entry_rows: list[int], column_of: list[int], frequency: list[float]) -> tuple[np.ndarray, ...]:
    return np.array(entry_rows, dtype=np.int32), np.array(column_of, dtype=np.int32), np.array(frequency)
