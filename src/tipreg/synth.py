"""Realistic variants of the seed documents, for tests and benchmarks.

The register must read the whole family of UN documents, not five files. These transforms turn
a clean document (one paragraph per line, as in `corpus/sample/000_*.txt`) into what the same
document looks like after other conversions: hard-wrapped and hyphenated PDF text, running
page headers and footers falling in the middle of paragraphs, footnotes printed at page bottoms,
lost accents and the OCR confusions of `001_*.txt`, the trailing spaces of pdftotext (`003_*.txt`).

Every transform is a plain function of the text and a `random.Random`, so a seed gives the same
variant every time, and changes only what it is meant to: the words of the text and their order
stay the same (whitespace aside) except under `strip_accents`, `ocr_noise` and `move_footnotes`
(which moves footnotes and can print their labels as plain digits). A soft hyphen is the only "-"
that ends a line, so "-\n" can always be joined back. `make_variant` composes the transforms and
says what it did.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pyphen

SUPERSCRIPT_TO_DIGIT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
FOOTNOTE_START = re.compile(r"^\s*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,3})\s")
# Tokens that a reader takes for the start of a structural unit when they open a line:
# "12.", "a)", "(iii)", "- ", "II.", "A.", "Recomendación".
MARKER_TOKEN = re.compile(
    r"^(?:\d{1,3}\.|\(?(?:[a-z]|[ivxl]{1,5})\)|[-–•]|[IVX]{1,5}\.|[A-H]\.|Recomendaci[oó]n|Recommendation)$"
)
SHORT_NUMBER = re.compile(r"^\d{1,2}$")
# A word worth hyphenating: letters only (no symbols, numbers or markup), any trailing punctuation.
HYPHENATABLE = re.compile(r"^([^\W\d_]{6,})([,.;:)”»⁰¹²³⁴⁵⁶⁷⁸⁹]*)$")
SENTENCE_END = ".:;"
ACCENTED_WORD = re.compile(r"\w*[^\W\x00-\x7f]\w*")  # a word with a letter outside ASCII
MONTHS = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
DATE_YEAR = re.compile(rf"\b(?:{MONTHS})\b[ ,de]{{1,5}}((?:19|20)\d\d)\b", re.IGNORECASE)
# A line longer than any printed line is a whole paragraph from a clean conversion.
PRINTED_LINE_MAX = 120
# Roughly one printed page of text: footnotes land within a page of their call.
PAGE_CHARS = 3000
OCR_CONFUSIONS: dict[str, tuple[str, ...]] = {
    "ñ": ("fi", "fl", "f"),  # Nifios, niflas, Nifos
    "ó": ("é", "d", "6", "do", "éo", "oé"),  # reconocié, Convencidn, reuni6, contratacidon, reuniéon, subrayoé
    "ú": ("i", "ii"),  # segin, segiin
    "Ú": ("0",),  # 0ltimo
    "ª": ("?",),  # 11? reunión
    "º": ("°",),  # 11° periodo
}
OCR_CHARS = re.compile("[" + "".join(OCR_CONFUSIONS) + "]")
QUALITIES = ("clean", "wrapped", "ocr", "random")
FURNITURE_STYLES = ("un", "dash")
MAX_PAGE_SHORTENING = 3  # lines a page may lose to widow and orphan control

_hyphenator = pyphen.Pyphen(lang="es")


# --- wrapping and hyphenation ---------------------------------------------------------------------


def hard_wrap(text: str, width: int, rng: random.Random, *, paragraph_gaps: bool = True) -> str:
    """Wrap every line (a clean conversion puts one paragraph on each) at `width` columns.

    Blank lines stay; with `paragraph_gaps=False` the single blank lines between paragraphs go,
    as in some PDF extractions. Words are never broken: a token longer than `width` gets a line
    of its own. A printed line holds as many characters as its glyphs allow, so each line's
    limit falls up to `width // 12` columns short of `width` at random. A line never starts with
    a token that reads as a marker ("12.", "a)", "-") unless the paragraph started with it,
    because a reader could not tell such a line from a new paragraph. Runs of spaces inside a
    paragraph become one. A text that is wrapped already (as 001 and 003 are) is reflowed
    paragraph by paragraph.
    """
    lines = text.split("\n")
    printed = _printed_width(lines)
    runs = _paragraph_runs(lines, full=printed * 3 // 4) if printed else [[line] for line in lines]
    wrapped = []
    for run in runs:
        wrapped.extend(_wrap_line(_join(run), width, rng) if run[0].strip() else run)
    result = "\n".join(wrapped)
    return result if paragraph_gaps else drop_paragraph_gaps(result)


def hyphenate(text: str, rng: random.Random, rate: float, *, width: int | None = None) -> str:
    """Reflow the wrapped paragraphs of `text`, splitting words across line ends with "-".

    A word is split, with chance `rate`, where a typesetter would: it does not fit at the end of
    a line but its head and hyphen do, at a Spanish syllable boundary. Only words of letters are
    split, never symbols (CTOC/COP/WG.4/2019/5), numbers, acronyms or markup. `width` defaults
    to the longest line. A paragraph is a run of full lines (see `hard_wrap`), so the text must
    still have its blank lines between paragraphs or markers at their starts.
    """
    lines = text.split("\n")
    width = width or max(len(line.rstrip()) for line in lines)
    out: list[str] = []
    for run in _paragraph_runs(lines, full=width - width // 12):
        out.extend(run if len(run) == 1 else _wrap_line(_join(run), width, rng, hyphen_rate=rate))
    return "\n".join(out)


def _wrap_line(line: str, width: int, rng: random.Random, *, hyphen_rate: float = 0.0) -> list[str]:
    """Greedy wrap of one paragraph; runs of spaces inside it become one."""
    indent = line[: len(line) - len(line.lstrip())]
    words = line.split()
    lines: list[str] = []
    # words[start:i] is the line being filled, `used` its length (-1 when empty, so that the
    # next word always costs a space plus its length).
    start, used, limit = 0, len(indent) - 1, width - rng.randint(0, width // 12)
    i, count = 0, len(words)
    while i < count:
        word = words[i]
        size = len(word)
        if i == start or used + 1 + size <= limit:
            used += 1 + size
            i += 1
            continue
        head = _hyphen_point(word, limit - used - 2) if hyphen_rate and rng.random() < hyphen_rate else 0
        if head:
            lines.append(" ".join([*words[start:i], word[:head] + "-"]))
            words[i], start = word[head:], i
        elif i - start > 1 and _reads_as_marker(word, words[i + 1] if i + 1 < count else ""):
            lines.append(" ".join(words[start : i - 1]))
            start = i - 1
        else:
            lines.append(" ".join(words[start:i]))
            start = i
        used, limit = sum(len(w) + 1 for w in words[start:i]) - 1, width - rng.randint(0, width // 12)
    lines.append(" ".join(words[start:]))
    lines[0] = indent + lines[0]
    return lines


def _hyphen_point(token: str, room: int) -> int:
    """Where to split `token` so that its head and a hyphen take at most `room` columns; 0: nowhere."""
    match = HYPHENATABLE.match(token)
    if not match or not match.group(1).isalpha() or not match.group(1)[1:].islower():
        return 0
    return max((p for p in _hyphenator.positions(match.group(1)) if p <= room), default=0)


def _reads_as_marker(word: str, next_word: str) -> bool:
    """A token that would look like a paragraph, item or footnote start at the head of a line."""
    plain_footnote = SHORT_NUMBER.match(word) and next_word[:1].isupper()
    return bool(MARKER_TOKEN.match(word) or plain_footnote)


def _printed_width(lines: list[str]) -> int | None:
    """The width a text is wrapped at already, or None when it has one paragraph per line."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 10 or lengths[-1] > PRINTED_LINE_MAX or lengths[len(lengths) // 2] < 0.6 * lengths[-1]:
        return None
    return lengths[-1]


