"""Keyword index over the register's provisions, one interface per database backend.

The index holds folded text (see fold.py) so that accents, case and common OCR confusions never
decide a match; the repaired text and every source's original text are both indexed, so a word
the repair missed still matches as printed. A query word also matches its other number where the
index holds it (victima, victimas); a word found nowhere in the index in either number is widened to
indexed words a small edit distance away (typo tolerance).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tipreg.search.fold import fold_text, folded_words
from tipreg.search.query import Filters, Query, Term
from tipreg.search.termmatrix import Phrase, TermMatrix

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from tipreg.store.models import Provision

FTS_TABLE = "search_provision_fts"
VOCAB_TABLE = "search_provision_vocab"
# bm25 column weights, in column order: provision_id (not indexed), heading, text, original.
# The original text counts less: it mostly repeats the repaired text.
BM25_WEIGHTS = (0.0, 2.0, 1.0, 0.5)
MAX_EXPANSIONS = 5


class SearchUnavailable(RuntimeError):
    """Keyword search is not implemented for this database backend."""


class KeywordIndex(Protocol):
    def install(self) -> None:
        """Create the index structures (called by a migration)."""

    def update(self, provision: Provision) -> None:
        """(Re)index one register entry with its current text and sources."""

    def add_original(self, provision_id: str, text_original: str) -> None:
        """Make one more source's printed text of an entry findable."""

    def remove(self, provision_id: str) -> None:
        """Drop an entry's row (a curator merged the entry into another)."""

    def search(self, query: Query, limit: int) -> list[tuple[str, float]]:
        """(provision id, score) best first; higher scores are better."""


def keyword_index(connection: BaseDatabaseWrapper | None = None) -> KeywordIndex:
    """The keyword index for `connection` (default: Django's default connection)."""
    if connection is None:
        from django.db import connection as default_connection

        connection = default_connection
    if connection.vendor == "sqlite":
        return SqliteFts5Index(connection)
    if connection.vendor == "postgresql":
        return PostgresFullTextIndex(connection)
    return UnsupportedIndex(connection.vendor)


def max_typo_distance(word: str) -> int:
    """Edits tolerated in a query word that matches nothing: none for short words (too many neighbours), nor
    for numbers (a year the register lacks, 2022, is not a misspelt 2012)."""
    if len(word) < 4 or word.isdigit():
        return 0
    return 1 if len(word) < 8 else 2


def index_rowid(provision_id: str) -> int:
    """The FTS row of an entry: a 60-bit hash of its id, so replacing the row is a lookup, not a scan
    (FTS5 cannot index the id column itself). A collision would fail the insert, never mix entries."""
    return int.from_bytes(hashlib.blake2b(provision_id.encode(), digest_size=8).digest()) >> 4


def indexed_texts(provision: Provision, originals: list[str]) -> tuple[str, str, str]:
    """Folded (heading, text, original) of an entry; sub-items not already in the text are added."""
    text_parts = [provision.text]
    original_parts = [provision.text_original, *originals]
    for subitem in _walk(provision.subitems):
        if subitem["text"] not in provision.text:
            text_parts.append(subitem["text"])
        original_parts.append(subitem.get("text_original", ""))
    unique_originals = list(dict.fromkeys(part for part in original_parts if part))
    return fold_text(provision.heading or ""), fold_text("\n".join(text_parts)), fold_text("\n".join(unique_originals))


def _walk(subitems: list[dict]) -> Iterator[dict]:
    for subitem in subitems:
        yield subitem
        yield from _walk(subitem.get("subitems", []))


