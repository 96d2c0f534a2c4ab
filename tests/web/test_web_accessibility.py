"""What people with assistive technology and small screens meet on the public pages (WCAG 2.1 AA basics)."""

from __future__ import annotations

import lxml.html

from web.test_web_pages import COMPENSATION


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
    search = client.get("/search", {"q": "trata"}).content
    assert set(languages(search, "//p[@class='snippet']")) == {"es"}
    assert set(languages(search, "//li[@class='hit']/a")) == {"en"}
    browse = client.get("/provisions/").content
    assert set(languages(browse, "//ol[@class='results']/li/p")) == {"es"}
    assert set(languages(browse, "//ol[@class='results']/li/a")) == {"en"}
