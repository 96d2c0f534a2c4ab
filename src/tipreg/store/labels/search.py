"""Search filters on labels: SQL conditions on the provision table aliased `p`, for any backend."""

from __future__ import annotations


def label_filter_sql(
    theme: str | None, addressee: str | None, strength: int | None, group: str | None = None
) -> tuple[list[str], list[object]]:
    """WHERE clauses keeping entries whose effective labels match; a theme id also matches its sub-themes."""
    from tipreg.store.labels.models import LabelValue

    table = LabelValue._meta.db_table
    # An uncorrelated IN: the labelled entries are found once through the (field, value) index, not
    # looked up again for every row the text search matches (that plan took seconds on SQLite).
    labelled = f"p.id IN (SELECT v.provision_id FROM {table} v WHERE v.field = %s AND "
    where: list[str] = []
    params: list[object] = []
    if theme is not None:
        where.append(labelled + "(v.value = %s OR substr(v.value, 1, %s) = %s))")
        params += ["themes", theme, len(theme) + 1, theme + "."]
    for field, value in (("addressees", addressee), ("strength", strength), ("groups", group)):
        if value is not None:
            where.append(labelled + "v.value = %s)")
            params += [field, str(value)]
    return where, params