class KnownWords:
    """Words this process knows an entry's index row holds, so that one more copy of a provision
    (the usual case: every copy of a report) costs no read of the row. Rows only ever gain words, so
    what is known here stays true whatever other processes write."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self.words: dict[tuple[str, str], set[str]] = {}
        self.texts: set[tuple[str, str, int]] = set()  # (database, entry, hash of a printed text) indexed

    def seen(self, connection: BaseDatabaseWrapper, provision_id: str, text: str) -> bool:
        """Whether this text was indexed for the entry before; remembers it for next time."""
        key = (str(connection.settings_dict["NAME"]), provision_id, hash(text))
        if key in self.texts:
            return True
        if len(self.texts) >= 50 * self.size:
            self.texts.clear()
        self.texts.add(key)
        return False

    def get(self, connection: BaseDatabaseWrapper, provision_id: str) -> set[str] | None:
        return self.words.get((str(connection.settings_dict["NAME"]), provision_id))

    def forget(self) -> None:
        """After a rolled-back write: what was added in it is not in the rows after all."""
        self.words.clear()
        self.texts.clear()

    def put(self, connection: BaseDatabaseWrapper, provision_id: str, words: set[str]) -> None:
        if len(self.words) >= self.size:
            self.forget()
        self.words[(str(connection.settings_dict["NAME"]), provision_id)] = words


KNOWN_WORDS = KnownWords()


def words_to_add(connection: BaseDatabaseWrapper, provision_id: str, text_original: str, read_row) -> list[str]:
    """Folded words of `text_original` that the entry's row lacks ([] when the row does not exist)."""
    if KNOWN_WORDS.seen(connection, provision_id, text_original):
        return []  # the very same printed text came before: its words are in
    known = KNOWN_WORDS.get(connection, provision_id)
    if known is None:
        row = read_row()
        if row is None:
            return []
        known = set(" ".join(row).split())
        KNOWN_WORDS.put(connection, provision_id, known)
    new_words = [word for word in dict.fromkeys(folded_words(text_original)) if word not in known]
    known.update(new_words)
    return new_words


class FoldedTextIndex:
    """What the SQL backends share: one row of folded (heading, text, original) per entry, found by
    `key_column`, and a vocabulary of indexed words (`VOCAB_TABLE`, a `term` column) for typo widening."""

    key_column = "provision_id"

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def row_key(self, provision_id: str) -> object:
        return provision_id

    def remove(self, provision_id: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE {self.key_column} = %s", [self.row_key(provision_id)])

    def add_original(self, provision_id: str, text_original: str) -> None:
        """Append the folded words of a new source that the entry's row lacks. The copies of one
        provision repeat each other, so this usually writes nothing, and never rereads all sources."""
        key = self.row_key(provision_id)

        def read_row() -> tuple | None:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT heading, text, original FROM {FTS_TABLE} WHERE {self.key_column} = %s", [key])
                return cursor.fetchone()

        new_words = words_to_add(self.connection, provision_id, text_original, read_row)
        if new_words:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {FTS_TABLE} SET original = original || %s WHERE {self.key_column} = %s",
                    ["\n" + " ".join(new_words), key],
                )
                self.words_added(cursor, new_words)

    def words_added(self, cursor: object, words: list[str]) -> None:
        """Hook for backends whose vocabulary is a table of their own."""

    def widen(self, query: Query) -> None:
        """Widen each plain word to the indexed words of its other number ("victima" also finds "víctimas"),
        and a word the index holds in neither number to the nearest indexed words (typos; the vocabulary is
        read only then, and kept until the index changes). A query ranked again keeps what it was widened to."""
        vocabulary: list[str] | None = None
        with self.connection.cursor() as cursor:
            for term in query.terms:
                word = term.alternatives[0]
                if term.prefix or term.phrase or term.widened or not max_typo_distance(word):
                    continue
                found = [form for form in (word, *number_forms(word)) if self.indexed(cursor, form)]
                if not found:
                    if vocabulary is None:
                        vocabulary = self.vocabulary(cursor)
                    found = nearest_words(word, vocabulary)
                term.alternatives, term.widened = found or term.alternatives, True

    def indexed(self, cursor, word: str) -> bool:
        """Whether some entry's row holds `word` (one lookup in the vocabulary's index)."""
        cursor.execute(f"SELECT 1 FROM {VOCAB_TABLE} WHERE term = %s", [word])
        return cursor.fetchone() is not None

    def vocabulary(self, cursor) -> list[str]:
        """Every indexed word. Reading it scans the whole FTS5 index (a second at 10^5 entries), so it is
        kept per register until an entry or a source is added (the only writes that add words)."""
        from tipreg.store.models import Source

        cursor.execute(
            "SELECT (SELECT value FROM vectors_generation WHERE key = 'provisions'), "
            f"(SELECT MAX(id) FROM {Source._meta.db_table})"
        )
        key, stamp = str(self.connection.settings_dict["NAME"]), cursor.fetchone()
        cached = _VOCABULARIES.get(key)
        if cached is None or cached[0] != stamp:
            cursor.execute(f"SELECT term FROM {VOCAB_TABLE}")
            cached = _VOCABULARIES[key] = (stamp, [row[0] for row in cursor.fetchall()])
        return cached[1]


