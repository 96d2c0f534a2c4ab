"""Which files a list of paths names: folders are searched, documents kept, the rest explained."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from tipreg.model import ReadError
from tipreg.read.formats import SUPPORTED_SUFFIXES, unsupported_reason


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ReadError]]:
    """The documents `paths` name, each once, and an error for each path that names none.

    Folders are searched recursively, in sorted order; inside them, hidden entries, Word lock files and
    other types are skipped quietly (a folder with no document at all is an error), while a file named
    directly must be a supported type.
    """
    files: list[Path] = []
    errors: list[ReadError] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            listed = len(errors)
            found = _documents_under(path, errors)
            if not found and len(errors) == listed:  # a folder that could not be listed has said so
                errors.append(ReadError(str(path), _why_no_documents(path)))
        elif path.is_file() and path.suffix.lower() not in SUPPORTED_SUFFIXES:
            errors.append(ReadError(str(path), unsupported_reason(path.suffix.lower())))
            continue
        else:
            found = [path]
        for file in found:
            problem = _not_a_file(file)
            identity = Path(os.path.abspath(file)) if problem else file.resolve()  # a loop of links has no resolution
            if identity in seen:  # named twice (a folder and a file in it): one line, one file
                continue
            seen.add(identity)
            if problem:
                errors.append(ReadError(str(file), problem))
            else:
                files.append(file)
    return files, errors


def _not_a_file(path: Path) -> str | None:
    """Why `path` (not a folder) cannot be read as a document file, or None when it is a file."""
    if path.is_file():
        return None
    if path.is_symlink() and not path.exists():
        return f"a link to {os.readlink(path)}, {_why_broken(path)}"
    if path.exists():  # reading a pipe would wait for a writer forever
        return "not a regular file (a pipe, socket or device)"
    return "no such file or folder"


def _why_broken(link: Path) -> str:
    try:
        link.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:  # a.txt → b.txt → a.txt: the target exists, but as a link leading back
            return "a loop of links that never reaches a file"
    return "which does not exist"


def _documents_under(folder: Path, errors: list[ReadError]) -> list[Path]:
    """The documents under `folder`; a folder inside that cannot be listed is an error, not skipped unsaid."""

    def unlisted(error: OSError) -> None:
        errors.append(ReadError(str(error.filename), f"folder cannot be read: {error.strerror}"))

    found = []
    for root, folders, names in os.walk(folder, onerror=unlisted):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(root) / name for name in names if _is_document_name(name))
    return sorted(found)


def _why_no_documents(folder: Path) -> str:
    """A folder given that holds no document: what it holds instead, so the user sees what was not read."""
    others = sorted({Path(name).suffix.lower() or "no suffix" for _, _, names in os.walk(folder) for name in names})
    holds = f"it holds files of other types ({', '.join(others)})" if others else "it is empty"
    return f"no documents in this folder: {holds}; read are {', '.join(sorted(SUPPORTED_SUFFIXES))}"


def _is_document_name(name: str) -> bool:
    hidden_or_lock = name.startswith((".", "~$"))  # "~$" files are Word's locks beside open documents
    return not hidden_or_lock and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
