"""Compute, correct and read the labels of register entries (the store side of tipreg.enrich).

Computed labels are rewritten whenever the rules run again; curators' corrections live in their own
append-only table and always win over them, so a re-run never undoes a curator's work.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from tipreg.enrich import ADDRESSEES, GROUPS, STRENGTHS, label_trees
from tipreg.enrich.taxonomy import subtheme_ids, theme_tree_ids
from tipreg.enrich.theme_model import default_theme_classifier
from tipreg.model import SubItem
from tipreg.store.labels.models import LABEL_FIELDS, ComputedLabels, Correction, LabelValue
from tipreg.store.models import Provision


class LabelError(ValueError):
    """A correction names an unknown entry, sub-item, field or value."""


class LabelConflict(LabelError):
    """Someone corrected the item's labels after the editor read them; nothing was recorded."""

    def __init__(self, newer: list[Correction]) -> None:
        authors = ", ".join(sorted({correction.author for correction in newer}))
        super().__init__(f"the labels were corrected meanwhile by {authors}: check them as they are now and save again")
        self.newer = newer


class LabelsRecomputed(LabelError):
    """The item's labels were computed again (its entry corrected, or relabelled) after the editor read them."""

    def __init__(self) -> None:
        super().__init__(
            "the labels were computed again meanwhile (the entry was curated or relabelled): "
            "check them as they are now and save again"
        )


def label_entries(entry_ids: Iterable[str]) -> int:
    """(Re)compute the labels of these entries and their sub-items; corrections are kept. Returns the count.

    A few queries for the whole batch, not per entry: ingestion labels every new entry of a document.
    """
    provisions = list(Provision.objects.filter(pk__in=list(entry_ids)).only("id", "text", "subitems"))
    ids = [provision.pk for provision in provisions]
    # Rules first; the learned classifier embeds, in one batch, only the texts the rules leave without a theme.
    trees = label_trees(
        [(provision.text, as_subitems(provision.subitems)) for provision in provisions], default_theme_classifier()
    )
    rows = [
        ComputedLabels(provision=provision, path=path, **labels.record())
        for provision, tree in zip(provisions, trees, strict=True)
        for path, labels in tree.items()
    ]
    with transaction.atomic():
        ComputedLabels.objects.filter(provision_id__in=ids).delete()
        ComputedLabels.objects.bulk_create(rows)
        corrected = set(Correction.objects.filter(provision_id__in=ids, path="").values_list("provision_id", flat=True))
        LabelValue.objects.filter(provision_id__in=ids).delete()
        LabelValue.objects.bulk_create(
            value
            for row in rows
            if row.path == "" and row.provision_id not in corrected
            for value in _values(row.provision_id, _merge(row, {}))
        )
        for entry_id in corrected:
            _refresh_values(entry_id)
    return len(provisions)


def label_all() -> int:
    """Relabel every entry (after the rules changed)."""
    return label_entries(Provision.objects.values_list("pk", flat=True))


# The value of a correction that takes a field back to its computed labels: the curator's earlier correction (or
# confirmation) of it stops applying, so re-runs of the rules and the classifier label it again.
BACK_TO_COMPUTED = {"back_to": "computed"}


def correct(entry_id: str, field: str, value: Any, author: str, path: str = "") -> Correction:
    """Record a curator's value for one field of an entry or sub-item (value None: confirm what is there;
    BACK_TO_COMPUTED: undo the correction in force, the computed labels apply again)."""
    if not author.strip():
        raise LabelError("a correction needs its author")
    author = author.strip()  # "--by ' Ana '" is Ana, as in the curation history
    if field not in LABEL_FIELDS:
        raise LabelError(f"unknown label field {field!r}; one of {', '.join(LABEL_FIELDS)}")
    current = effective_labels(entry_id, path)  # raises for an unknown entry or sub-item
    if value == BACK_TO_COMPUTED:
        if not _corrected(entry_id, path, field):
            raise LabelError(f"{field} is not corrected: it has its computed labels already")
    elif value is None:
        value = current[field]["value"] if field == "strength" and current[field] else current[field]
        if field != "strength":
            value = [label["value"] for label in value]
    if value != BACK_TO_COMPUTED:
        _check_value(field, value)
    with transaction.atomic():
        correction = Correction.objects.create(
            provision_id=entry_id, path=path, field=field, value=value, author=author
        )
        _refresh_values(entry_id)
    return correction


def item_version(entry_id: str, path: str = "") -> int:
    """The id of the item's latest correction (0: none yet): what an editor saw, for `correct_labels`' check."""
    latest = Correction.objects.filter(provision_id=entry_id, path=path).aggregate(latest=Max("id"))["latest"]
    return latest or 0


def computed_version(entry_id: str, path: str = "") -> int:
    """The id of the item's computed labels (0: none), new each time they are computed: what an editor saw, for
    `correct_labels`' check."""
    rows = ComputedLabels.objects.filter(provision_id=entry_id, path=path)
    return rows.values_list("id", flat=True).first() or 0


