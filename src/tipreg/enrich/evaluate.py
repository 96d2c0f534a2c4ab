"""Measure the enrich rules against a hand-labelled set (eval/labels/*.jsonl, docs/labelling-guide.md).

Each line of a set: {"id", "text", "leads" (sub-items: the texts they belong to, outermost first), "gold":
{"addressees", "strength", "themes", "groups"}}. Sub-items are labelled under their leads' labels, and texts the
rules leave without a theme get the classifier's themes when one is given, as at ingestion.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tipreg.enrich import TextLabels, label_text
from tipreg.enrich.labels import STRENGTHS
from tipreg.enrich.theme_model import ThemeClassifier

MULTI = ("addressees", "themes", "groups")


@dataclass
class Scores:
    """Counts for one multi-label field: true positives, false positives, false negatives per value."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    exact: int = 0  # items whose predicted set equals the gold set

    def add(self, gold: set[str], predicted: set[str]) -> None:
        self.tp.update(gold & predicted)
        self.fp.update(predicted - gold)
        self.fn.update(gold - predicted)
        self.exact += gold == predicted

    def prf(self, value: str | None = None) -> tuple[float, float, float]:
        """Precision, recall, F1 of one value, or micro-averaged over all values."""
        tp, fp, fn = (
            (self.tp[value], self.fp[value], self.fn[value])
            if value
            else (sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        )
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


@dataclass
class Evaluation:
    items: int = 0
    fields: dict[str, Scores] = field(default_factory=lambda: {name: Scores() for name in MULTI})
    strength: Counter[tuple[int, int | None]] = field(default_factory=Counter)  # (gold, predicted) -> count
    theme_methods: Scores = field(default_factory=Scores)  # themes counted by the method that gave them

    @property
    def strength_accuracy(self) -> float:
        right = sum(count for (gold, predicted), count in self.strength.items() if gold == predicted)
        return right / self.items if self.items else 0.0

    def accuracy(self, name: str) -> float:
        """Share of items whose whole label set is right."""
        return self.fields[name].exact / self.items if self.items else 0.0


def load_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate(items: list[dict], classifier: ThemeClassifier | None = None) -> Evaluation:
    result = Evaluation()
    for item, labels in zip(items, predict_all(items, classifier), strict=True):
        gold = item["gold"]
        _count_methods(result.theme_methods, set(gold["themes"]), labels)
        result.items += 1
        for name in MULTI:
            result.fields[name].add(set(gold[name]), {str(value) for value in labels.values(name)})
        result.strength[(gold["strength"], labels.strength.value if labels.strength else None)] += 1
    return result


def predict_all(items: list[dict], classifier: ThemeClassifier | None = None) -> list[TextLabels]:
    """Labels of set items; the classifier embeds the themeless ones in one batch."""
    labelled = [predict(item) for item in items]
    if classifier is not None:
        themeless = [labels for labels in labelled if not labels.themes]
        texts = [item["text"] for item, labels in zip(items, labelled, strict=True) if not labels.themes]
        for labels, themes in zip(themeless, classifier.predict(texts), strict=True):
            labels.themes = themes
    return labelled


def _count_methods(scores: Scores, gold: set[str], labels: TextLabels) -> None:
    """Each predicted theme, right or wrong, under its method's family (rule, inherited, model); a missed gold
    theme is counted under "none" when the text got no theme at all, else under "missed"."""
    for label in labels.themes:
        family = label.method.split(":")[0]
        scores.tp[family] += label.value in gold
        scores.fp[family] += label.value not in gold
    scores.fn["none" if not labels.themes else "missed"] += len(gold - set(map(str, labels.values("themes"))))


def predict(item: dict) -> TextLabels:
    """Labels of one set item; a sub-item is labelled under its leads' labels, as at ingestion."""
    lead: TextLabels | None = None
    for text in item.get("leads", []):
        lead = label_text(text, lead)
    return label_text(item["text"], lead)


def report(result: Evaluation) -> str:
    """Per-label precision, recall, F1, set accuracies and the strength confusion table, as plain text."""
    lines = [f"items: {result.items}"]
    for name in MULTI:
        scores = result.fields[name]
        precision, recall, f1 = scores.prf()
        lines += [
            "",
            f"{name}: micro P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  exact-set accuracy {result.accuracy(name):.3f}",
            f"  {'label':34} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}",
        ]
        for value in sorted(set(scores.tp) | set(scores.fp) | set(scores.fn)):
            p, r, f = scores.prf(value)
            lines.append(f"  {value:34} {p:6.3f} {r:6.3f} {f:6.3f} {scores.tp[value] + scores.fn[value]:5d}")
    methods = result.theme_methods
    lines += ["", "themes by method: labels given, right, precision; gold themes missed"]
    for family in ("rule", "inherited", "model"):
        given = methods.tp[family] + methods.fp[family]
        precision = methods.tp[family] / given if given else 0.0
        lines.append(f"  {family:10} {given:5d} {methods.tp[family]:5d} {precision:6.3f}")
    lines.append(f"  missed on texts with themes: {methods.fn['missed']}; on texts with none: {methods.fn['none']}")
    levels = sorted(STRENGTHS)
    lines += ["", f"strength: accuracy {result.strength_accuracy:.3f}  (rows gold, columns predicted; - = none)"]
    lines.append("  gold\\pred " + "".join(f"{level:>5}" for level in levels) + "    -")
    for gold in levels:
        row = "".join(f"{result.strength[(gold, predicted)]:5d}" for predicted in levels)
        lines.append(f"  {gold:>9} {row}{result.strength[(gold, None)]:5d}")
    return "\n".join(lines)
