"""PDF: the HTML page with print styles, laid out by WeasyPrint (Pango for text)."""

from __future__ import annotations

from pathlib import Path

from tipreg.publish.document import Publication
from tipreg.publish.render.html import to_html


def write_pdf(publication: Publication, path: Path) -> None:
    from weasyprint import HTML

    HTML(string=to_html(publication, for_print=True)).write_pdf(path)
