"""The curation desk's label page: a Secretariat curator confirms or corrects the labels of an entry and of
each of its sub-items, through tipreg.store.labels.records as `tipreg label` does (author = the logged-in
user; kept apart from the computed labels and never overwritten by a re-run)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipreg.enrich import ADDRESSEES, GROUPS, STRENGTHS
from tipreg.enrich.taxonomy import subtheme_ids
from tipreg.store.labels.records import (
    BACK_TO_COMPUTED,
    LIST_FIELDS,
    LabelChange,
    computed_version,
    entry_label_records,
    item_version,
    label_history,
    plain_values,
)
from tipreg.store.labels.review import classifier_views
from tipreg.store.models import Provision
from tipreg.web.register.templatetags.register_tags import (
    addressee_label,
    group_label,
    method_label,
    strength_label,
    theme_label,
)

FIELD_NAMES = {
    "themes": _("Themes"),
    "addressees": _("Addressed to"),
    "strength": _("Strength of the language"),
    "groups": _("Groups concerned"),
}

SHOWN = {"themes": theme_label, "addressees": addressee_label, "strength": strength_label, "groups": group_label}


@dataclass
class LabelledItem:
    """The entry ("" path) or one of its sub-items ("a", "a.ii"), with its text and labels as published."""

    path: str
    text: str
    labels: dict[str, Any]
    classifier: dict[str, float] | None = None  # the theme classifier's confidence per sub-theme, once scored

    def rows(self) -> list[tuple[str, list[tuple[str, str, float, float | None]]]]:
        """(field name, [(value as shown, who gave it, confidence, the classifier's confidence in a theme the
        rules gave, when scored: why the review queue doubts it)]) for each label field, in the form's order."""
        found = []
        for field, name in FIELD_NAMES.items():
            labels = self.labels[field] if field != "strength" else [self.labels[field]] if self.labels[field] else []
            shown = [
                (
                    SHOWN[field](label["value"]),
                    method_label(label["method"]),
                    label["confidence"],
                    self._classifier_on(field, label),
                )
                for label in labels
            ]
            found.append((str(name), shown))
        return found

    def _classifier_on(self, field: str, label: dict[str, Any]) -> float | None:
        if field != "themes" or self.classifier is None or not str(label["method"]).startswith("rule:"):
            return None
        return self.classifier.get(label["value"], 0.0)


@dataclass(frozen=True)
class HistoryLine:
    """One confirmation or correction as the labels page lists it, its values named in the interface's language."""

    change: LabelChange

    @property
    def field_name(self) -> str:
        return str(FIELD_NAMES[self.change.field])

    @property
    def before(self) -> str:
        return shown_values(self.change.field, self.change.before)

    @property
    def after(self) -> str:
        return shown_values(self.change.field, self.change.after)


def history_lines(entry_id: str) -> list[HistoryLine]:
    """Every confirmation and correction of the entry's labels and its sub-items', oldest first, from the
    service `tipreg label --history` prints."""
    return [HistoryLine(change) for change in label_history(entry_id)]


def shown_values(field: str, value: Any) -> str:
    """Plain label values as the page names them ("—" for none)."""
    values = value if isinstance(value, list) else [] if value is None else [value]
    return "; ".join(SHOWN[field](item) for item in values) or "—"


def labelled_items(entry: Provision) -> list[LabelledItem]:
    """The entry, then its sub-items in reading order, nested ones after their lead."""
    labels = entry_label_records(entry)  # every path's labels at once
    views = classifier_views(entry)
    items = [LabelledItem("", entry.text, labels[""], views.get(""))]

    def add(subitems: list[dict], prefix: str) -> None:
        for item in subitems:
            path = f"{prefix}.{item['label']}" if prefix else item["label"]
            items.append(LabelledItem(path, item["text"], labels[path], views.get(path)))
            add(item.get("subitems", []), path)

    add(entry.subitems, "")
    return items


class LabelForm(forms.Form):
    """One item's labels; `changes()` is what to record: corrected fields, and confirmed ones unchanged."""

    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)  # item_version when the page was drawn
    computed = forms.IntegerField(widget=forms.HiddenInput, min_value=0)  # computed_version, likewise
    themes = forms.MultipleChoiceField(label=FIELD_NAMES["themes"], required=False, widget=forms.CheckboxSelectMultiple)
    addressees = forms.MultipleChoiceField(
        label=FIELD_NAMES["addressees"], required=False, widget=forms.CheckboxSelectMultiple
    )
    strength = forms.TypedChoiceField(label=FIELD_NAMES["strength"], required=False, coerce=int, empty_value=None)
    groups = forms.MultipleChoiceField(label=FIELD_NAMES["groups"], required=False, widget=forms.CheckboxSelectMultiple)
    confirm = forms.MultipleChoiceField(
        label=_("Confirm as they are"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(FIELD_NAMES.items()),
    )
    computed_again = forms.MultipleChoiceField(
        label=_("Back to the computed labels (undo the correction)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(FIELD_NAMES.items()),
    )

    def __init__(self, *args: Any, entry_id: str, item: LabelledItem, **kwargs: Any) -> None:
        self.current = plain_values(item.labels)
        drawn = {"seen": item_version(entry_id, item.path), "computed": computed_version(entry_id, item.path)}
        kwargs.setdefault("initial", {**self.current, **drawn})
        super().__init__(*args, **kwargs)
        self.item = item
        fields: dict[str, Any] = self.fields
        fields["themes"].choices = [(theme, f"{theme} — {theme_label(theme)}") for theme in subtheme_ids()]
        fields["addressees"].choices = [(value, addressee_label(value)) for value in ADDRESSEES]
        fields["groups"].choices = [(value, group_label(value)) for value in GROUPS]
        fields["strength"].choices = [("", "—"), *((n, strength_label(n)) for n in sorted(STRENGTHS, reverse=True))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("strength") is None and self.current["strength"] is not None:
            self.add_error("strength", _("Choose a strength: a label cannot be removed here, only corrected."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        """{field: new value} for each corrected field, {field: None} for each confirmed unchanged one,
        {field: BACK_TO_COMPUTED} for each taken back to its computed labels."""
        data = self.cleaned_data
        found: dict[str, Any] = {
            field: data[field] for field in LIST_FIELDS if sorted(data[field]) != sorted(self.current[field])
        }
        if data["strength"] != self.current["strength"]:
            found["strength"] = data["strength"]
        found.update({field: None for field in data["confirm"] if field not in found})
        found.update({field: BACK_TO_COMPUTED for field in data["computed_again"]})
        return found
