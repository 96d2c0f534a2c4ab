"""The recurring recommendations page (/recurring/): the threads `tipreg threads` lists, on the sample corpus
linked as `tipreg link` links it, checked against the hand-labelled threads of eval/links/gold.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from conftest import Rec, build_document
from registers import new_register
from tipreg import services
from tipreg.cli import main
from tipreg.corpus import sample_dir
from tipreg.store.writer import store_document
from web.conftest import point_at, web_client
from web.test_web_e2e import serving

GOLD = json.loads((Path(__file__).resolve().parents[2] / "eval" / "links" / "gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def linked_sample(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus ingested and linked (`tipreg link`); read-only for the tests that use it."""
    target = new_register(tmp_path_factory.mktemp("linked"), "linked")
    assert not services.ingest_paths([sample_dir()], target, progress=False).failed
    from tipreg.store.labels.linking import link_register

    assert link_register() > 0
    return target


@pytest.fixture
def linked(linked_sample: str, monkeypatch: pytest.MonkeyPatch) -> str:
    return point_at(linked_sample, monkeypatch)


def sections(html: str) -> dict[str, list[str]]:
    """{sub-theme: the entry ids its thread lists} as the page shows them (a sub-theme may hold two threads)."""
    found: dict[str, list[str]] = {}
    for theme, body in re.findall(r'<section class="matter" data-theme="([^"]+)">(.*?)</section>', html, re.S):
        found.setdefault(theme, []).extend(re.findall(r'<li><a href="/provisions/([^"]+)">', body))
    return found


def as_gold_names(ids: list[str]) -> set[str]:
    from tipreg.store.models import Provision

    return {f"m{entry.meeting}#{entry.number}" for entry in Provision.objects.filter(pk__in=ids)}


def test_the_page_lists_the_hand_labelled_threads_with_their_meetings(linked):
    html = web_client("en").get("/recurring/").content.decode()
    assert "<h1>Recurring recommendations</h1>" in html
    shown = sections(html)
    for thread in GOLD["threads"]:  # non-punishment and compensation, as annotators found them
        assert as_gold_names(shown[thread["theme"]]) == set(thread["members"])
    meetings = sorted({int(member[1:].split("#")[0]) for member in GOLD["threads"][0]["members"]})
    body = html.split(f'data-theme="{GOLD["threads"][0]["theme"]}">', 1)[1].split("</section>", 1)[0]
    assert f"meetings {', '.join(map(str, meetings))} (2009-" in body
    # Each entry by its passage on the matter (a long list's sub-item on it), not by its opening words.
    lines = re.findall(r"</span>\s*(.*?)</li>", body, re.S)
    assert len(lines) == len(GOLD["threads"][0]["members"])
    assert all(re.search(r"sancion|enjuici|delitos", line) for line in lines), lines
    assert 'href="/recurring/"' in web_client("en").get("/").content.decode()  # in the site's navigation


def test_a_theme_narrows_the_list_and_the_cli_lists_the_same_entries(linked):
    html = web_client("en").get("/recurring/?theme=protection").content.decode()
    shown = sections(html)
    assert shown and all(theme.startswith("protection.") for theme in shown)
    assert '<option value="protection" selected>' in html
    output = CliRunner().invoke(main, ["threads", "--theme", "protection", "--format", "json", "--db", linked]).output
    listed: dict[str, list[str]] = {}
    for matter in json.loads(output):
        listed.setdefault(matter["theme"], []).extend(entry["id"] for entry in matter["entries"])
    assert listed == shown


def test_the_page_speaks_the_interface_language(linked):
    html = web_client("es").get("/recurring/?theme=protection.compensation").content.decode()
    assert "<h1>Recomendaciones recurrentes</h1>" in html and "Indemnización y reparación" in html
    assert re.search(r"<p>\d+ entradas, reuniones [\d, ]+ \(2009-20\d\d\)</p>", html)


def test_an_unknown_theme_gets_a_400_naming_it(linked):
    page = web_client("en").get("/recurring/?theme=nope")
    assert page.status_code == 400 and "theme: unknown value" in page.content.decode()


def test_an_unlinked_register_says_it_has_no_recurring_recommendations(db):
    html = web_client("en").get("/recurring/?theme=protection.compensation").content.decode()
    assert "No recurring recommendations on Compensation and remedies." in html
    assert "No recurring recommendations." in web_client("en").get("/recurring/").content.decode()


def test_a_register_that_cannot_recur_asks_for_no_tipreg_link(db):
    """Empty, or one meeting's recommendations: `tipreg link` can find nothing, so the page does not ask for it."""
    assert "tipreg link" not in web_client("en").get("/recurring/").content.decode()
    for meeting in (1, 2):  # two meetings' recommendations, not linked yet: the page asks for it
        store_document(
            build_document(
                f"r{meeting}.txt",
                [Rec("1", f"Los Estados deberían reunir datos ({meeting}).", meeting=meeting, year=2008 + meeting)],
            )
        )
    assert "run <code>tipreg link</code>" in web_client("en").get("/recurring/").content.decode()


def test_an_entry_page_names_the_threads_it_belongs_to(linked):
    from tipreg.store.models import Provision

    first = Provision.objects.get(meeting=1, number="11")  # the first of the non-punishment thread (gold.json)
    html = web_client("en").get(f"/provisions/{first.pk}").content.decode()
    recurs = re.search(r'<p class="recurring-on">(.*?)</p>', html, re.S)
    assert recurs is not None
    assert '<a href="/recurring/?theme=protection.non_punishment">Non-punishment of victims</a>' in recurs.group(1)
    spanish = web_client("es").get(f"/provisions/{first.pk}").content.decode()
    assert "Recurre sobre: " in spanish and ">No criminalización de las víctimas</a>" in spanish


def test_a_threads_passages_are_marked_in_the_language_of_their_entries(linked):
    """The recurring page's passages and the gap view's dormant threads (summed up in their last entry's words)
    are Spanish text in the English interface: a screen reader must read them as Spanish."""
    from web.test_web_accessibility import languages

    english = web_client("en")
    recurring = english.get("/recurring/").content
    assert set(languages(recurring, "//ul[@class='threads']/li/span[not(@class)]")) == {"es"}
    gaps = english.get("/gaps/?since=2030").content  # since a year to come: every thread is dormant
    assert languages(gaps, "//h1") == ["en"] and set(languages(gaps, "//ul[@class='threads']/li/span")) == {"es"}


# Last in the module: once Playwright's event loop runs, Django's ORM refuses to run in this process.
def test_follow_a_thread_in_a_browser(linked_sample, page, screenshots):
    with serving(linked_sample) as base:
        page.goto(base + "/")
        page.get_by_role("link", name="Recurring").click()
        expect(page.locator("h1")).to_have_text("Recurring recommendations")
        page.get_by_label("Theme").select_option("protection.non_punishment")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(f"{base}/recurring/?theme=protection.non_punishment")
        thread = page.locator("section.matter")
        expect(thread).to_have_count(1)
        expect(thread.locator("li")).to_have_count(len(GOLD["threads"][0]["members"]))
        page.screenshot(path=screenshots / "recurring-non-punishment.png", full_page=True)
        thread.locator("li a").first.click()
        expect(page.locator("h1")).to_have_text("Meeting 1, No. 11")
