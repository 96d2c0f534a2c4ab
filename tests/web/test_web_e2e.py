"""As a person uses it: the real server (`tipreg serve`) driven by headless Chromium through Playwright.

Chromium is Debian's (`apt-get install chromium`, done by `scripts/bootstrap --dev`); Playwright's own
browser download is never used. Screenshots go to artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from playwright.sync_api import expect

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, build_document
from tipreg.store.labels.records import correct
from tipreg.store.models import Provision
from tipreg.store.writer import store_document
from web.test_web_pages import facet_counts

OCR_REPORT_ENTRY = "rec-m11-e3d6123b2e"  # meeting 11, no. 4: printed "nifios y niflas" in the OCR'd report


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"tipreg serve exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"tipreg serve did not answer at {url} within {seconds} s")


@contextmanager
def serving(db: str, *options: str) -> Iterator[str]:
    """`tipreg serve` (the installed command) on `db`, on a free loopback port; yields its base URL."""
    port = free_port()
    tipreg = Path(sys.executable).with_name("tipreg")
    process = subprocess.Popen(
        [str(tipreg), "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db, *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base + "/", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(demo_register: str) -> Iterator[str]:
    with serving(demo_register) as base:
        yield base


def fetch_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Type"] == "application/json"
        return json.load(response)


def test_the_running_server_answers_as_its_openapi_schema_says(server):
    schema = fetch_json(server + "/api/openapi.json")
    validate(schema)
    assert schema["servers"] == [{"url": server}]
    components = schema["components"]
    for path, name in (("/api/search?q=victimas&limit=5", "SearchResults"), ("/api/documents", "DocumentList")):
        Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": components}).validate(
            fetch_json(server + path)
        )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server + "/api/search?q=trata&limit=1000", timeout=10)
    assert refused.value.code == 400
    assert json.load(refused.value)["error"]["parameter"] == "limit"


def test_serve_works_on_a_fresh_register_with_no_set_up(tmp_path):
    fresh = tmp_path / "new.sqlite3"
    with serving(str(fresh)) as base:
        request = urllib.request.Request(base + "/", headers={"Accept-Language": "en"})
        with urllib.request.urlopen(request, timeout=5) as response:
            page = response.read().decode()
        with urllib.request.urlopen(base + "/api/documents", timeout=5) as response:
            documents = json.load(response)
    assert "0 recommendations from 0 documents." in page
    assert documents == {"total": 0, "limit": 100, "offset": 0, "results": []}
    assert fresh.exists()


def test_serve_with_several_processes_sees_every_change_of_the_register(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_SUBITEMS, REC_TEN]))
    with serving(db, "--workers", "2") as base:
        assert len(worker_processes(base)) == 2
        states = facet_line(base, "states_parties")
        correct(Provision.objects.get(number="2").pk, "addressees", ["secretariat"], "M. Curator")
        # every process sees the correction on its next request (its facet table follows the register)
        assert {facet_line(base, "states_parties") for _ in range(8)} == {states - 1}
        with urllib.request.urlopen(base + "/api/search?q=estados&addressee=secretariat", timeout=10) as response:
            assert json.load(response)["total"] == 1


def worker_processes(base: str) -> list[str]:
    """The processes forked by the server on `base`'s port (the master's children; workers fork none)."""
    port = base.rsplit(":", 1)[1]
    servers = subprocess.run(["pgrep", "-f", f"serve .*--port {port} "], capture_output=True, text=True).stdout.split()
    return [
        child
        for pid in servers
        for child in subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
    ]


def facet_line(base: str, addressee: str) -> int:
    """The count the search page's addressee facet shows for `addressee` on a search for "estados"."""
    request = urllib.request.Request(base + "/search?q=estados", headers={"Accept-Language": "en"})
    with urllib.request.urlopen(request, timeout=10) as response:
        html = response.read().decode()
    return facet_counts(html, "addressee").get(addressee, 0)


