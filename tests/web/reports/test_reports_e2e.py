"""A focal point files a report in a real browser: `tipreg serve` driven by Debian's headless chromium.

Log in, pick a recommendation from the to-do list, submit a report, attach an evidence file, find it in the
public dashboard; another State's focal point is refused. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from registers import new_register
from tipreg import services
from tipreg.corpus import sample_dir
from web.reports.conftest import PASSWORD
from web.test_web_e2e import serving

MEETING_9_REPORT = "000_e5ae3a1e0a1653f3.txt"  # 39 recommendations, most of them addressed to States parties


@pytest.fixture(scope="module")
def filing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A register of one meeting report, Spain and Peru with a focal point each, a current period; served."""
    folder = tmp_path_factory.mktemp("filing")
    db = new_register(folder, "filing")
    assert not services.ingest_paths([sample_dir() / MEETING_9_REPORT], db, progress=False).failed

    from tipreg.web.reports import accounts, filing
    from tipreg.web.reports.tokens import create_token

    accounts.add_state("ESP", "Spain")
    accounts.add_state("PER", "Peru")
    accounts.add_period("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), current=True)
    accounts.add_user("ana", "focal-point", PASSWORD, "ESP")
    accounts.add_user("luis", "focal-point", PASSWORD, "PER")
    # Made here, before any browser runs: Django's ORM refuses to run beside Playwright's event loop.
    token = create_token("luis", "e2e")[1]
    entry = filing.recommendations_to_states().values_list("pk", flat=True).first()
    media = folder / "media"
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("TIPREG_MEDIA_DIR", str(media))  # the server's evidence folder
        with serving(db) as base:
            yield {"base": base, "media": media, "folder": folder, "token": token, "entry": entry}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_focal_point_files_a_report_with_evidence_and_sees_it_in_the_dashboard(filing_server, page, screenshots):
    base = filing_server["base"]
    log_in(page, base, "ana")
    expect(page).to_have_url(base + "/reports/")
    expect(page.locator("h1")).to_have_text("Implementation reports — Spain")
    expect(page.locator("p.hint").first).to_contain_text("addressed to States parties have no report")
    page.screenshot(path=screenshots / "reports-to-do.png", full_page=True)

    first = page.locator("ul.to-do li a").first
    label = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text("Spain: report for 2026")
    page.get_by_label("Status").select_option("implemented")
    page.get_by_label("Narrative").fill("Ley 4/2026 de protección integral de las víctimas de trata, en vigor.")
    page.get_by_role("button", name="Submit report").click()
    expect(page.locator("p.message")).to_have_text("Report submitted.")
    report_url = page.url

    evidence = filing_server["folder"] / "Ley 4-2026.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% the law as published\n%%EOF\n")
    page.get_by_label("Attach a file").set_input_files(str(evidence))
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.locator("p.message")).to_have_text("Evidence attached.")
    expect(page.locator("ul.evidence li a")).to_have_text("Ley 4-2026.pdf")
    expect(page.locator("ol.history li")).to_have_count(2)  # the report submitted, then the file attached
    expect(page.locator("ol.history li").nth(1)).to_contain_text("by ana:\n  Evidence “none” → “Ley 4-2026.pdf”")
    page.screenshot(path=screenshots / "report-filed.png", full_page=True)
    with page.expect_download() as download:  # served as an attachment, never shown in the page
        page.locator("ul.evidence li a").click()
    assert download.value.suggested_filename == "Ley 4-2026.pdf"
    assert Path(download.value.path()).read_bytes() == evidence.read_bytes()
    stored = [path for path in filing_server["media"].rglob("*") if path.is_file()]
    assert [path.read_bytes() for path in stored] == [evidence.read_bytes()]

    page.get_by_role("link", name="Dashboards").click()
    expect(page.locator("h1")).to_have_text("Implementation dashboards")
    by_state = page.locator("#status-by-state table tbody tr")
    expect(by_state).to_have_count(2)  # Peru, expected too, has submitted nothing yet
    expect(by_state.nth(0).locator("td")).to_have_text(["Peru", "0", "0", "0", "0", "0"])
    expect(by_state.nth(1).locator("td")).to_have_text(["Spain", "0", "0", "1", "0", "1"])
    meeting = page.locator("#status-by-meeting table tbody tr").first.locator("td")
    expect(meeting).to_have_text(["Meeting 9", "0", "0", "1", "0", "1"])
    for chart in page.locator("section.dashboard img").all():
        expect(chart).to_be_visible()
        assert chart.evaluate("image => image.naturalWidth") > 300  # the SVG loaded and drew
    page.screenshot(path=screenshots / "dashboards.png", full_page=True)

    page.get_by_role("button", name="Log out").click()
    log_in(page, base, "luis")
    expect(page.locator("h1")).to_have_text("Implementation reports — Peru")
    expect(page.locator("table.reports")).to_contain_text("No report filed yet.")  # Spain's report unseen
    expect(page.locator("ul.to-do")).to_contain_text(label)  # Peru still has it to do
    response = page.goto(report_url)
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Not allowed")
    page.screenshot(path=screenshots / "report-refused.png", full_page=True)


