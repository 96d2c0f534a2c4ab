"""Which files a list of paths names: folders are searched, documents kept, the rest explained."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tipreg.model import ReadError
from tipreg.read.formats import SUPPORTED_SUFFIXES, unsupported_reason


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ReadError]]:
    """The documents `paths` name, each once, and an error for each path that names none.

    Folders are searched recursively, in sorted order; inside them, hidden entries, Word lock files and
    other types are skipped quietly, while a file named directly must be a supported type.
    """
    files: list[Path] = []
    errors: list[ReadError] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _documents_under(path)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                errors.append(ReadError(path.name, unsupported_reason(path.suffix.lower())))
                continue
            found = [path]
        else:
            errors.append(ReadError(str(path), "no such file or folder"))
            continue
        for file in found:
            identity = file.resolve()
            if identity not in seen:
                seen.add(identity)
                files.append(file)
    return files, errors


def _documents_under(folder: Path) -> list[Path]:
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(root) / name for name in names if _is_document_name(name))
    return sorted(found)


def _is_document_name(name: str) -> bool:
    hidden_or_lock = name.startswith((".", "~$"))  # "~$" files are Word's locks beside open documents
    return not hidden_or_lock and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