def _paragraph_runs(lines: list[str], *, full: int) -> list[list[str]]:
    """Group lines into paragraphs: a line continues the one before when that one is full (the
    next word would have taken it past `full` columns) and it opens with no marker."""
    runs = [[lines[0]]]
    for previous, line in pairwise(lines):
        words = line.split()
        continues = (
            bool(previous.strip())
            and bool(words)
            and previous.rstrip()[-1] not in SENTENCE_END
            and len(previous.rstrip()) + 1 + len(words[0]) > full
            and not FOOTNOTE_START.match(line)
            and not _reads_as_marker(words[0], words[1] if len(words) > 1 else "")
        )
        if continues:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _join(run: list[str]) -> str:
    return " ".join([run[0].rstrip(), *(line.strip() for line in run[1:])])


def drop_paragraph_gaps(text: str) -> str:
    """Remove the single blank lines between paragraphs; longer blank runs (page breaks) stay."""
    lines = text.split("\n")
    kept = [
        line
        for i, line in enumerate(lines)
        if line.strip() or not (0 < i < len(lines) - 1 and lines[i - 1].strip() and lines[i + 1].strip())
    ]
    return "\n".join(kept)


# --- page furniture -------------------------------------------------------------------------------


def page_furniture(
    page: int, pages: int, symbol: str, job_number: str, style: str, rng: random.Random
) -> tuple[list[str], list[str]]:
    """The header and footer lines of one page of a UN document, as text extraction gives them.

    "un": the symbol heads every page; the first page's foot carries the job number with its
    language tag, print dates and bar code; later feet alternate "2/12  V.19-07659" and
    "V.19-07659  3/12", on one line or on two. "dash": the older "- 3 -" page marks.
    """
    header = [symbol]
    spaces = " " * rng.randint(1, 8)
    if page == 1:
        footer = [f"{job_number} (S){spaces}{_print_dates(rng)}" if rng.random() < 0.5 else job_number]
        if rng.random() < 0.5:
            footer.append("*" + re.sub(r"\D", "", job_number) + "*")
        return header, footer
    if style == "dash":
        return header, [f"- {page} -"]
    parts = [f"{page}/{pages}", job_number] if page % 2 == 0 else [job_number, f"{page}/{pages}"]
    return header, [spaces.join(parts)] if rng.random() < 0.5 else parts


