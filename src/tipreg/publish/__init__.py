"""Publishing: open-data exports (export.py) and the documents the Secretariat prepares (index, compilation)."""

from __future__ import annotations

from pathlib import Path

from tipreg.publish.build import KINDS, build
from tipreg.publish.render import FORMATS, render

__all__ = ["FORMATS", "KINDS", "publish"]


def publish(kind: str, output: str, path: Path, lang: str, db: str | None = None, *, progress: bool = False) -> None:
    """Build the publication `kind` from the register and write it to `path` in format `output`."""
    if output not in FORMATS:
        raise ValueError(f"unknown format {output!r}; one of {', '.join(FORMATS)}")
    render(build(kind, lang, db, progress=progress), output, path)
