"""How long reading takes: a 50-page PDF with a text layer, and scanned pages that need OCR.

Run: .venv/bin/python tests/read_timing.py [--pages 50] [--scanned 8]
The pages are filled with the seed documents' text, so they read like the real thing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import textwrap
import time
from pathlib import Path

import pymupdf

from tipreg.read import read_file

SAMPLES = Path(__file__).parents[1] / "src" / "tipreg" / "corpus" / "sample"
PAGE = pymupdf.Rect(72, 72, 523, 770)
CHARS_PER_PAGE = 3000  # about what an A4 page of a UN report holds at 10 pt


def seed_pages(count: int) -> list[str]:
    text = " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in sorted(SAMPLES.glob("*.txt")))
    chunks = textwrap.wrap(text, CHARS_PER_PAGE)
    return [chunks[i % len(chunks)] for i in range(count)]


def text_pdf(path: Path, pages: list[str]) -> None:
    document = pymupdf.open()
    for text in pages:
        document.new_page(width=595, height=842).insert_textbox(PAGE, text, fontsize=10)
    document.save(path)


def scanned_pdf(path: Path, pages: list[str]) -> None:
    source = pymupdf.open()
    scan = pymupdf.open()
    for text in pages:
        page = source.new_page(width=595, height=842)
        page.insert_textbox(PAGE, text, fontsize=10)
        image = scan.new_page(width=595, height=842)
        image.insert_image(image.rect, stream=page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY).tobytes("png"))
    scan.save(path)


def timed(path: Path, runs: int) -> tuple[float, int]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = read_file(path)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), len(result.text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--scanned", type=int, default=8)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        typed = Path(folder) / "typed.pdf"
        text_pdf(typed, seed_pages(arguments.pages))
        seconds, characters = timed(typed, runs=5)
        print(f"{arguments.pages}-page PDF with a text layer: {seconds:.3f} s (median of 5), {characters} chars")
        if arguments.scanned:
            scanned = Path(folder) / "scanned.pdf"
            scanned_pdf(scanned, seed_pages(arguments.scanned))
            seconds, characters = timed(scanned, runs=1)
            per_page = seconds / arguments.scanned
            print(
                f"{arguments.scanned}-page scanned PDF (OCR): {seconds:.1f} s, {per_page:.2f} s/page, {characters} chars"
            )


if __name__ == "__main__":
    main()
