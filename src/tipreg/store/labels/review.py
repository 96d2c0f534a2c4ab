"""The review queue: the theme labels of the register a curator should check first (tipreg.enrich.review ranks them).

The classifier's view of each item is stored with its computed labels (`ComputedLabels.theme_scores`) the first
time the queue needs it, since it costs an embedding per text (about 8 texts a second on two cores); computing
the labels again (a relabel, a curated text) clears it, and a retrained classifier scores again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from tipreg.enrich import subitem_texts
from tipreg.enrich.review import Check, theme_checks
from tipreg.enrich.theme_model import ThemeClassifier, default_theme_classifier, default_theme_model
from tipreg.store.labels.models import ComputedLabels, Correction
from tipreg.store.labels.records import BACK_TO_COMPUTED, as_subitems, entry_label_records
from tipreg.store.models import Provision

SCORE_BATCH = 32
# Entries that should each have a theme: one with none is a check.
RECOMMENDING_KINDS = ("recommendation", "operative_paragraph")


@dataclass(frozen=True)
class ItemReview:
    """An entry or sub-item with its checks, most doubtful first."""

    entry_id: str
    path: str  # "" the entry itself, else its sub-item ("a", "b.ii")
    meeting: int | None
    number: str | None
    kind: str
    text: str
    checks: list[Check]

    @property
    def doubt(self) -> float:
        return self.checks[0].doubt


@dataclass(frozen=True)
class ReviewQueue:
    items: list[ItemReview]  # the items with something to check, most doubtful first
    looked_at: int  # entries and sub-items with labels
    unscored: int  # of them, those the classifier has not scored yet (ranked by their labels' confidence)


def unscored_rows(classifier: ThemeClassifier) -> list[ComputedLabels]:
    """Computed labels with no score of this classifier."""
    rows = ComputedLabels.objects.only("id", "provision_id", "path", "theme_scores")
    return [row for row in rows if not _scored_by(row, classifier.model.fingerprint)]


def _scored_by(row: ComputedLabels, fingerprint: str) -> bool:
    return bool(row.theme_scores) and row.theme_scores.get("model") == fingerprint


def score_items(
    classifier: ThemeClassifier | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Store the classifier's view of the items not scored yet (at most `limit`), in batches; returns how many."""
    classifier = classifier or default_theme_classifier()
    rows = unscored_rows(classifier)[:limit]
    texts = _item_texts({row.provision_id for row in rows})
    done = 0
    for start in range(0, len(rows), SCORE_BATCH):
        batch = [row for row in rows[start : start + SCORE_BATCH] if (row.provision_id, row.path) in texts]
        found = classifier.confidences([texts[(row.provision_id, row.path)] for row in batch])
        with transaction.atomic():
            for row, confidence in zip(batch, found, strict=True):
                # Only the row scored: a relabel meanwhile replaced it, and its new labels wait for their own score.
                ComputedLabels.objects.filter(pk=row.pk).update(
                    theme_scores={"model": classifier.model.fingerprint, "confidence": confidence}
                )
        done += len(batch)
        if progress:
            progress(done, len(rows))
    return done


def _item_texts(entry_ids: set[str]) -> dict[tuple[str, str], str]:
    """The texts the labels were computed from, by (entry, path), as ingestion gives them to the classifier."""
    rows = Provision.objects.filter(pk__in=entry_ids).values_list("id", "text", "subitems")
    return {
        (entry_id, path): item for entry_id, text, subitems in rows for path, item in item_texts(text, subitems).items()
    }


def item_texts(text: str, subitems: list[dict]) -> dict[str, str]:
    """An entry's text and its sub-items' by path ("" the entry), as its labels are keyed."""
    return {"": text, **subitem_texts(as_subitems(subitems))}


def review_queue(meeting: int | None = None) -> ReviewQueue:
    """Every entry and sub-item (of one meeting) whose themes are worth checking, most doubtful first, then in
    register order; what the classifier has not scored yet is ranked by its labels' own confidence."""
    entries = Provision.objects.prefetch_related("computed_labels", "label_corrections").order_by(
        "meeting", "number_key", "id"
    )
    if meeting is not None:
        entries = entries.filter(meeting=meeting)
    fingerprint = default_theme_model().fingerprint
    found: list[ItemReview] = []
    looked_at = unscored = 0
    for entry in entries:
        records = entry_label_records(entry)
        scores = classifier_views(entry, fingerprint)
        settled = _themes_settled(list(entry.label_corrections.all()))
        texts = item_texts(entry.text, entry.subitems)
        for path, labels in records.items():
            looked_at += 1
            unscored += path not in scores
            if found_here := theme_checks(
                labels["themes"], scores.get(path), path in settled, entry.kind in RECOMMENDING_KINDS
            ):
                found.append(
                    ItemReview(entry.pk, path, entry.meeting, entry.number, entry.kind, texts.get(path, ""), found_here)
                )
    found.sort(key=lambda item: -item.doubt)  # stable: register order among equals
    return ReviewQueue(found, looked_at, unscored)


def classifier_views(entry: Provision, fingerprint: str | None = None) -> dict[str, dict[str, float]]:
    """The current classifier's stored confidence per sub-theme for the entry's items, by path (those scored)."""
    # the shipped model's weights name it: no need to load the embedder to read what is stored
    fingerprint = fingerprint or default_theme_model().fingerprint
    return {
        row.path: row.theme_scores["confidence"] for row in entry.computed_labels.all() if _scored_by(row, fingerprint)
    }


def _themes_settled(corrections: list[Correction]) -> set[str]:
    """The paths whose themes a curator's correction or confirmation is in force for."""
    in_force: dict[str, bool] = {}
    for correction in sorted(corrections, key=lambda correction: correction.pk):
        if correction.field == "themes":
            in_force[correction.path] = correction.value != BACK_TO_COMPUTED
    return {path for path, settled in in_force.items() if settled}