def _print_dates(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 27), rng.randint(1, 12), rng.randint(9, 23)
    return f"{day:02d}{month:02d}{year:02d}    {day + 1:02d}{month:02d}{year:02d}"


def add_running_headers(
    text: str,
    rng: random.Random,
    lines_per_page: int,
    symbol: str,
    job_number: str,
    *,
    style: str | None = None,
) -> str:
    """Cut the text into pages of `lines_per_page` lines and frame each with its furniture.

    Pages break in the middle of paragraphs as often as not, with runs of blank lines around the
    header and footer as PDF extraction leaves them. As word processors do (widow and orphan
    control), a page is made up to MAX_PAGE_SHORTENING lines shorter rather than end on the first
    line of a paragraph (a one-line heading included) or leave the last line for the next page;
    paragraphs are told apart by blank lines. `style` is one of FURNITURE_STYLES, at random when
    not given.
    """
    style = style or rng.choice(FURNITURE_STYLES)
    ends_with_newline = text.endswith("\n")
    lines = text.removesuffix("\n").split("\n")
    bounds = _page_bounds(lines, lines_per_page)
    out: list[str] = []
    for page, (start, end) in enumerate(bounds, start=1):
        header, footer = page_furniture(page, len(bounds), symbol, job_number, style, rng)
        if page > 1:
            out.extend([""] * rng.randint(1, 3))  # the page break
        out.extend(header)
        out.extend([""] * rng.randint(0, 2))
        out.extend(lines[start:end])
        out.extend([""] * rng.randint(0, 2))
        out.extend(footer)
    return "\n".join(out) + ("\n" if ends_with_newline else "")


def _page_bounds(lines: list[str], lines_per_page: int) -> list[tuple[int, int]]:
    def opens(i: int) -> bool:
        return bool(lines[i].strip()) and (i == 0 or not lines[i - 1].strip())

    def closes(i: int) -> bool:
        return bool(lines[i].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())

    bounds: list[tuple[int, int]] = []
    start = 0
    while start + lines_per_page < len(lines):
        end = start + lines_per_page
        shortest = max(start + 1, end - MAX_PAGE_SHORTENING)
        while end > shortest and (opens(end - 1) or (closes(end) and not opens(end))):
            end -= 1
        bounds.append((start, end))
        start = end
    bounds.append((start, len(lines)))
    return bounds


# --- footnotes ------------------------------------------------------------------------------------


def move_footnotes(text: str, rng: random.Random, *, plain_digits: bool = False) -> str:
    """Move each run of footnotes to the bottom of a page: a point up to a page further on.

    The point falls between two lines of one paragraph, or inside a paragraph that a clean
    conversion put on one long line. Footnotes keep their order. With `plain_digits` the labels
    lose their superscript ("¹ Resolución 70/1." becomes "1 Resolución 70/1."), as in pdftotext.
    Footnotes are lines starting with a superscript number or an asterisk, with the lines that
    follow them up to a blank line.
    """
    body, groups = _take_footnotes(text.split("\n"))
    if not groups:
        return text
    starts = [0]
    for line in body:
        starts.append(starts[-1] + len(line) + 1)
    placements: dict[int, list[list[str]]] = {}
    earliest = 0
    for anchor, notes in groups:
        first = max(anchor, earliest)
        candidates = [
            i for i in range(first, len(body)) if starts[i] - starts[first] <= PAGE_CHARS and _inside_paragraph(body, i)
        ]
        target = rng.choice(candidates) if candidates else len(body)
        earliest = target
        if plain_digits:
            notes = [note.translate(SUPERSCRIPT_TO_DIGIT) for note in notes]
        placements.setdefault(target, []).append(notes)
    return "\n".join(_place_footnotes(body, placements, rng))


