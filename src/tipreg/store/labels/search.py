"""Filters on labels, defined once: ORM subqueries of labelled entries, used by the web's querysets and,
as SQL, by the search backends (conditions on the provision table aliased `p`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from tipreg.store.labels.models import LabelValue

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from tipreg.store.models import Provision


def labelled_entries(
    theme: str | None, addressee: str | None, strength: int | None, group: str | None
) -> list[QuerySet[LabelValue]]:
    """One subquery of entry ids per label asked for; a theme id also matches its sub-themes.

    Each is used as an uncorrelated `id IN (...)`: the labelled entries are found once through the
    (field, value) index, where a correlated EXISTS let SQLite scan every label row per entry (seconds).
    """
    chosen = []
    if theme is not None:
        chosen.append(LabelValue.objects.filter(Q(value=theme) | Q(value__startswith=f"{theme}."), field="themes"))
    for field, value in (("addressees", addressee), ("strength", strength), ("groups", group)):
        if value is not None:
            chosen.append(LabelValue.objects.filter(field=field, value=str(value)))
    return [labelled.values("provision_id") for labelled in chosen]


def with_labels(
    entries: QuerySet[Provision],
    theme: str | None = None,
    addressee: str | None = None,
    strength: int | None = None,
    group: str | None = None,
) -> QuerySet[Provision]:
    """The entries labelled with this theme (or any of its sub-themes), addressee, strength and group."""
    for labelled in labelled_entries(theme, addressee, strength, group):
        entries = entries.filter(pk__in=labelled)
    return entries


def label_filter_sql(
    theme: str | None, addressee: str | None, strength: int | None, group: str | None = None
) -> tuple[list[str], list[object]]:
    """The same filters as WHERE clauses on `p` and their parameters, for raw search SQL on any backend."""
    where: list[str] = []
    params: list[object] = []
    for labelled in labelled_entries(theme, addressee, strength, group):
        sql, labelled_params = labelled.query.sql_with_params()
        where.append(f"p.id IN ({sql})")
        params += labelled_params
    return where, params
