"""HTML through a Jinja2 template (autoescaped); the same page, with print styles, feeds the PDF renderer."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from tipreg.publish.document import Item, Publication, item_label, note_runs, text_pieces
from tipreg.publish.wording import words

# A recommendation this short (its text and sub-items, in characters: about eight printed lines) is kept on one
# page in print; a longer one may break across pages, so that no page is left half empty before it.
SHORT_ITEM = 700


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("tipreg.publish", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
    )


def _stylesheet(name: str) -> str:
    return resources.files("tipreg.publish").joinpath("templates", name).read_text("utf-8")


def to_html(publication: Publication, *, for_print: bool = False) -> str:
    """A standalone page; `for_print` adds page rules and sets notes as footnotes at the foot of the page."""
    css = _stylesheet("publication.css") + (_stylesheet("print.css") if for_print else "")
    return (
        _environment()
        .get_template("publication.html")
        .render(
            pub=publication,
            css=css,
            print=for_print,
            note_word=words(publication.lang)["note"],
            pieces=text_pieces,
            label=item_label,
            runs=note_runs,
            short=short_item,
        )
    )


def short_item(item: Item) -> bool:
    """Whether a recommendation is short enough to keep on one page (SHORT_ITEM)."""

    def length(item: Item) -> int:
        return len(item.text) + 40 + sum(length(sub) for sub in item.subitems)

    return length(item) <= SHORT_ITEM