def _take_footnotes(lines: list[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split lines into the body and runs of footnotes, each with its index in the body."""
    body: list[str] = []
    groups: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(lines):
        if not FOOTNOTE_START.match(lines[i]):
            body.append(lines[i])
            i += 1
            continue
        notes: list[str] = []
        while i < len(lines) and FOOTNOTE_START.match(lines[i]):
            while i < len(lines) and lines[i].strip():  # the note and its wrapped lines
                notes.append(lines[i])
                i += 1
            following = i
            while following < len(lines) and not lines[following].strip():
                following += 1
            if following < len(lines) and FOOTNOTE_START.match(lines[following]):
                i = following  # another note after blank lines: same run
        groups.append((len(body), notes))
    return body, groups


def _inside_paragraph(body: list[str], i: int) -> bool:
    line = body[i]
    if not line.strip() or FOOTNOTE_START.match(line):
        return False
    return len(line) > PRINTED_LINE_MAX or (i > 0 and bool(body[i - 1].strip()))


def _place_footnotes(body: list[str], placements: dict[int, list[list[str]]], rng: random.Random) -> list[str]:
    out: list[str] = []
    for i in range(len(body) + 1):
        line = body[i] if i < len(body) else None
        if i not in placements:
            if line is not None:
                out.append(line)
            continue
        before, after = _split_long_line(line, rng) if line is not None else ("", None)
        gap = [""] * rng.randint(0, 1)
        if before:
            out.append(before)
        for notes in placements[i]:
            out.extend([*gap, *notes])
        out.extend(gap)
        if after is not None:
            out.append(after)
    return out


def _split_long_line(line: str, rng: random.Random) -> tuple[str, str]:
    """Split a paragraph-long line at a word boundary in its middle, never before a marker."""
    if len(line) <= PRINTED_LINE_MAX:
        return "", line
    words = line.split(" ")
    cuts = [
        k
        for k in range(len(words) // 5, len(words) * 4 // 5)
        if words[k] and not _reads_as_marker(words[k], words[k + 1] if k + 1 < len(words) else "")
    ]
    if not cuts:
        return "", line
    cut = rng.choice(cuts)
    return " ".join(words[:cut]).rstrip(), " ".join(words[cut:])


# --- characters -----------------------------------------------------------------------------------


def strip_accents(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Drop the diacritics (á→a, ñ→n, ü→u) of a fraction `rate` of the words."""

    def strip(match: re.Match[str]) -> str:
        word = match.group()
        if rng.random() >= rate:
            return word
        decomposed = unicodedata.normalize("NFD", word)
        return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))

    return ACCENTED_WORD.sub(strip, text)


def ocr_noise(text: str, rng: random.Random, rate: float) -> str:
    """The confusions of real OCR'd UN reports (OCR_CONFUSIONS), each letter hit with chance
    `rate`, plus the odd doubled space and a leading space on some lines."""
    text = OCR_CHARS.sub(lambda m: rng.choice(OCR_CONFUSIONS[m.group()]) if rng.random() < rate else m.group(), text)
    text = re.sub(r"(?<=\S) (?=\S)", lambda m: "  " if rng.random() < rate / 10 else " ", text)
    return "\n".join(" " + line if line.strip() and rng.random() < rate / 5 else line for line in text.split("\n"))


def trailing_spaces(text: str, rng: random.Random, rate: float) -> str:
    """End a fraction `rate` of the lines with one or two spaces, as pdftotext does."""
    return "\n".join(line + " " * rng.randint(1, 2) if rng.random() < rate else line for line in text.split("\n"))


# --- composition ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A transformed document; `ops` says what was applied, in order, to print when a test fails."""

    text: str
    ops: tuple[str, ...]
    seed: int
    quality: str
    symbol: str | None = None  # the symbol and job number printed in running headers, if any
    job_number: str | None = None

    def __str__(self) -> str:
        return f"variant seed={self.seed} quality={self.quality}: " + (" | ".join(self.ops) or "unchanged")


