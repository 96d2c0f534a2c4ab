"""What people with assistive technology and small screens meet on the public pages (WCAG 2.1 AA basics)."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
import pytest
from playwright.sync_api import Page

from web.conftest import web_client
from web.test_web_e2e import serving
from web.test_web_pages import COMPENSATION


@pytest.fixture(scope="module")
def server(demo_register: str) -> Iterator[str]:
    with serving(demo_register) as base:
        yield base


def languages(html: bytes, xpath: str) -> list[str]:
    """The language of each element `xpath` selects: its own `lang`, else its nearest ancestor's."""
    tree = lxml.html.fromstring(html)
    return [element.xpath("string(ancestor-or-self::*[@lang][1]/@lang)") for element in tree.xpath(xpath)]


def test_a_spanish_recommendation_in_the_english_interface_is_marked_spanish_and_only_its_text(client):
    """A screen reader reads Spanish text with a Spanish voice, and the interface's English with an English one."""
    detail = client.get(f"/provisions/{COMPENSATION}").content
    assert languages(detail, "//h1") == ["en"]  # "Meeting 1, No. 13" is the interface's words
    assert languages(detail, "//p[@class='permalink']") == ["en"]
    assert languages(detail, "//div[@class='text']") == ["es"]
    assert set(languages(detail, "//blockquote[@class='passage'] | //p[@class='original-text']")) == {"es"}
    assert set(languages(detail, "//section[@class='related']//li/span[not(@class)]")) == {"es"}
    assert languages(detail, "//div[@class='source']/h3/a") == ["es"]  # the document's title
    search = client.get("/search", {"q": "trata"}).content
    assert set(languages(search, "//p[@class='snippet']")) == {"es"}
    assert set(languages(search, "//li[@class='hit']/a")) == {"en"}
    browse = client.get("/provisions/").content
    assert set(languages(browse, "//ol[@class='results']/li/p")) == {"es"}
    assert set(languages(browse, "//ol[@class='results']/li/a")) == {"en"}
    assert set(languages(browse, "//aside/ul/li/a[contains(@href, 'heading=')]")) == {"es"}  # the section headings
    heading = "A. Recomendaciones generales"
    chosen = client.get("/provisions/", {"meeting": "9", "heading": heading}).content
    chip = lxml.html.fromstring(chosen).xpath("//a[@class='chip'][contains(., $heading)]/span[1]", heading=heading)
    assert [span.xpath("string(ancestor-or-self::*[@lang][1]/@lang)") for span in chip] == ["es"]


def test_every_page_begins_with_a_link_past_the_header_to_its_content(demo):
    for language, words in (("en", "Skip to the content"), ("es", "Ir al contenido")):
        for url in ("/", "/search?q=trata", f"/provisions/{COMPENSATION}", "/gaps/", "/login/", "/nowhere"):
            tree = lxml.html.fromstring(web_client(language).get(url).content)
            first = tree.xpath("//body//*[self::a or self::button or self::input or self::select][1]")[0]
            assert (first.get("href"), first.text_content()) == ("#content", words), url
            assert tree.xpath("//main/@id") == ["content"], url


def test_a_chosen_filters_chip_says_it_removes_the_filter(demo):
    """The chip read "Meeting 9 ✕" ("multiplication x" to a screen reader): now the ✕ is hidden from it and the
    link names what it does."""
    for language, words in (("en", "Meeting 9 (remove this filter)"), ("es", "Reunión 9 (quitar este filtro)")):
        html = web_client(language).get("/provisions/", {"meeting": "9", "kind": "recommendation"}).content
        chips = lxml.html.fromstring(html).xpath("//p[@class='chosen']/a[@class='chip']")
        spoken = [" ".join(c.xpath("string(.)").replace("✕", "").split()) for c in chips]
        assert spoken[0] == words and len(spoken) == 2, spoken
        assert all(c.xpath("span[@aria-hidden='true']/text()") == ["✕"] for c in chips)


def test_every_header_cell_of_the_gap_view_names_its_column(demo):
    """The name column's header was an empty <th>: a screen reader announced nothing for it."""
    for language, names in (
        ("en", ["Themes and sub-themes", "Protocol articles"]),
        ("es", ["Temas y subtemas", "Artículos del Protocolo"]),
    ):
        tree = lxml.html.fromstring(web_client(language).get("/gaps/").content)
        assert [
            " ".join(th.text_content().split()) for th in tree.xpath("//table[@class='gaps']/thead/tr/th[1]")
        ] == names
        assert all(th.text_content().strip() for th in tree.xpath("//table//th"))


# The browser tests last: once Playwright's event loop runs, Django's ORM refuses to run in this process.


def test_the_skip_link_shows_when_the_keyboard_reaches_it_and_leads_into_the_page(server: str, page: Page):
    page.goto(server + "/")
    skip = page.locator("a.skip-link")
    assert skip.bounding_box()["y"] + skip.bounding_box()["height"] <= 0  # out of sight for the mouse
    page.keyboard.press("Tab")
    assert skip.evaluate("link => link === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["width"] > 50  # on screen, readable
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the next stop is the page's first link, not the header's
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways_on_a_phone(server: str, page: Page, width: int):
    """WCAG 1.4.10: a document's file name in its heading, the labels' names beside their values, a theme
    menu's longest option or the home page's 20rem columns pushed the page wider than the phone."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server + "/documents/")
    documents = page.eval_on_selector_all("table.documents td:first-child a", "links => links.map(a => a.pathname)")
    assert len(documents) == 5
    for url in ["/", "/provisions/", f"/provisions/{COMPENSATION}", "/search?q=trata", "/recurring/", *documents]:
        page.goto(server + url)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width, url
