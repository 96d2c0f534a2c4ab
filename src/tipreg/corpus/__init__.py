"""The bundled sample corpus: five real documents of the Working Group's family (see README)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_dir() -> Path:
    """Folder of the sample documents, inside the installed package."""
    return Path(str(files("tipreg.corpus") / "sample"))


def sample_files() -> list[Path]:
    return sorted(sample_dir().glob("*.txt"))
