"""The Secretariat's work in a real browser (`tipreg serve`, Debian's headless chromium, the site's no-script
CSP): a curator corrects labels on the curation desk (the form works without JavaScript and the correction
shows); an officer downloads a publication and reads the gap view with its chart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from registers import new_register
from tipreg import services
from tipreg.corpus import sample_dir
from web.reports.conftest import PASSWORD
from web.reports.test_reports_e2e import MEETING_9_REPORT, log_in
from web.test_web_e2e import serving


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    db = new_register(tmp_path_factory.mktemp("desk"), "desk")
    assert not services.ingest_paths([sample_dir() / MEETING_9_REPORT], db, progress=False).failed
    from tipreg.store.models import Provision
    from tipreg.web.reports import accounts

    accounts.add_user("sec", "secretariat", PASSWORD)
    # Read here, before any browser runs: Django's ORM refuses to run beside Playwright's event loop.
    entry = Provision.objects.order_by("number_key").values_list("pk", flat=True).first()
    with serving(db) as base:
        yield {"base": base, "entry": entry}


def test_a_curator_corrects_an_entrys_groups_on_the_labels_page(desk_server, page, screenshots):
    base, entry = desk_server["base"], desk_server["entry"]
    log_in(page, base, "sec")
    page.goto(f"{base}/admin/store/provision/{entry}/change/")
    page.get_by_role("link", name="Confirm or correct its labels").click()
    expect(page).to_have_url(f"{base}/admin/store/provision/{entry}/labels/")
    first = page.locator("section#item-0")
    expect(first.locator("h2")).to_have_text("The entry")
    first.get_by_label("persons with disabilities").check()
    first.get_by_role("button", name="Save").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Recorded for the entry: Groups concerned corrected.")
    row = page.locator("section#item-0 table.current-labels tr", has_text="Groups concerned")
    expect(row).to_contain_text("persons with disabilities (corrected by sec · 1.00)")
    page.screenshot(path=screenshots / "desk-labels.png", full_page=True)


def test_the_gap_view_and_the_publications_in_a_browser(desk_server, page, screenshots):
    base = desk_server["base"]
    page.goto(base + "/")
    page.get_by_role("link", name="Publications").click()
    expect(page.locator("h1")).to_have_text("Publications")
    with page.expect_download() as download:
        page.locator("#compilation li[lang=en]").get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == "tipreg-compilation-en.pdf"
    page.get_by_role("link", name="Gaps:", exact=False).click()
    expect(page.locator("h1")).to_contain_text("Gaps since")
    page.get_by_label("Since the year").fill("2018")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_have_text("Gaps since 2018")
    chart = page.locator("figure.chart img")
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.complete && image.naturalWidth") > 500  # drawn, and allowed by the CSP
    page.screenshot(path=screenshots / "gaps-2018.png", full_page=True)


def test_a_curator_works_through_the_themes_to_check(desk_server, page, screenshots):
    """From the entries' list to the queue, to the first item's labels, confirmed there: it leaves the queue."""
    base = desk_server["base"]
    log_in(page, base, "sec")
    page.goto(f"{base}/admin/store/provision/")
    page.get_by_role("link", name="Themes to check").click()
    expect(page).to_have_url(f"{base}/admin/store/provision/review/")
    expect(page.locator("#content")).to_contain_text("have themes worth checking")
    first = page.locator("table#review tbody tr").first.get_by_role("link")
    target = first.get_attribute("href")
    anchor = target.rpartition("#")[2]
    page.screenshot(path=screenshots / "desk-review.png", full_page=True)
    first.click()
    expect(page).to_have_url(f"{base}{target}")
    item = page.locator("section.module", has=page.locator(f"h2[id='{anchor}']"))
    expect(item).to_have_count(1)
    if item.locator("details").get_attribute("open") is None:  # a sub-item's form starts folded
        item.locator("summary").click()
    item.locator("input[name$='-confirm'][value='themes']").check()
    item.get_by_role("button", name="Save").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Themes confirmed")
    page.goto(f"{base}/admin/store/provision/review/")
    expect(page.locator(f"table#review a[href='{target}']")).to_have_count(0)