def test_a_script_files_a_report_through_the_running_servers_write_api(filing_server):
    import json
    import urllib.error
    import urllib.request

    from jsonschema import Draft202012Validator

    base, token = filing_server["base"], filing_server["token"]
    with urllib.request.urlopen(base + "/api/openapi.json", timeout=10) as response:
        components = json.load(response)["components"]
    entries = urllib.request.Request(base + "/api/reports", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(entries, timeout=10) as response:
        assert json.load(response)["total"] == 0

    def put(body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{base}/api/reports/PER/2026/{filing_server['entry']}",
            data=json.dumps(body).encode(),
            method="PUT",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as refused:
            return refused.code, json.load(refused)

    status, created = put({"status": "in_progress", "narrative": "Proyecto de ley.", "version": None})
    assert status == 201
    Draft202012Validator({"$ref": "#/components/schemas/Report", "components": components}).validate(created)
    assert put({"status": "implemented", "submitted": True, "version": 1})[0] == 200
    status, conflict = put({"status": "not_started", "version": 1})
    assert status == 409 and conflict["current"]["version"] == 2
    Draft202012Validator({"$ref": "#/components/schemas/Conflict", "components": components}).validate(conflict)


def test_after_a_refused_file_the_report_form_and_the_language_switch_stay_on_the_report(filing_server, page):
    """The refusal is shown at the upload's address: the report form saved there, and the switch returned there."""
    base = filing_server["base"]
    log_in(page, base, "ana")
    page.locator("ul.to-do li a").first.click()
    page.get_by_role("button", name="Save as draft").click()
    report_url = page.url
    refused = filing_server["folder"] / "tool.exe"
    refused.write_bytes(b"MZ\x90\x00")
    page.get_by_label("Attach a file").set_input_files(str(refused))
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.locator("p.error")).to_have_text("File refused: files of type .exe are not accepted.")

    page.get_by_label("Narrative").fill("Typed after the refusal.")
    page.get_by_role("button", name="Save as draft").click()
    expect(page).to_have_url(report_url)
    expect(page.locator("p.message")).to_have_text("Draft saved.")
    expect(page.get_by_label("Narrative")).to_have_value("Typed after the refusal.")

    page.get_by_label("Attach a file").set_input_files(str(refused))
    page.get_by_role("button", name="Attach", exact=True).click()
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(report_url)
    expect(page.get_by_label("Descripción")).to_have_value("Typed after the refusal.")


def test_a_narrative_sent_after_the_session_ended_comes_back_in_the_form_after_logging_in(
    filing_server, page, screenshots
):
    base = filing_server["base"]
    log_in(page, base, "ana")
    page.locator("ul.to-do li a").first.click()
    report_url = page.url
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Narrative").fill("An hour's work:\nthe bill, its hearings, its vote.")
    others = [cookie for cookie in page.context.cookies() if cookie["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(others)  # the session ended (8 hours), the CSRF cookie still there
    page.get_by_role("button", name="Save as draft").click()

    expect(page.locator("p.error")).to_contain_text("Your session had ended: the report was not saved.")
    expect(page.get_by_label("Your text, not saved yet")).to_have_value(
        "An hour's work:\nthe bill, its hearings, its vote."
    )
    page.screenshot(path=screenshots / "report-session-ended.png", full_page=True)
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label("Your text, not saved yet")).to_have_value(
        "An hour's work:\nthe bill, its hearings, its vote."
    )
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(report_url)
    expect(page.locator("p.message")).to_have_text(
        "This is the text you typed before your session ended: it is not saved yet."
    )
    expect(page.get_by_label("Status")).to_have_value("in_progress")
    expect(page.get_by_label("Narrative")).to_have_value("An hour's work:\nthe bill, its hearings, its vote.")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("p.message")).to_have_text("Draft saved.")
    expect(page.get_by_label("Narrative")).to_have_value("An hour's work:\nthe bill, its hearings, its vote.")
    page.reload()
    expect(page.locator("p.message")).to_have_count(0)  # shown once