def correct_labels(
    entry_id: str,
    values: dict[str, Any],
    author: str,
    path: str = "",
    seen: int | None = None,
    computed: int | None = None,
) -> list[Correction]:
    """Record several fields of one entry or sub-item at once, all or none (a value None confirms the field).

    With `seen` (the `item_version` the editor read), refuse with LabelConflict if anyone corrected the item
    since: two curators at one entry never overwrite each other unseen. With `computed` (the `computed_version`
    the editor read), refuse with LabelsRecomputed if the labels were computed again since: a form showing the
    labels of a text another curator has corrected would record them back as this curator's.
    """
    with transaction.atomic():
        # One editor of an entry at a time: the row lock on PostgreSQL, SQLite's IMMEDIATE transactions there.
        list(Provision.objects.select_for_update().filter(pk=entry_id).values_list("pk", flat=True))
        if seen is not None:
            newer = list(Correction.objects.filter(provision_id=entry_id, path=path, id__gt=seen))
            if newer:
                raise LabelConflict(newer)
        if computed is not None and computed != computed_version(entry_id, path):
            raise LabelsRecomputed()
        return [correct(entry_id, field, value, author, path) for field, value in values.items()]


@dataclass(frozen=True)
class LabelChange:
    """One confirmation or correction of a label field of an entry ("" path) or sub-item: who, when, and the
    field's published values just before it and as it left them (plain values: ids, a strength or None)."""

    path: str
    field: str
    before: Any
    after: Any
    author: str
    at: datetime.datetime
    back_to_computed: bool = False  # the curator undid the correction in force: the computed labels apply

    @property
    def confirmed(self) -> bool:
        """A confirmation: the curator kept the values as they were."""
        return not self.back_to_computed and self.before == self.after


def label_history(entry_id: str, path: str | None = None) -> list[LabelChange]:
    """Every confirmation and correction of an entry's labels (only those of sub-item `path`, "" the entry
    itself, when given), oldest first, each with the values it replaced. Before an item's first correction
    of a field, those are the computed labels as they stand now (a relabelling recomputes them)."""
    computed = list(ComputedLabels.objects.filter(provision_id=entry_id))
    corrections = list(Correction.objects.filter(provision_id=entry_id).order_by("id"))
    changes = []
    for index, correction in enumerate(corrections):
        if path is not None and correction.path != path:
            continue
        # A sub-item a later correction of the entry's text removed has no published labels: its value then is
        # the correction's own.
        before = _published(computed, corrections[:index]).get(correction.path)
        after = _published(computed, corrections[: index + 1]).get(correction.path)
        back = correction.value == BACK_TO_COMPUTED
        changes.append(
            LabelChange(
                path=correction.path,
                field=correction.field,
                before=plain_values(before)[correction.field] if before else None,
                after=plain_values(after)[correction.field] if after else None if back else correction.value,
                author=correction.author,
                at=correction.created_at,
                back_to_computed=back,
            )
        )
    return changes


def plain_values(labels: dict[str, Any]) -> dict[str, Any]:
    """An item's label values alone, as corrections hold them: lists of ids, and a strength or None."""
    values: dict[str, Any] = {field: [label["value"] for label in labels[field]] for field in LIST_FIELDS}
    values["strength"] = labels["strength"]["value"] if labels["strength"] else None
    return values


LIST_FIELDS = ("themes", "addressees", "groups")


def effective_labels(entry_id: str, path: str = "") -> dict[str, Any]:
    """The labels of an entry or sub-item as published: computed ones, each field overridden by its latest correction
    (and a sub-item's inherited addressees and strength by its lead's correction)."""
    computed = list(ComputedLabels.objects.filter(provision_id=entry_id))
    corrections = list(Correction.objects.filter(provision_id=entry_id).order_by("id"))
    records = _published(computed, corrections)
    if path not in records:
        if not Provision.objects.filter(pk=entry_id).exists():
            raise LabelError(f"no entry {entry_id!r}{_merged_hint(entry_id)}")
        raise LabelError(f"no labels for entry {entry_id!r}" + (f" sub-item {path!r}" if path else ""))
    return records[path]


def _merged_hint(entry_id: str) -> str:
    """Where a merged-away id's labels are now, as `tipreg curate` says it: the curator corrects them there."""
    from tipreg.store.curation.records import resolve  # curation builds on labels, not the other way round

    merged_into = resolve(entry_id)
    return f" (it was merged into {merged_into})" if merged_into else ""


def entry_label_records(provision: Provision) -> dict[str, dict[str, Any]]:
    """Effective labels of an entry and all its sub-items, by path, from prefetched rows when there are."""
    return _published(list(provision.computed_labels.all()), list(provision.label_corrections.all()))