_VOCABULARIES: dict[str, tuple[tuple, list[str]]] = {}  # register -> (stamp of its index, indexed words)


class SqliteFts5Index(FoldedTextIndex):
    """SQLite FTS5 with bm25 ranking; an fts5vocab table feeds typo expansion."""

    key_column = "rowid"

    def row_key(self, provision_id: str) -> object:
        return index_rowid(provision_id)

    def install(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                "provision_id UNINDEXED, heading, text, original, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, row)")

    def update(self, provision: Provision) -> None:
        originals = list(provision.sources.values_list("text_original", flat=True))
        rowid = index_rowid(provision.pk)
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [rowid])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, provision_id, heading, text, original) VALUES (%s, %s, %s, %s, %s)",
                [rowid, provision.pk, *indexed_texts(provision, originals)],
            )

    def search(self, query: Query, limit: int) -> list[tuple[str, float]]:
        if not query.terms:
            return []
        self.widen(query)
        from tipreg.store.models import Provision

        where, params = filter_sql(query.filters)
        matrix = TERM_MATRICES.current(self.connection) if not any(term.phrase for term in query.terms) else None
        if matrix is not None:
            allowed = None
            if where:
                with self.connection.cursor() as cursor:
                    cursor.execute(f"SELECT p.id FROM {Provision._meta.db_table} p WHERE {' AND '.join(where)}", params)
                    allowed = matrix.mask(row[0] for row in cursor.fetchall())
            phrases = [[Phrase(word, term.prefix) for word in term.alternatives] for term in query.terms]
            return matrix.rank(phrases, limit, allowed) or []
        clauses = [f"{FTS_TABLE} MATCH %s"]
        # Filters select the entries first, into a list each match is checked against: joining the
        # entries' table instead reads an entry's row per match, several times the ranking's own cost
        # when a query matches most of a large register.
        if where:
            clauses.append(
                f"f.provision_id IN (SELECT p.id FROM {Provision._meta.db_table} p WHERE {' AND '.join(where)})"
            )
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        sql = (  # ties by id, as the term matrix breaks them
            f"SELECT f.provision_id, bm25({FTS_TABLE}, {weights}) AS rank "
            f"FROM {FTS_TABLE} f WHERE {' AND '.join(clauses)} ORDER BY rank, f.provision_id LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [match_expression(query.terms), *params, limit])
            # bm25 is lower-is-better and negative; users read higher-is-better.
            return [(provision_id, -rank) for provision_id, rank in cursor.fetchall()]


class TermMatrices:
    """Per SQLite register, the term matrix of its keyword index (termmatrix.py), for registers of
    `MIN_ENTRIES` or more (below, FTS5 ranks every match in a few milliseconds anyway).

    A matrix is current while the FTS5 index's structure record is unchanged (it changes with every
    write to the index). When it is not, a background thread rebuilds it from a consistent read of the
    index (seconds at 10^5 entries) while FTS5 answers: both rank alike, so no query waits for a build.
    """

    MIN_ENTRIES = 5_000

    def __init__(self, synchronous: bool = False) -> None:
        self.synchronous = synchronous  # build before answering (tests): the query then uses the new matrix
        self.lock = threading.Lock()
        # By register file: (index structure, its matrix, or None for FTS5: a register under MIN_ENTRIES)
        self.matrices: dict[str, tuple[bytes, TermMatrix | None]] = {}
        self.building: dict[str, threading.Thread] = {}

    def current(self, connection: BaseDatabaseWrapper) -> TermMatrix | None:
        """The register's matrix if it matches its index now; else None (and a rebuild is started).

        None inside a transaction too: its own writes to the index are not in any matrix.
        """
        path = str(connection.settings_dict["NAME"])
        if connection.in_atomic_block:
            return None
        with connection.cursor() as cursor:
            structure = index_structure(cursor)
        known = self.matrices.get(path)
        if known is not None and known[0] == structure:
            return known[1]
        if path == ":memory:" or path.startswith("file:"):
            return None  # no second connection sees an in-memory register
        self.build(path, wait=self.synchronous)
        known = self.matrices.get(path)
        return known[1] if self.synchronous and known is not None and known[0] == structure else None

    def build(self, path: str, wait: bool = False) -> None:
        """Rebuild the matrix of the register at `path` in a thread (one at a time per register)."""
        with self.lock:
            thread = self.building.get(path)
            if thread is None or not thread.is_alive():
                thread = self.building[path] = threading.Thread(target=self._build, args=(path,), daemon=True)
                thread.start()
        if wait:
            thread.join()

    def _build(self, path: str) -> None:
        from tipreg.store.models import Provision

        uri = f"{Path(path).resolve().as_uri()}?mode=ro"  # read only; as_uri escapes what a URI reserves
        reader = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            reader.execute("BEGIN")  # the structure and the rows from one snapshot
            structure = index_structure(reader.cursor())
            (entries,) = reader.execute(f"SELECT COUNT(*) FROM {Provision._meta.db_table}").fetchone()
            if entries < self.MIN_ENTRIES:
                self.matrices[path] = (structure, None)
                return
            rows = reader.execute(f"SELECT provision_id, heading, text, original FROM {FTS_TABLE}")
            matrix = TermMatrix(((row[0], row[1:]) for row in rows), BM25_WEIGHTS[1:])
            self.matrices[path] = (structure, matrix)
        except sqlite3.Error:
            self.matrices.pop(path, None)  # FTS5 keeps answering; the next query tries again
        finally:
            reader.close()


def index_structure(cursor) -> bytes:
    """FTS5's structure record of the keyword index: it changes with every committed write to the index."""
    cursor.execute(f"SELECT block FROM {FTS_TABLE}_data WHERE id = 10")
    row = cursor.fetchone()
    return bytes(row[0]) if row else b""


TERM_MATRICES = TermMatrices()


def filter_sql(filters: Filters) -> tuple[list[str], list[object]]:
    """WHERE clauses (on the provision table aliased `p`) and their parameters, for any backend."""
    from tipreg.store.labels.search import label_filter_sql
    from tipreg.store.models import Document, Source

    where: list[str] = []
    params: list[object] = []
    for column, value in (("meeting", filters.meeting), ("year", filters.year), ("kind", filters.kind)):
        if value is not None:
            where.append(f"p.{column} = %s")
            params.append(value)
    if filters.document_type is not None:
        where.append(
            f"EXISTS (SELECT 1 FROM {Source._meta.db_table} s JOIN {Document._meta.db_table} d "
            "ON d.id = s.document_id WHERE s.provision_id = p.id AND d.type = %s)"
        )
        params.append(filters.document_type)
    label_where, label_params = label_filter_sql(filters.theme, filters.addressee, filters.strength, filters.group)
    return where + label_where, params + label_params


def number_forms(word: str) -> list[str]:
    """The other number of a folded Spanish or English word, as spelling makes it: plural -s and -es
    (victima/victimas, nacion/naciones, pais/paises, policy/policies), -z/-ces (vez/veces); both ways, since
    a query may give either. Candidates only: the index says which exist."""
    forms: set[str] = set()
    for singular, plural in (("", "s"), ("", "es"), ("z", "ces"), ("y", "ies")):
        if word.endswith(plural):
            forms.add(word[: len(word) - len(plural)] + singular)
        if word.endswith(singular):
            forms.add(word[: len(word) - len(singular)] + plural)
    return sorted(form for form in forms - {word} if len(form) >= 3)


def nearest_words(word: str, vocabulary: list[str]) -> list[str]:
    """Indexed words within the typo distance of `word`, nearest first."""
    matches = process.extract(
        word, vocabulary, scorer=Levenshtein.distance, score_cutoff=max_typo_distance(word), limit=None
    )
    matches.sort(key=lambda match: (match[1], match[0]))
    return [match[0] for match in matches[:MAX_EXPANSIONS]]


def match_expression(terms: list[Term]) -> str:
    """FTS5 MATCH syntax for the terms; every word is quoted, so user input is never FTS syntax."""
    groups = []
    for term in terms:
        star = "*" if term.prefix else ""
        alternatives = [f'"{alternative}"{star}' for alternative in term.alternatives]
        groups.append(alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})")
    return " AND ".join(groups)


