"""The curation desk's review page: the themes to check first, for the Secretariat only."""

from __future__ import annotations

import re

import pytest

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, build_document
from tipreg.store.labels.models import ComputedLabels
from tipreg.store.labels.records import correct_labels
from tipreg.store.labels.review import review_queue
from tipreg.store.models import Provision
from tipreg.store.writer import store_document
from tipreg.web.curation import review
from tipreg.web.reports import accounts
from web.test_curation_desk import ENTRIES, PASSWORD, browser, logged_in

REVIEW = f"{ENTRIES}review/"


@pytest.fixture
def desk(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_SUBITEMS, REC_TEN]))
    accounts.add_state("ESP", "Spain")
    secretariat = accounts.add_user("sec", "secretariat", PASSWORD)
    focal_point = accounts.add_user("ana", "focal-point", PASSWORD, "ESP")
    return {"secretariat": logged_in(secretariat), "focal_point": logged_in(focal_point), "public": browser()}


def listed(page: str) -> list[tuple[str, str]]:
    """(entry id, sub-item) of each row, in order, read from the links to the labels pages."""
    return [
        (entry, "" if path == "entry" else path)
        for entry, path in re.findall(r'href="/admin/store/provision/([^/]+)/labels/#labels-([^"]+)"', page)
    ]


def test_the_secretariat_sees_the_themes_to_check_most_doubtful_first_linked_to_each_labels_page(desk):
    page = desk["secretariat"].get(REVIEW).content.decode()
    queue = review_queue()
    assert listed(page) == [(item.entry_id, item.path) for item in queue.items] != []
    assert f"{len(queue.items)} of {queue.looked_at} entries and sub-items have themes worth checking" in page
    assert "Themes to check" in page and "classifier" in page
    assert "not scored by the classifier yet" not in page  # this view scored them all
    first = queue.items[0]
    labels_page = desk["secretariat"].get(f"{ENTRIES}{first.entry_id}/labels/").content.decode()
    assert f'id="labels-{first.path or "entry"}"' in labels_page  # where the row's link lands
    assert f'href="{REVIEW}"' in labels_page
    assert f'href="{REVIEW}"' in desk["secretariat"].get(ENTRIES).content.decode()


def test_a_confirmed_item_leaves_the_page(desk):
    desk["secretariat"].get(REVIEW)  # scored
    first = review_queue().items[0]
    correct_labels(first.entry_id, {"themes": None}, "sec", first.path)
    assert (first.entry_id, first.path) not in listed(desk["secretariat"].get(REVIEW).content.decode())


def test_the_page_says_what_the_classifier_has_not_scored_yet_and_scores_it_on_later_views(desk, monkeypatch):
    monkeypatch.setattr(review, "SCORED_PER_VIEW", 0)
    page = desk["secretariat"].get(REVIEW).content.decode()
    unscored = ComputedLabels.objects.count()
    assert f"{unscored} items are not scored by the classifier yet" in page
    monkeypatch.setattr(review, "SCORED_PER_VIEW", 50)
    assert "not scored by the classifier yet" not in desk["secretariat"].get(REVIEW).content.decode()


def test_the_page_shows_one_meeting_and_pages_through_the_queue(desk, monkeypatch):
    everything = listed(desk["secretariat"].get(REVIEW).content.decode())
    assert listed(desk["secretariat"].get(f"{REVIEW}?meeting=10").content.decode()) == []
    assert "Nothing to check." in desk["secretariat"].get(f"{REVIEW}?meeting=10").content.decode()
    assert listed(desk["secretariat"].get(f"{REVIEW}?meeting=nine").content.decode()) == everything  # all
    monkeypatch.setattr(review, "PER_PAGE", 1)
    second = desk["secretariat"].get(f"{REVIEW}?page=2").content.decode()
    assert listed(second) == everything[1:2] and f"Page 2 of {len(everything)}" in second
    assert listed(desk["secretariat"].get(f"{REVIEW}?page=junk").content.decode()) == everything[:1]


@pytest.mark.parametrize("who", ["public", "focal_point"])
def test_the_public_and_focal_points_cannot_see_the_review_page(desk, who):
    response = desk[who].get(REVIEW)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert listed(response.content.decode()) == []


def test_the_review_page_speaks_spanish(desk):
    client = desk["secretariat"]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get(REVIEW).content.decode()
    assert "Temas que revisar" in page and "clasificador" in page


def test_the_labels_page_shows_the_classifiers_confidence_in_each_rule_theme_once_scored(desk):
    pages = {entry: f"{ENTRIES}{entry}/labels/" for entry in Provision.objects.values_list("pk", flat=True)}
    assert not any("classifier" in desk["secretariat"].get(page).content.decode() for page in pages.values())
    desk["secretariat"].get(REVIEW)  # scores them
    doubted, check = next(
        (item, check) for item in review_queue().items for check in item.checks if check.method.startswith("rule:")
    )
    page = desk["secretariat"].get(pages[doubted.entry_id]).content.decode()
    assert f"{check.method} · {check.confidence:.2f}; classifier {check.classifier:.2f}" in page
