"""The bundled sample corpus ingested once for the web tests, and a Django test client on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

from registers import new_register
from tipreg import services
from tipreg.corpus import sample_dir
from tipreg.store import setup


@pytest.fixture(scope="session")
def demo_register(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The five sample documents in a fresh register (read-only for the tests that use it)."""
    target = new_register(tmp_path_factory.mktemp("web"), "demo")
    report = services.ingest_paths([sample_dir()], target, progress=False)
    assert not report.failed
    return target


def point_at(register: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point Django (and TIPREG_DB, which the pages' services read) at `register`, for one test."""
    monkeypatch.setenv("TIPREG_DB", register)
    setup(register)
    return register


@pytest.fixture
def demo(demo_register: str, monkeypatch: pytest.MonkeyPatch) -> str:
    return point_at(demo_register, monkeypatch)


def web_client(language: str = "en") -> Client:
    """A browser-like client: a loopback host name (the default allowed hosts) and a preferred language."""
    return Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def client(demo: str) -> Client:
    return web_client("en")


@pytest.fixture
def screenshots() -> Path:
    """Where the browser tests leave their screenshots (gitignored, kept for a person to look at)."""
    folder = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def semantic_register(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Sixteen entries, Spanish and English (conftest.store_spanish_and_english), embedded once a session."""
    from conftest import store_spanish_and_english
    from tipreg.search.semantic import embed_register

    target = setup(new_register(tmp_path_factory.mktemp("web-semantic"), "semantic"))
    store_spanish_and_english()
    embed_register()
    return target


@pytest.fixture
def semantic_client(semantic_register: str, monkeypatch: pytest.MonkeyPatch) -> Client:
    """A client on the embedded register."""
    point_at(semantic_register, monkeypatch)
    return web_client("en")


# The browser tests drive Debian's chromium (scripts/bootstrap --dev installs it), never a downloaded one.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile whose preferred language is English."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