class PostgresFullTextIndex(FoldedTextIndex):
    """PostgreSQL full text over the same folded text: a weighted tsvector ('simple' configuration,
    since folding already removed accents, case and OCR confusions), a GIN index, ts_rank_cd ordering divided
    by the entry's length (normalization 2: the nearest to SQLite's bm25, so a long entry that repeats a word
    does not outrank a short one on it);
    a vocabulary table feeds typo widening."""

    def install(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {FTS_TABLE} ("
                "provision_id varchar(64) PRIMARY KEY, heading text NOT NULL, text text NOT NULL, "
                "original text NOT NULL, document tsvector GENERATED ALWAYS AS ("
                "setweight(to_tsvector('simple', heading), 'A') || setweight(to_tsvector('simple', text), 'B') "
                "|| setweight(to_tsvector('simple', original), 'C')) STORED)"
            )
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {FTS_TABLE}_gin ON {FTS_TABLE} USING gin (document)")
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {VOCAB_TABLE} (term text PRIMARY KEY)")

    def update(self, provision: Provision) -> None:
        originals = list(provision.sources.values_list("text_original", flat=True))
        heading, text, original = indexed_texts(provision, originals)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (provision_id, heading, text, original) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (provision_id) DO UPDATE SET heading = EXCLUDED.heading, text = EXCLUDED.text, "
                "original = EXCLUDED.original",
                [provision.pk, heading, text, original],
            )
            self.words_added(cursor, f"{heading} {text} {original}".split())

    def words_added(self, cursor: object, words: list[str]) -> None:
        unique = sorted(set(words))
        if unique:
            cursor.execute(  # type: ignore[attr-defined]
                f"INSERT INTO {VOCAB_TABLE} (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING", [unique]
            )

    def search(self, query: Query, limit: int) -> list[tuple[str, float]]:
        if not query.terms:
            return []
        self.widen(query)
        from tipreg.store.models import Provision

        where, params = filter_sql(query.filters)
        sql = (
            f"SELECT f.provision_id, ts_rank_cd(f.document, q, 2) AS rank "
            f"FROM {FTS_TABLE} f JOIN {Provision._meta.db_table} p ON p.id = f.provision_id, "
            "to_tsquery('simple', %s) q "
            f"WHERE {' AND '.join(['f.document @@ q', *where])} ORDER BY rank DESC, f.provision_id LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [tsquery_expression(query.terms), *params, limit])
            return [(provision_id, float(rank)) for provision_id, rank in cursor.fetchall()]


def tsquery_expression(terms: list[Term]) -> str:
    """to_tsquery syntax for the terms: folded words are [a-z0-9] only, so nothing the user typed is
    read as tsquery syntax."""
    groups = []
    for term in terms:
        alternatives = []
        for alternative in term.alternatives:
            words = alternative.split()
            if term.prefix:
                alternatives.append(f"{words[0]}:*")
            else:
                alternatives.append(" <-> ".join(words) if len(words) > 1 else words[0])
        groups.append(f"({' | '.join(alternatives)})")
    return " & ".join(groups)


class UnsupportedIndex:
    """Stands in for database backends with no keyword index (neither SQLite nor PostgreSQL), so
    ingestion still works there."""

    def __init__(self, vendor: str) -> None:
        self.vendor = vendor

    def install(self) -> None:
        return None

    def update(self, provision: Provision) -> None:
        return None

    def add_original(self, provision_id: str, text_original: str) -> None:
        return None

    def remove(self, provision_id: str) -> None:
        return None

    def search(self, query: Query, limit: int) -> list[tuple[str, float]]:
        raise SearchUnavailable(f"keyword search is not available on {self.vendor} yet; use a SQLite register")