def _published(computed: list[ComputedLabels], corrections: list[Correction]) -> dict[str, dict[str, Any]]:
    """Each path's labels: the latest correction of a field wins (corrections oldest first); then a sub-item
    whose addressees or strength it inherited from its lead follows the lead when a curator corrected it."""
    latest: dict[tuple[str, str], Correction] = {}
    for correction in corrections:
        if correction.value == BACK_TO_COMPUTED:
            latest.pop((correction.path, correction.field), None)
        else:
            latest[(correction.path, correction.field)] = correction
    records = {
        row.path: _merge(row, {f: c for (p, f), c in latest.items() if p == row.path})
        for row in sorted(computed, key=lambda row: row.path)
    }
    followed: set[tuple[str, str]] = set()  # (path, field) whose published value is a curator's, inherited
    for path in sorted(records, key=lambda path: path.count(".") + bool(path)):  # leads before their items
        parent = path.rpartition(".")[0]
        if not path or parent not in records:
            continue
        for field in INHERITED_FIELDS:
            lead_is_curated = (parent, field) in latest or (parent, field) in followed
            if lead_is_curated and (path, field) not in latest and _is_inherited(records[path][field]):
                records[path][field] = _inherit(records[parent][field])
                followed.add((path, field))
    return records


INHERITED_FIELDS = ("addressees", "strength")


def _is_inherited(value: Any) -> bool:
    """Whether a field's labels all came from the lead text (`inherited`): a sub-item with its own keeps them."""
    labels = value if isinstance(value, list) else [value] if value else []
    return bool(labels) and all(label["method"] == "inherited" for label in labels)


def _corrected(entry_id: str, path: str, field: str) -> bool:
    """Whether a curator's correction (or confirmation) of the item's field is in force."""
    last = Correction.objects.filter(provision_id=entry_id, path=path, field=field).order_by("-id").first()
    return last is not None and last.value != BACK_TO_COMPUTED


def _inherit(value: Any) -> Any:
    if isinstance(value, list):
        return [{**label, "method": "inherited"} for label in value]
    return None if value is None else {**value, "method": "inherited"}


# Keys in the published order: PostgreSQL's jsonb keeps a JSON object's keys in an order of its own.
LABEL_KEYS = ("value", "confidence", "method")
REFERENCE_KEYS = ("kind", "text", "instrument", "number", "paragraph", "year", "symbol")


def _merge(computed: ComputedLabels, corrections: dict[str, Correction]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "themes": _in_order(computed.themes, LABEL_KEYS),
        "addressees": _in_order(computed.addressees, LABEL_KEYS),
        "strength": _in_order([computed.strength], LABEL_KEYS)[0] if computed.strength else None,
        "reiteration": computed.reiteration,
        "groups": _in_order(computed.groups, LABEL_KEYS),
        "references": _in_order(computed.references, REFERENCE_KEYS),
    }
    for field, correction in corrections.items():
        method = f"curator:{correction.author}"
        if field == "strength":
            record[field] = None if correction.value is None else _label(correction.value, method)
        else:
            record[field] = [_label(value, method) for value in correction.value]
    return record


def _in_order(objects: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{key: item.get(key) for key in keys} for item in objects]


def _label(value: Any, method: str) -> dict[str, Any]:
    return {"value": value, "confidence": 1.0, "method": method}


def _check_value(field: str, value: Any) -> None:
    allowed: dict[str, Iterable[Any]] = {
        "themes": subtheme_ids(),
        "addressees": ADDRESSEES,
        "groups": GROUPS,
    }
    if field == "strength":
        if value is not None and value not in STRENGTHS:
            raise LabelError(f"strength must be one of {sorted(STRENGTHS)}")
        return
    unknown = [item for item in value if item not in set(allowed[field])]
    themes = [item for item in unknown if field == "themes" and item in theme_tree_ids()]
    if themes:  # a known word in the wrong place says why
        raise LabelError(f"{', '.join(themes)}: a theme; labels name its sub-themes (docs/taxonomy.md)")
    if "none" in unknown:
        raise LabelError(f"'none' clears the {field}: give it alone")
    if unknown:
        raise LabelError(f"unknown {field}: {', '.join(map(str, unknown))}")


def _refresh_values(entry_id: str) -> None:
    """Rewrite the searchable entry-level values of one entry."""
    LabelValue.objects.filter(provision_id=entry_id).delete()
    LabelValue.objects.bulk_create(_values(entry_id, effective_labels(entry_id)))


def _values(entry_id: str, labels: dict[str, Any]) -> list[LabelValue]:
    rows = [
        LabelValue(provision_id=entry_id, field=field, value=label["value"])
        for field in ("themes", "addressees", "groups")
        for label in labels[field]
    ]
    if labels["strength"]:
        rows.append(LabelValue(provision_id=entry_id, field="strength", value=str(labels["strength"]["value"])))
    return rows


def as_subitems(stored: list[dict]) -> list[SubItem]:
    """An entry's stored sub-items as the pipeline's SubItem tree."""
    return [
        SubItem(item["label"], item["text"], item.get("text_original", ""), as_subitems(item["subitems"]))
        for item in stored
    ]