def make_variant(
    text: str,
    seed: int,
    *,
    quality: str = "random",
    symbol: str | None = None,
    job_number: str | None = None,
) -> Variant:
    """A seeded variant of a clean document.

    quality: "clean" leaves the text as it is; "wrapped" gives PDF text (footnotes at page
    bottoms, hard wraps at 40–110 columns, hyphens, running headers); "ocr" adds lost accents and
    OCR confusions to that; "random" draws each of these independently. The running headers
    print `symbol` and `job_number`, by default ones that fit the document (its body, year).
    """
    if quality not in QUALITIES:
        raise ValueError(f"quality must be one of {QUALITIES}, not {quality!r}")
    rng = random.Random(seed)
    layout = quality in ("wrapped", "ocr") or (quality == "random" and rng.random() < 0.75)
    characters = quality == "ocr" or (quality == "random" and rng.random() < 0.5)
    default_symbol, default_job = document_furniture(text, rng)  # from the text as published
    ops: list[str] = []

    def apply(transform: Callable[..., str], current: str, **params: object) -> str:
        ops.append(f"{transform.__name__}({', '.join(f'{k}={v!r}' for k, v in params.items())})")
        return transform(current, rng=rng, **params)

    headers = None
    if layout:
        if rng.random() < 0.7:
            text = apply(move_footnotes, text, plain_digits=rng.random() < 0.3)
        width = rng.randint(40, 110)
        text = apply(hard_wrap, text, width=width)
        if rng.random() < 0.7:
            text = apply(hyphenate, text, rate=round(rng.uniform(0.2, 0.9), 2), width=width)
        drop_gaps = rng.random() < 0.3
        if rng.random() < 0.85:
            headers = (symbol or default_symbol, job_number or default_job)
            text = apply(
                add_running_headers,
                text,
                lines_per_page=rng.randint(25, 60),
                symbol=headers[0],
                job_number=headers[1],
                style=rng.choice(FURNITURE_STYLES),
            )
        if drop_gaps:  # last: hyphenate and the page breaks must see where paragraphs end
            text = drop_paragraph_gaps(text)
            ops.append("drop_paragraph_gaps()")
    if characters:
        text = apply(strip_accents, text, rate=round(rng.uniform(0.3, 1.0), 2))
        text = apply(ocr_noise, text, rate=round(rng.uniform(0.05, 0.3), 2))
    if layout and rng.random() < 0.25:
        text = apply(trailing_spaces, text, rate=round(rng.uniform(0.5, 1.0), 2))
    return Variant(
        text=text,
        ops=tuple(ops),
        seed=seed,
        quality=quality,
        symbol=headers[0] if headers else None,
        job_number=headers[1] if headers else None,
    )


def document_furniture(text: str, rng: random.Random) -> tuple[str, str]:
    """A plausible symbol and job number for a document: its issue year is the latest date in its
    opening; General Assembly documents are printed in New York ("19-17345", "A/C.3/74/L.11"),
    the Working Group's in Vienna ("V.19-07659", "CTOC/COP/WG.4/2019/5")."""
    opening = text[:4000]
    years = [int(y) for y in DATE_YEAR.findall(opening)]
    year = max(years) if years else rng.randint(2009, 2023)
    number = rng.randint(1000, 99999)
    if "Asamblea General" in opening[:1500] or "General Assembly" in opening[:1500]:
        return f"A/C.3/{year - 1945}/L.{rng.randint(5, 60)}", f"{year % 100:02d}-{number:05d}"
    return f"CTOC/COP/WG.4/{year}/{rng.randint(1, 6)}", f"V.{year % 100:02d}-{number:05d}"


def derived_vectors(
    bases: np.ndarray, count: int, seed: int, *, mix: float = 0.5, noise: float = 0.35
) -> tuple[np.ndarray, np.ndarray]:
    """`count` unit vectors near rows of `bases` (real embeddings), and the base row each comes from.

    Each is its base plus up to `mix` times another base (a variant that borrows another entry's
    wording) plus Gaussian noise of expected norm `noise`, renormalised: the benchmark then searches
    vectors distributed like the model's, clustered around real entries, without embedding anything.
    """
    rng = np.random.default_rng(seed)
    parents = rng.integers(0, len(bases), count)
    others = rng.integers(0, len(bases), count)
    weights = rng.uniform(0.0, mix, (count, 1)).astype(np.float32)
    scale = np.float32(noise / np.sqrt(bases.shape[1]))
    vectors = bases[parents] + weights * bases[others]
    vectors += rng.standard_normal(vectors.shape, dtype=np.float32) * scale
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors, parents
