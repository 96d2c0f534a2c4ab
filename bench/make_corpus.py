"""Write a corpus of variants of the five seed documents, for the ingestion benchmark.

Most files are .txt variants from `tipreg.synth.make_variant` (about 4 % of them are a seed as it
is, to exercise re-ingestion). A tenth are real PDFs with a text layer made with PyMuPDF:
hard-wrapped, hyphenated lines with footnotes at page bottoms, the symbol at the head of each page
and the job number and page marks at its foot, as positioned text; a quarter of these carry an
OCR-like text layer (lost accents, confusions), as scanned reports do. A few are .docx
(python-docx; symbol and job number in the section header and footer) and .html, one paragraph per
element. Files are written until their total size reaches --mb; `manifest.jsonl` beside them says,
for each file, its seed document and what was applied. The same --seed gives the same files, byte
for byte.

Run: ``.venv/bin/python bench/make_corpus.py --out /tmp/corpus --mb 50 --seed 1``
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
import pymupdf

from tipreg.corpus import sample_files
from tipreg.synth import (
    FURNITURE_STYLES,
    document_furniture,
    hard_wrap,
    hyphenate,
    make_variant,
    move_footnotes,
    ocr_noise,
    page_furniture,
    strip_accents,
)

TXT_QUALITIES = ("wrapped", "ocr", "random")
FORMAT_SHARES = (("pdf", 0.10), ("docx", 0.05), ("html", 0.05))  # by number of files; the rest is txt
# A4 page set in 9.5 pt type: 52 lines of at most 88 characters between header and footer.
PDF_WIDTH, PDF_LINES, PDF_FONT_SIZE, PDF_LEADING = 88, 52, 9.5, 13.5
PDF_MARGIN, PDF_TOP, PDF_FOOT = 56, 84, 800
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed member times make .docx bytes reproducible


@dataclass
class Made:
    data: bytes
    ops: list[str]
    symbol: str | None
    job_number: str | None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write (must be empty or new)")
    parser.add_argument("--mb", type=float, default=50.0, help="total size to reach, in megabytes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        sys.exit(f"{args.out} is not empty: give a new or empty folder")
    args.out.mkdir(parents=True, exist_ok=True)
    write_corpus(args.out, int(args.mb * 1_000_000), args.seed)


def write_corpus(out: Path, target_bytes: int, seed: int) -> None:
    rng = random.Random(seed)
    seeds = [(path.name[:3], path.read_text(encoding="utf-8")) for path in sample_files()]
    started, written, next_report = time.perf_counter(), 0, 0.0
    formats: Counter[str] = Counter()
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        while written < target_bytes:
            prefix, text = rng.choice(seeds)
            fmt = pick_format(rng)
            variant_seed = rng.randrange(2**31)
            made = MAKERS[fmt](text, variant_seed)
            name = f"{formats.total():05d}_{prefix}.{fmt}"
            (out / name).write_bytes(made.data)
            record = {"file": name, "seed_file": prefix, "format": fmt, "variant_seed": variant_seed}
            record |= {"ops": made.ops, "symbol": made.symbol, "job_number": made.job_number}
            manifest.write(json.dumps(record, ensure_ascii=False) + "\n")
            formats[fmt] += 1
            written += len(made.data)
            if written >= next_report:
                report(written, target_bytes, formats, started)
                next_report += target_bytes / 10
    report(written, target_bytes, formats, started)


def pick_format(rng: random.Random) -> str:
    draw = rng.random()
    for fmt, share in FORMAT_SHARES:
        if draw < share:
            return fmt
        draw -= share
    return "txt"


def report(written: int, target: int, formats: Counter[str], started: float) -> None:
    counts = ", ".join(f"{count} {fmt}" for fmt, count in sorted(formats.items()))
    elapsed = time.perf_counter() - started
    print(f"{written / 1e6:6.1f} / {target / 1e6:.1f} MB  {counts}  {elapsed:.1f} s", flush=True)


def make_txt(text: str, seed: int) -> Made:
    # Not "clean": copies of the seeds would be duplicates; "random" still leaves one in eight as is.
    variant = make_variant(text, seed, quality=random.Random(seed).choice(TXT_QUALITIES))
    return Made(variant.text.encode("utf-8"), list(variant.ops), variant.symbol, variant.job_number)


@cache
def pdf_font() -> pymupdf.Font:
    """Built into PyMuPDF and covers “ ” and superscripts, unlike the base-14 fonts; subset on save."""
    return pymupdf.Font("cjk")


def make_pdf(text: str, seed: int) -> Made:
    rng = random.Random(seed)
    font = pdf_font()
    symbol, job_number = document_furniture(text, rng)
    style = rng.choice(FURNITURE_STYLES)
    ops = [f"pdf(width={PDF_WIDTH}, lines_per_page={PDF_LINES}, style={style!r})"]
    text = hyphenate(hard_wrap(move_footnotes(text, rng), PDF_WIDTH, rng), rng, 0.5, width=PDF_WIDTH)
    if rng.random() < 0.25:  # a scanned report's OCR text layer
        text = ocr_noise(strip_accents(text, rng, rate=0.7), rng, rate=0.15)
        ops.append("strip_accents(rate=0.7) | ocr_noise(rate=0.15)")
    lines = text.split("\n")
    pages = -(-len(lines) // PDF_LINES)
    doc = pymupdf.open()
    for page_number in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        header, footer = page_furniture(page_number, pages, symbol, job_number, style, rng)
        writer = pymupdf.TextWriter(page.rect)
        body = lines[(page_number - 1) * PDF_LINES : page_number * PDF_LINES]
        for row, line in enumerate(header):
            show(writer, font, 48 + row * PDF_LEADING, line, PDF_FONT_SIZE)
        for row, line in enumerate(body):
            show(writer, font, PDF_TOP + row * PDF_LEADING, line, PDF_FONT_SIZE)
        for row, line in enumerate(footer):
            show(writer, font, PDF_FOOT + row * PDF_LEADING, line, 8)
        writer.write_text(page)
    doc.set_metadata({"title": symbol, "producer": "tipreg bench/make_corpus.py"})
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    return Made(data, ops, symbol, job_number)


def show(writer: pymupdf.TextWriter, font: pymupdf.Font, y: float, line: str, size: float) -> None:
    """What `TextWriter.append` does, less the bounds of all text so far that it recomputes on every
    call (quadratic in the lines of a page, and most of the time spent making a PDF)."""
    origin = pymupdf.Point(PDF_MARGIN, y) * writer.ictm
    matrix = pymupdf.mupdf.fz_make_matrix(size, 0, 0, size, origin.x, origin.y)
    pymupdf.mupdf.fz_show_string(writer.this, font.this, matrix, line, 0, 0, 0, pymupdf.mupdf.FZ_LANG_UNSET)


def paragraphs_of(text: str, seed: int) -> tuple[list[str], list[str]]:
    """One paragraph per element, as word processors and web pages keep them; some without accents."""
    rng = random.Random(seed)
    text = hard_wrap(text, 10**6, rng)  # reflows 001 and 003 into one paragraph a line
    ops = []
    if rng.random() < 0.3:
        rate = round(rng.uniform(0.3, 1.0), 2)
        text = strip_accents(text, rng, rate=rate)
        ops.append(f"strip_accents(rate={rate})")
    return [line.strip() for line in text.split("\n") if line.strip()], ops


def make_docx(text: str, seed: int) -> Made:
    paragraphs, ops = paragraphs_of(text, seed)
    symbol, job_number = document_furniture(text, random.Random(seed))
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = symbol
    section.footer.paragraphs[0].text = job_number
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return Made(with_fixed_zip_times(buffer.getvalue()), ops, symbol, job_number)


def with_fixed_zip_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))
    return out.getvalue()


def make_html(text: str, seed: int) -> Made:
    paragraphs, ops = paragraphs_of(text, seed)
    symbol, job_number = document_furniture(text, random.Random(seed))
    body = "\n".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    page = (
        f'<!DOCTYPE html>\n<html lang="es">\n<head><meta charset="utf-8"><title>{symbol}</title></head>\n'
        f"<body>\n<header>{symbol}</header>\n{body}\n<footer>{job_number}</footer>\n</body>\n</html>\n"
    )
    return Made(page.encode("utf-8"), ops, symbol, job_number)


MAKERS = {"txt": make_txt, "pdf": make_pdf, "docx": make_docx, "html": make_html}

if __name__ == "__main__":
    main()
