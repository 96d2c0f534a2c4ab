"""Train the theme classifier (`tipreg train themes`) on the development sets only, reproducibly.

The development sets are the eight sets the rules have been written against (dev, dev2, dev3 and the former
held-out sets heldout, heldout2, heldout3, heldout4_en, heldout5_en: 704 items, 289 of them English);
heldout6_en is never read here.

Choices made by cross-validation on the development sets (bench/theme_model_selection.py): multilingual-e5
embeddings of the text, one logistic regression per sub-theme (C 10, balanced classes), a label at a raw
score of 0.6 or more, used only where the rules give no theme (chosen when dev, dev2 and dev3 were the only
development sets).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tipreg.embed import Embedder
from tipreg.enrich.evaluate import load_set
from tipreg.enrich.taxonomy import subtheme_ids
from tipreg.enrich.theme_model import ThemeModel

DEVELOPMENT_SETS = (
    "dev.jsonl",
    "dev2.jsonl",
    "dev3.jsonl",
    "heldout.jsonl",
    "heldout2.jsonl",
    "heldout3.jsonl",
    "heldout4_en.jsonl",
    "heldout5_en.jsonl",
)
MODEL_NAME = "theme-e5-logreg"
REGULARIZATION = 10.0
THRESHOLD = 0.6
SEED = 0
FOLDS = 5


def development_items(directory: Path) -> list[dict]:
    return [item for name in DEVELOPMENT_SETS for item in load_set(directory / name)]


def recommendation_of(item: dict) -> str:
    """The fold group of an item: its recommendation, the Spanish one for an English rendering (`source_id`), so
    that a text and its translation, near neighbours in a multilingual embedding, never sit in different folds."""
    return (item.get("source_id") or item["id"]).split("(")[0]


def gold_matrix(items: list[dict], labels: list[str]) -> np.ndarray:
    return np.array([[label in item["gold"]["themes"] for label in labels] for item in items], dtype=int)


def fit_scores(vectors: np.ndarray, gold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and intercepts of one classifier per column; a column with no positive never fires."""
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((gold.shape[1], vectors.shape[1]))
    intercept = np.full(gold.shape[1], -30.0)
    for column in range(gold.shape[1]):
        if gold[:, column].any():
            fitted = LogisticRegression(
                C=REGULARIZATION, class_weight="balanced", max_iter=5000, random_state=SEED
            ).fit(vectors, gold[:, column])
            coef[column], intercept[column] = fitted.coef_[0], fitted.intercept_[0]
    return coef, intercept


def out_of_fold_scores(vectors: np.ndarray, gold: np.ndarray, groups: list[str]) -> np.ndarray:
    """Every item scored by classifiers trained without its recommendation (sub-items stay with their parent)."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(gold.shape)
    for train, test in GroupKFold(n_splits=FOLDS).split(vectors, groups=groups):
        coef, intercept = fit_scores(vectors[train], gold[train])
        scores[test] = 1.0 / (1.0 + np.exp(-(vectors[test] @ coef.T + intercept)))
    return scores


def platt(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Slope and offset mapping a raw score's logit to the observed frequency of being right."""
    from sklearn.linear_model import LogisticRegression

    clipped = np.clip(scores.ravel(), 1e-6, 1 - 1e-6)
    logits = np.log(clipped / (1 - clipped)).reshape(-1, 1)
    fitted = LogisticRegression(C=1e6, max_iter=5000, random_state=SEED).fit(logits, gold.ravel())
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def train_theme_model(directory: Path, embedder: Embedder) -> tuple[ThemeModel, dict[str, float]]:
    """The model and its cross-validated figures (model alone, out of fold, at the threshold)."""
    items = development_items(directory)
    labels = subtheme_ids()
    vectors = embedder.embed([item["text"] for item in items])
    gold = gold_matrix(items, labels)
    oof = out_of_fold_scores(vectors, gold, [recommendation_of(item) for item in items])
    coef, intercept = fit_scores(vectors, gold)
    model = ThemeModel(
        name=MODEL_NAME,
        embedder_id=embedder.model_id,
        labels=tuple(labels),
        coef=coef,
        intercept=intercept,
        threshold=THRESHOLD,
        calibration=platt(oof, gold),
    )
    return model, _figures(model, oof, gold, len(items))


def _figures(model: ThemeModel, oof: np.ndarray, gold: np.ndarray, items: int) -> dict[str, float]:
    given = oof >= model.threshold
    tp = int((given & (gold == 1)).sum())
    precision, recall = tp / max(1, int(given.sum())), tp / max(1, int(gold.sum()))
    confidences = np.vectorize(model.confidence)(oof[given])
    return {
        "items": items,
        "cv_precision": precision,
        "cv_recall": recall,
        "cv_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "mean_confidence_given": float(confidences.mean()) if confidences.size else 0.0,
    }
