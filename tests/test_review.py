"""The review queue: the themes a curator should check first (tipreg.enrich.review, tipreg review)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, build_document
from tipreg.cli import main
from tipreg.enrich.review import theme_checks
from tipreg.enrich.theme_model import default_theme_model
from tipreg.store.labels.models import ComputedLabels
from tipreg.store.labels.records import label_all
from tipreg.store.labels.review import review_queue, score_items
from tipreg.store.models import Provision
from tipreg.store.writer import store_document


def theme(value: str, confidence: float = 0.75, method: str = "rule:theme-cue") -> dict:
    return {"value": value, "confidence": confidence, "method": method}


def listed(checks: list) -> list[tuple]:
    return [(check.kind, check.theme, check.doubt) for check in checks]


def test_a_rule_theme_the_classifier_doubts_comes_first_and_one_it_agrees_with_is_not_asked_about():
    themes = [theme("protection.assistance"), theme("prevention.awareness"), theme("partnership.data")]
    classifier = {"protection.assistance": 0.95, "prevention.awareness": 0.05, "partnership.data": 0.45}
    # (0.75 + 0.05) / 2 right: 0.6 doubt; (0.75 + 0.45) / 2: 0.4; (0.75 + 0.95) / 2: 0.15, under 0.2
    assert listed(theme_checks(themes, classifier)) == [
        ("label", "prevention.awareness", 0.6),
        ("label", "partnership.data", 0.4),
    ]


def test_without_the_classifier_a_theme_is_as_doubtful_as_its_own_confidence_says():
    themes = [theme("protection.assistance", 0.9), theme("prevention.awareness", 0.75)]
    assert listed(theme_checks(themes)) == [("label", "prevention.awareness", 0.25)]


def test_a_classifier_theme_is_ranked_by_its_own_confidence():
    themes = [theme("protection.assistance", 0.55, "model:theme-e5-logreg")]
    assert listed(theme_checks(themes, {"protection.assistance": 0.55})) == [("label", "protection.assistance", 0.45)]


def test_a_recommendation_with_no_theme_comes_first_a_preambular_paragraph_with_none_is_not_asked_about():
    assert listed(theme_checks([], {"protection.assistance": 0.3})) == [("missing", None, 1.0)]
    assert theme_checks([], {"protection.assistance": 0.3}, expects_theme=False) == []


def test_themes_a_curator_settled_and_themes_inherited_from_the_lead_are_not_asked_about():
    doubtful = [theme("prevention.awareness", 0.75)]
    assert theme_checks(doubtful, {}, settled=True) == []
    assert theme_checks([], {}, settled=True) == []  # a curator said: no theme
    inherited = [theme("prevention.awareness", 0.75, "inherited"), theme("partnership.data", 0.75)]
    assert [check.theme for check in theme_checks(inherited, {})] == ["partnership.data"]


@pytest.fixture
def register(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_SUBITEMS, REC_TEN]))
    return db


def review(register: str, *args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["review", "--format", "json", "--no-progress", "--db", register, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_classifier_scores_each_item_once_and_again_after_a_relabel(register):
    fingerprint = default_theme_model().fingerprint
    assert score_items() == ComputedLabels.objects.count() == 7  # three entries, four sub-items
    assert {row.theme_scores["model"] for row in ComputedLabels.objects.all()} == {fingerprint}
    assert score_items() == 0 and review_queue().unscored == 0
    label_all()  # new computed labels: their scores are gone with the old ones
    assert review_queue().unscored == 7
    ComputedLabels.objects.update(theme_scores={"model": "theme-e5-logreg:retrained", "confidence": {}})
    assert score_items() == 7  # another model's scores are not this one's


def test_review_lists_items_most_doubtful_first_with_each_themes_confidence_and_the_classifiers(register):
    items = review(register, "--limit", "0")
    assert items, "the three entries' one-cue themes are worth checking"
    assert [item["doubt"] for item in items] == sorted((item["doubt"] for item in items), reverse=True)
    for item in items:
        entry = Provision.objects.get(pk=item["id"])
        assert item["meeting"] == entry.meeting == 9 and item["number"] == entry.number
        assert item["text"] in entry.text  # an entry's text, or its sub-item's, inline in it
        assert item["doubt"] == item["checks"][0]["doubt"]
        for check in item["checks"]:
            assert check["kind"] == "label" and check["method"].startswith(("rule:", "model:"))
            if check["method"].startswith("rule:"):  # weighed with the classifier, which has scored them all
                assert check["doubt"] == round(1 - (check["confidence"] + check["classifier"]) / 2, 2)
    assert len(review(register, "--limit", "2")) == 2
    assert review(register, "--meeting", "10") == []


def test_a_confirmed_or_corrected_theme_leaves_the_queue_and_comes_back_when_taken_back(register):
    first = review(register)[0]
    where = [first["id"], *(["--item", first["item"]] if first["item"] else [])]
    runner = CliRunner()
    for change in (["--confirm", "themes"], ["--theme", "prevention.awareness"]):
        runner.invoke(main, ["label", *where, *change, "--by", "Ana", "--db", register], catch_exceptions=False)
        assert (first["id"], first["item"]) not in {
            (item["id"], item["item"]) for item in review(register, "--limit", "0")
        }
    runner.invoke(main, ["label", *where, "--computed", "themes", "--by", "Ana", "--db", register])
    assert review(register)[0] == first


def test_review_text_says_how_many_items_to_check_and_how_to_confirm_or_correct_them(register):
    result = CliRunner().invoke(main, ["review", "--no-progress", "--limit", "1", "--db", register])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    count = len(review(register, "--limit", "0"))
    assert (
        lines[0].startswith(f"{count} of 7 entries and sub-items have themes to check") and "tipreg label" in lines[0]
    )
    first = review(register)[0]
    assert first["id"] in lines[1] and f"no. {first['number']}" in lines[1]
    assert any(first["checks"][0]["theme"] in line for line in lines[3:])


def test_review_of_an_empty_register_says_there_is_nothing_to_check(db):
    result = CliRunner().invoke(main, ["review", "--no-progress", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 of 0 entries and sub-items have themes to check")
    assert review(db) == []
