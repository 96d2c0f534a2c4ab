"""One renderer per format over the publication model (tipreg.publish.document); none reads the register."""

from __future__ import annotations

from pathlib import Path

from tipreg.publish.document import Publication

FORMATS = ("docx", "pdf", "html", "md")


def render(publication: Publication, output: str, path: Path) -> None:
    """Write `publication` to `path` as DOCX, PDF, HTML or Markdown."""
    if output == "md":
        from tipreg.publish.render.markdown import to_markdown

        path.write_text(to_markdown(publication), encoding="utf-8")
    elif output == "html":
        from tipreg.publish.render.html import to_html

        path.write_text(to_html(publication), encoding="utf-8")
    elif output == "pdf":
        from tipreg.publish.render.pdf import write_pdf

        write_pdf(publication, path)
    elif output == "docx":
        from tipreg.publish.render.docx import write_docx

        write_docx(publication, path)
    else:
        raise ValueError(f"unknown format {output!r}; one of {', '.join(FORMATS)}")
