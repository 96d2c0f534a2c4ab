"""Tesseract, run as a program: one process per page image, as many at a time as there are cores."""

from __future__ import annotations

import os
import subprocess
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache

from tipreg.read.base import ReadOptions, Unreadable

OCR_DPI = 300
_PAGE_TIMEOUT_S = 300
# Each process gets one thread: pages in parallel use the cores better than Tesseract's own OpenMP threads.
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def require_tesseract(options: ReadOptions) -> None:
    """Raise `Unreadable`, naming the packages to install, unless Tesseract and the languages are there."""
    try:
        installed = _installed_languages(options.tesseract_cmd)
    except OSError as error:
        raise Unreadable(
            f"needs OCR but Tesseract is not installed ({options.tesseract_cmd}: {error.strerror}); "
            f"install it: {install_command(options.ocr_languages, with_engine=True)}"
        ) from error
    missing = [language for language in options.ocr_languages.split("+") if language not in installed]
    if missing:
        raise Unreadable(
            f"needs OCR but Tesseract has no language data for {', '.join(missing)}; "
            f"install it: {install_command('+'.join(missing), with_engine=False)}"
        )


def install_command(languages: str, *, with_engine: bool) -> str:
    """The Debian/Ubuntu command that installs Tesseract's data for `languages` ("spa+eng")."""
    packages = [f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in languages.split("+")]
    return "apt-get install " + " ".join((["tesseract-ocr"] if with_engine else []) + packages)


@lru_cache(maxsize=8)
def _installed_languages(tesseract_cmd: str) -> frozenset[str]:
    listing = subprocess.run([tesseract_cmd, "--list-langs"], capture_output=True, text=True, timeout=60, check=False)
    # The first line is a title: "List of available languages in "/usr/share/…" (3):"
    return frozenset(line.strip() for line in listing.stdout.splitlines()[1:] if line.strip())


def ocr_image(image: bytes, options: ReadOptions) -> str:
    """The text Tesseract reads in one PNG; its resolution (pHYs) tells Tesseract the size of the type."""
    command = [options.tesseract_cmd, "stdin", "stdout", "-l", options.ocr_languages]
    timeout = min(_PAGE_TIMEOUT_S, max(options.seconds_left(), 1))  # a page ends by the file's time limit too
    try:
        done = subprocess.run(command, input=image, capture_output=True, env=_ENV, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise Unreadable(f"Tesseract took over {timeout:g} s on one page") from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise Unreadable(f"Tesseract failed: {detail[-1]}")
    return done.stdout.decode("utf-8").replace("\f", "")


def ocr_images(images: Iterable[bytes], options: ReadOptions, *, pages: int) -> list[str]:
    """OCR each of the `pages` images, in order, several at a time; `images` is consumed lazily so few are held
    in memory. Past the options' time limit no more pages are started, and the file fails saying how far it got."""
    workers = os.cpu_count() or 1
    texts: list[str] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[str]] = deque()
        try:
            for image in images:
                options.check_time(f"OCR'd {len(texts):,} of {pages:,} pages")
                pending.append(pool.submit(ocr_image, image, options))
                if len(pending) > workers:
                    texts.append(_page_text(pending.popleft(), options, len(texts), pages))
            while pending:
                texts.append(_page_text(pending.popleft(), options, len(texts), pages))
        except Unreadable:
            pool.shutdown(cancel_futures=True)  # pages not started are not read; those in hand end by their timeout
            raise
    return texts


def _page_text(future: Future[str], options: ReadOptions, done: int, pages: int) -> str:
    try:
        return future.result()
    except Unreadable:
        options.check_time(f"OCR'd {done:,} of {pages:,} pages")  # a page cut short by the file's limit says so
        raise