def test_search_without_accents_and_open_a_result(server, page, screenshots):
    page.goto(server + "/")
    expect(page.locator("h1")).to_have_text("The register at a glance")
    page.screenshot(path=screenshots / "home-en.png", full_page=True)
    page.get_by_role("searchbox", name="Search the register").fill("indemnizacion")
    page.get_by_role("searchbox", name="Search the register").press("Enter")
    expect(page).to_have_url(server + "/search?q=indemnizacion")
    # two recommendations (meetings 1 and 4) and two paragraphs of the background paper
    expect(page.locator("p.total")).to_contain_text("4 results")
    expect(page.locator("li.hit mark").first).to_have_text("indemnización")
    page.screenshot(path=screenshots / "search-indemnizacion.png", full_page=True)

    page.get_by_role("link", name="Meeting 1 · No. 13").click()
    expect(page).to_have_url(server + "/provisions/rec-m01-31791b7426")
    expect(page.locator("h1")).to_have_text("Meeting 1, No. 13")
    expect(page.locator("article .text")).to_contain_text("indemnización a las víctimas")
    page.screenshot(path=screenshots / "provision-meeting1-13.png", full_page=True)

    page.get_by_role("link", name="Meeting 1", exact=True).click()  # browse the rest of that meeting
    expect(page.locator("p.total")).to_have_text("23 entries")
    page.screenshot(path=screenshots / "browse-meeting1.png", full_page=True)


def test_read_a_recommendations_provenance(server, page, screenshots):
    page.goto(f"{server}/provisions/{OCR_REPORT_ENTRY}")
    # the register's text is repaired; the passage in context is the document's text as read (OCR'd)
    expect(page.locator("article .text")).to_contain_text("explotación de niños y niñas")
    source = page.locator(".source").first
    expect(source.locator("h3")).to_have_text("001_7bd5d977365344a0.txt")
    expect(source.locator("mark.span")).to_contain_text("explotacion de nifios y niflas")
    expect(source.locator(".context").first).not_to_be_empty()
    original = source.locator("details.original")
    expect(original.locator(".original-text")).to_be_hidden()
    original.locator("summary").click()
    expect(original.locator(".original-text")).to_be_visible()
    expect(original.locator(".original-text")).to_contain_text("nifios y niflas")
    page.screenshot(path=screenshots / "provenance-meeting11-4.png", full_page=True)

    source.locator("h3 a").click()
    expect(page).to_have_url(f"{server}/documents/2#p-{OCR_REPORT_ENTRY}")
    marked = page.locator(f"#p-{OCR_REPORT_ENTRY}")
    expect(marked).to_be_in_viewport()
    expect(marked).to_have_attribute("href", f"/provisions/{OCR_REPORT_ENTRY}")
    expect(page.locator("a.provision-span")).to_have_count(16)
    page.screenshot(path=screenshots / "document-meeting11.png")


def test_switch_language(server, page, screenshots):
    page.goto(server + "/documents/")
    expect(page.locator("h1")).to_have_text("Documents")  # the browser's language
    page.screenshot(path=screenshots / "documents-en.png", full_page=True)

    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(server + "/documents/")  # back on the same page
    expect(page.locator("h1")).to_have_text("Documentos")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Español")).to_be_disabled()
    page.screenshot(path=screenshots / "documents-es.png", full_page=True)

    page.goto(server + "/")  # the choice outlives the page
    expect(page.locator("h1")).to_have_text("El registro de un vistazo")
    page.screenshot(path=screenshots / "home-es.png", full_page=True)
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("The register at a glance")


def test_on_a_phone_the_results_come_before_the_facets(server, page, screenshots):
    """One column on a phone: the first hit is on the first screen, the filters below the results."""
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/search?q=trata", "/provisions/"):
        page.goto(server + path)
        first_hit = page.locator("ol.results > li").first
        expect(first_hit).to_be_in_viewport()
        assert first_hit.bounding_box()["y"] < page.locator(".with-sidebar > aside").bounding_box()["y"], path
    page.screenshot(path=screenshots / "phone-search.png")


def test_on_a_phone_no_page_scrolls_sideways(server, demo_register, page, screenshots, tmp_path):
    """At 390 px the header's menu wraps and wide tables scroll in their own box."""
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", "/dashboards/", "/gaps/", "/search?q=trata", "/login/"):
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        expect(page.get_by_role("link", name="Log in")).to_be_in_viewport()
    page.screenshot(path=screenshots / "phone-login.png", full_page=True)
    published = tmp_path / "indice.html"  # the index as `tipreg publish` writes it, with its wide table
    tipreg = Path(sys.executable).with_name("tipreg")
    subprocess.run(
        [str(tipreg), "publish", "index", "--format", "html", "--out", str(published), "--db", demo_register],
        check=True,
        capture_output=True,
    )
    page.goto("about:blank")  # a document of its own: the site's Content-Security-Policy forbids inline styles
    page.set_content(published.read_text("utf-8"))
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Liberation Serif"')  # its CSS
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
