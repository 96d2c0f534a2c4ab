"""Facet counts over search results from an in-memory table of every entry's facet values.

Counting with SQL meant shipping up to 5,000 result ids into five grouped queries per page (about 100 ms
of a search page at 10,000 entries, and the IN lists alone cost Django more than the queries). Instead each
process keeps, per entry, its meeting, year, kind, the types of the documents that carry it, its themes,
sub-themes, addressees, strength and groups (a few MB at 10,000 entries), and counts them in one pass (a few
ms for 5,000 ids).

The table is rebuilt when the register changes, which a cheap stamp query tells (register_stamp), so an
ingestion, a curation, a label correction or a relabelling is seen by the next request of every process.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from django.db import connection

from tipreg.store.curation.models import CurationEvent
from tipreg.store.labels.models import Correction, LabelValue
from tipreg.store.models import Provision, Source

# An entry's facet values as (facet, value) pairs: meeting, year, kind (one each), type (of the documents
# that carry it), theme, subtheme, addressee, strength, group (any number). Each distinct pair is numbered,
# an entry holds the numbers of its pairs, and one Counter over the numbers of all the result ids counts every facet at
# once, in C (numbers rather than the pairs themselves: hashing tuples made counting four times slower).
Pair = tuple[str, object]


class Table:
    def __init__(self, pairs: dict[str, list[Pair]]) -> None:
        numbers: dict[Pair, int] = {}
        self.entries = {
            pid: tuple(numbers.setdefault(pair, len(numbers)) for pair in entry) for pid, entry in pairs.items()
        }
        self.pairs = list(numbers)


class FacetTable:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tables: dict[str, tuple[tuple, Table]] = {}  # by database: (stamp, table)

    def table(self) -> Table:
        """Every entry's facet values, as the register holds them now."""
        database, stamp = str(connection.settings_dict["NAME"]), register_stamp()
        known = self.tables.get(database)
        if known is None or known[0] != stamp:
            with self.lock:  # one thread rebuilds; the others wait for it rather than rebuild too
                known = self.tables.get(database)
                if known is None or known[0] != stamp:
                    known = (stamp, load_table())
                    self.tables[database] = known
        return known[1]

    def count(self, ids: Iterable[str], facets: Iterable[str]) -> dict[str, Counter]:
        """{facet: Counter(value: entries among `ids`)} for meeting, year, kind, type, theme, subtheme, addressee."""
        table = self.table()
        counts: dict[str, Counter] = {facet: Counter() for facet in facets}
        for number, n in Counter(chain.from_iterable(table.entries.get(pid, ()) for pid in ids)).items():
            facet, value = table.pairs[number]
            if facet in counts:
                counts[facet][value] = n
        return counts


def register_stamp() -> tuple:
    """Changes whenever an entry, a source or a label of the register does: the number of entries and the
    latest id of sources, label values, label corrections and curations (ids only ever grow: AUTOINCREMENT
    on SQLite, sequences on PostgreSQL). Each is an index look-up; a curation that changes no label still
    writes its event."""
    tables = [model._meta.db_table for model in (Source, LabelValue, Correction, CurationEvent)]
    latest = ", ".join(f"(SELECT MAX(id) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {Provision._meta.db_table}), {latest}")
        return tuple(cursor.fetchone())


# label field → its (facet, value) pair; a strength is stored as text and counted as the number it is
_LABEL_FACETS = {
    "addressees": lambda value: ("addressee", value),
    "strength": lambda value: ("strength", int(value)),
    "groups": lambda value: ("group", value),
}


def load_table() -> Table:
    pairs: dict[str, list[Pair]] = {
        pid: [("meeting", meeting), ("year", year), ("kind", kind)]
        for pid, meeting, year, kind in Provision.objects.values_list("id", "meeting", "year", "kind").iterator()
    }
    blank: list = []  # absorbs rows of an entry stored after the first query
    for pid, document_type in Source.objects.values_list("provision_id", "document__type").distinct().iterator():
        pairs.get(pid, blank).append(("type", document_type))
    fields = ("themes", "addressees", "strength", "groups")
    labels = LabelValue.objects.filter(field__in=fields).values_list("provision_id", "field", "value")
    for pid, name, value in labels.iterator():
        entry = pairs.get(pid, blank)
        if name == "themes":
            entry += [("subtheme", value), ("theme", value.split(".")[0])]
        else:
            entry.append(_LABEL_FACETS[name](value))
    return Table({pid: list(dict.fromkeys(entry)) for pid, entry in pairs.items()})  # a theme once per entry


FACET_TABLE = FacetTable()
