"""The variant generator changes what each transform is meant to change, and nothing else."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from functools import cache
from itertools import pairwise
from pathlib import Path

import pymupdf
import pytest

from tipreg.corpus import sample_files
from tipreg.synth import (
    Variant,
    add_running_headers,
    drop_paragraph_gaps,
    hard_wrap,
    hyphenate,
    make_variant,
    move_footnotes,
    ocr_noise,
    strip_accents,
)

CLEAN = ("000", "002", "004")
FURNITURE = re.compile(
    r"CTOC/COP/WG\.4/2019/5|V\.19-07659(?: \(S\) +\d{6} +\d{6})?|\*1907659\*|- \d+ -"
    r"|\d+/\d+|\d+/\d+ +V\.19-07659|V\.19-07659 +\d+/\d+"
)
# Line starts that open a structural unit: what wrapping must neither add nor remove.
MARKER_LINE = re.compile(r"^\s*(?:Recomendación \d+$|\d{1,3}\.\s|(?:- )?[a-z]\)\s|[IVX]+\.\s|[A-H]\.\s)")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Spanish consonant pairs that never split across syllables.
ONSET_CLUSTERS = {"pl", "pr", "bl", "br", "cl", "cr", "dr", "tr", "fl", "fr", "gl", "gr", "ch", "ll", "rr"}
VOWELS = set("aeiouáéíóúü")


def seed_text(prefix: str) -> str:
    path = next(p for p in sample_files() if p.name.startswith(prefix))
    return path.read_text(encoding="utf-8")


def dehyphenate(text: str) -> str:
    return re.sub(r"-[ ]*\n[ ]*", "", text)


def furniture(line: str, variant: Variant) -> bool:
    """The test's own idea of a page-furniture line: symbol, job number, page mark, bar code."""
    stripped = line.strip()
    return (
        stripped == variant.symbol
        or (variant.job_number is not None and variant.job_number in stripped)
        or bool(re.fullmatch(r"-\s+\d+\s+-|\d+/\d+|\*\d+\*", stripped))
    )


def body_words(variant: Variant) -> list[str]:
    """The words of a variant with its page furniture and blank lines gone and hyphens mended."""
    lines = [line for line in variant.text.split("\n") if line.strip() and not furniture(line, variant)]
    return dehyphenate("\n".join(lines)).translate(SUPERSCRIPTS).split()


@pytest.mark.parametrize("quality", ["clean", "wrapped", "ocr", "random"])
def test_variants_are_deterministic_per_seed(quality):
    text = seed_text("000")
    first, again = make_variant(text, 7, quality=quality), make_variant(text, 7, quality=quality)
    assert (first.text, first.ops) == (again.text, again.ops)
    if quality != "clean":
        assert make_variant(text, 8, quality=quality).text != first.text


@pytest.mark.parametrize("prefix", CLEAN)
@pytest.mark.parametrize("width", [40, 63, 110])
def test_hard_wrap_respects_width_and_keeps_words_and_markers(prefix, width):
    text = seed_text(prefix)
    wrapped = hard_wrap(text, width, random.Random(width))
    lines = wrapped.split("\n")
    assert all(len(line) <= width or len(line.split()) == 1 for line in lines)
    assert wrapped.split() == text.split()
    # Every marker keeps its line start, and no continuation line reads as a new marker.
    markers_before = [line.split()[0] for line in text.split("\n") if MARKER_LINE.match(line)]
    assert [line.split()[0] for line in lines if MARKER_LINE.match(line)] == markers_before
    assert sum(not line.strip() for line in lines) == sum(not line.strip() for line in text.split("\n"))


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_hard_wrap_reflows_text_that_is_wrapped_already(prefix):
    text = seed_text(prefix)
    wrapped = hard_wrap(text, 55, random.Random(0))
    lines = wrapped.split("\n")
    assert wrapped.split() == text.split()
    assert all(len(line) <= 55 or len(line.split()) == 1 for line in lines)
    # Reflowed, not cut: hardly any line inside a paragraph is left short.
    inside = [a for a, b in pairwise(lines) if a.strip() and b.strip()]
    short = [line for line in inside if len(line.rstrip()) < 30 and line.rstrip()[-1] not in ".:;"]
    assert len(short) < len(inside) * 0.03, short


def test_hard_wrap_gives_over_long_tokens_a_line_of_their_own():
    text = "Véase el documento https://www.unodc.org/documents/treaties/organized_crime/2019/WG4.pdf ahora."
    lines = hard_wrap(text, 40, random.Random(1)).split("\n")
    assert lines == [
        "Véase el documento",
        "https://www.unodc.org/documents/treaties/organized_crime/2019/WG4.pdf",
        "ahora.",
    ]


def test_hard_wrap_never_opens_a_line_with_a_false_marker():
    text = " ".join(["según lo dispuesto en el párrafo 3. Los Estados partes"] * 40)
    for width in range(40, 80):
        lines = hard_wrap(text, width, random.Random(width)).split("\n")
        assert not any(re.match(r"\d+\.", line) for line in lines[1:]), width


def test_dropping_paragraph_gaps_removes_single_blank_lines_only():
    text = "uno\n\ndos\ntres\n\n\n\ncuatro\n\ncinco"
    assert drop_paragraph_gaps(text) == "uno\ndos\ntres\n\n\n\ncuatro\ncinco"
    assert hard_wrap(text, 50, random.Random(0), paragraph_gaps=False) == drop_paragraph_gaps(text)


@pytest.mark.parametrize("prefix", CLEAN)
def test_hyphenation_mends_back_to_the_same_words(prefix):
    wrapped = hard_wrap(seed_text(prefix), 60, random.Random(3))
    hyphenated = hyphenate(wrapped, random.Random(4), 1.0, width=60)
    splits = re.findall(r"(\S+)-\n(\S+)", hyphenated)
    assert len(splits) > 20
    assert dehyphenate(hyphenated).split() == wrapped.split()
    assert all(len(line) <= 60 or len(line.split()) == 1 for line in hyphenated.split("\n"))
    for head, tail in splits:
        assert head[-1].isalpha() and tail[0].isalpha(), (head, tail)  # never inside symbols or numbers
        pair = tail[:2].lower()
        if not VOWELS & set(pair):  # two consonants open the tail only when they cannot part
            assert pair in ONSET_CLUSTERS, (head, tail)


def test_hyphenation_leaves_symbols_numbers_and_acronyms_whole():
    text = " ".join(
        ["recomendaciones del CTOC/COP/WG.4/2019/5 examinadas en 1234567890 organizaciones UNODCUNODC"] * 30
    )
    wrapped = hard_wrap(text, 45, random.Random(0))
    hyphenated = hyphenate(wrapped, random.Random(0), 1.0, width=45)
    splits = re.findall(r"(\S+)-\n(\S+)", hyphenated)
    assert splits and all(head.isalpha() and tail.isalpha() for head, tail in splits)
    assert {w for w in dehyphenate(hyphenated).split() if not w.isalpha()} == {
        "CTOC/COP/WG.4/2019/5",
        "1234567890",
    }
    assert "UNODCUNODC" in hyphenated.split()


@pytest.mark.parametrize("style", ["un", "dash"])
def test_running_headers_frame_every_page_at_the_requested_rhythm(style):
    lines = [f"línea {n} de un párrafo que sigue" for n in range(1, 96)]
    text = add_running_headers(
        "\n".join(lines), random.Random(2), 20, "CTOC/COP/WG.4/2019/5", "V.19-07659", style=style
    )
    out = text.split("\n")
    headers = [i for i, line in enumerate(out) if line == "CTOC/COP/WG.4/2019/5"]
    assert len(headers) == 5
    pages = [out[a:b] for a, b in zip(headers, [*headers[1:], len(out)], strict=True)]
    assert [sum(line.startswith("línea") for line in page) for page in pages] == [20, 20, 20, 20, 15]
    assert [line for line in out if line.startswith("línea")] == lines
    assert all(line.startswith("línea") or not line.strip() or FURNITURE.fullmatch(line) for line in out)
    marks = re.findall(r"- (\d+) -" if style == "dash" else r"(?<![\d./-])(\d+)/5\b", text)
    assert [int(m) for m in marks] == [2, 3, 4, 5]
    assert "V.19-07659" in "\n".join(pages[0])
    assert all(out[h - 1] == "" for h in headers[1:])  # page breaks are blank runs


def test_page_breaks_leave_no_widow_or_orphan_lines():
    rng = random.Random(4)
    paragraphs = [[f"p{k} l{j}/{n}" for j in range(1, n + 1)] for k, n in enumerate(rng.choices([2, 3], k=60))]
    text = "\n\n".join("\n".join(paragraph) for paragraph in paragraphs)
    out = add_running_headers(text, random.Random(0), 9, "CTOC/COP/WG.4/2019/5", "V.19-07659").split("\n")
    headers = [i for i, line in enumerate(out) if line == "CTOC/COP/WG.4/2019/5"]
    pages = [[line for line in out[a:b] if line.startswith("p")] for a, b in pairwise([*headers, len(out)])]
    assert sum(map(len, pages)) == sum(map(len, paragraphs))
    lines = text.count("\n") + 1
    assert all(len(page) <= 9 for page in pages) and lines / 9 <= len(pages) <= lines / 6 + 1
    for page, following in pairwise(pages):
        assert not page[-1].split()[1].startswith("l1/"), page  # orphan: a first line left at the foot
        last, total = following[0].split()[1][1:].split("/")
        assert last != total, following  # widow: a last line carried over alone


def test_running_headers_fall_inside_paragraphs():
    paragraph = hard_wrap(max(seed_text("000").split("\n"), key=len), 50, random.Random(0))
    text = add_running_headers(paragraph, random.Random(1), 3, "CTOC/COP/WG.4/2019/5", "V.19-07659")
    body = [line for line in text.split("\n") if line.strip() and not FURNITURE.fullmatch(line)]
    assert body == paragraph.split("\n")
    assert text.count("CTOC/COP/WG.4/2019/5") == len(body) // 3 + (len(body) % 3 > 0)


def test_footnotes_move_inside_a_paragraph_in_order():
    text = seed_text("004")
    moved = move_footnotes(text, random.Random(5))
    notes = [line for line in text.split("\n") if re.match(r"[¹²³⁴⁵⁶⁷⁸⁹]", line)]
    assert [line for line in moved.split("\n") if re.match(r"[¹²³⁴⁵⁶⁷⁸⁹]", line)] == notes
    assert Counter(moved.split()) == Counter(text.split())
    assert moved != text
    # Some footnotes sit between two parts of one paragraph: the text before them stops mid-sentence.
    before_notes = [previous_text_line(moved, line) for line in notes]
    assert sum(line.rstrip()[-1] not in ".,:;" for line in before_notes) >= 3


def previous_text_line(text: str, note: str) -> str:
    before = text[: text.index("\n" + note + "\n")]
    return next(line for line in reversed(before.split("\n")) if line.strip())


def test_footnotes_can_lose_their_superscripts_and_keep_their_wrapped_lines():
    wrapped = hard_wrap(seed_text("002"), 50, random.Random(0))
    moved = move_footnotes(wrapped, random.Random(1), plain_digits=True)
    assert not re.search(r"(?m)^[¹²³⁴⁵⁶⁷⁸⁹]", moved)
    notes = re.findall(r"(?m)^[¹²³⁴⁵⁶⁷⁸⁹] .*(?:\n[^\s¹²³⁴⁵⁶⁷⁸⁹].*)*", wrapped)
    assert len(notes) == 5 and notes[4].count("\n") >= 3
    for note in notes:
        assert "\n" + note.translate(SUPERSCRIPTS) + "\n" in moved


def test_strip_accents_at_full_rate():
    text = "Convención sobre los niños, pingüinos y el Último ÁREA: 11ª reunión"
    assert (
        strip_accents(text, random.Random(0)) == "Convencion sobre los ninos, pinguinos y el Ultimo AREA: 11ª reunion"
    )
    stripped = strip_accents(seed_text("002"), random.Random(0))
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", stripped))
    assert len(stripped.split()) == len(seed_text("002").split())


def test_strip_accents_at_a_partial_rate_strips_whole_words():
    text = seed_text("000")
    stripped = strip_accents(text, random.Random(0), rate=0.5)
    kept = changed = 0
    for before, after in zip(text.split(), stripped.split(), strict=True):
        bare = unicodedata.normalize("NFD", before)
        bare = "".join(c for c in bare if not unicodedata.combining(c))
        assert after in (before, unicodedata.normalize("NFC", bare))
        if before != bare:
            kept += after == before
            changed += after != before
    assert kept > 100 and changed > 100


# What OCR of UN reports does to these letters (see 001_*.txt), written down independently of synth.
OCR_ALLOWED = {"ñ": "ñ|fi|fl|f", "ó": "ó|é|d|6|do|éo|oé", "ú": "ú|i|ii", "Ú": "Ú|0", "ª": "ª|\\?", "º": "º|°"}


def confusable(word: str) -> re.Pattern[str]:
    return re.compile("".join(f"(?:{OCR_ALLOWED[c]})" if c in OCR_ALLOWED else re.escape(c) for c in word))


@pytest.mark.parametrize("rate", [0.3, 1.0])
def test_ocr_noise_applies_only_the_known_confusions(rate):
    text = seed_text("000") + "\n\nEn su 11ª reunión, el Último día"
    noisy = ocr_noise(text, random.Random(9), rate)
    assert noisy != text
    before_lines, after_lines = text.split("\n"), noisy.split("\n")
    assert len(before_lines) == len(after_lines)
    for before, after in zip(before_lines, after_lines, strict=True):
        assert re.fullmatch(r" ?(?:\S+(?: {1,2}(?=\S))?)*", after), after
        for word, noisy_word in zip(before.split(), after.split(), strict=True):
            assert confusable(word).fullmatch(noisy_word), (word, noisy_word)
    if rate == 1.0:
        assert not set("ñóúÚª") & set(noisy)
        assert "11? reuni" in noisy and "0ltimo" in noisy


def test_ocr_noise_at_rate_zero_changes_nothing():
    text = seed_text("004")
    assert ocr_noise(text, random.Random(0), 0.0) == text


def test_clean_variant_is_the_document_itself():
    text = seed_text("002")
    variant = make_variant(text, 3, quality="clean")
    assert variant.text == text and variant.ops == () and variant.symbol is None
    assert "unchanged" in str(variant)


@pytest.mark.parametrize("prefix", CLEAN)
@pytest.mark.parametrize("seed", range(4))
def test_wrapped_variant_keeps_every_word(prefix, seed):
    text = seed_text(prefix)
    variant = make_variant(text, seed, quality="wrapped")
    assert variant.ops[0].startswith(("move_footnotes", "hard_wrap"))
    assert any(op.startswith("hard_wrap") for op in variant.ops)
    assert max(len(line.rstrip()) for line in variant.text.split("\n")) <= 110 + len("*1907659*")
    assert Counter(body_words(variant)) == Counter(text.translate(SUPERSCRIPTS).split()), str(variant)


@pytest.mark.parametrize("prefix", CLEAN)
@pytest.mark.parametrize("seed", range(4))
def test_ocr_variant_keeps_the_word_count_and_loses_accents(prefix, seed):
    text = seed_text(prefix)
    variant = make_variant(text, seed, quality="ocr")
    assert any(op.startswith("strip_accents") for op in variant.ops)
    assert any(op.startswith("ocr_noise") for op in variant.ops)
    assert len(body_words(variant)) == len(text.split()), str(variant)
    assert variant.text.count("ó") < text.count("ó") * 0.8


def test_random_variants_vary_their_recipe_and_keep_their_words():
    text = seed_text("004")
    variants = [make_variant(text, seed) for seed in range(16)]
    assert len({tuple(op.split("(")[0] for op in v.ops) for v in variants}) >= 4
    for variant in variants:
        assert len(body_words(variant)) == len(text.split()), str(variant)
        if variant.symbol:  # the document's own kind and year: a 2019 General Assembly draft
            assert re.fullmatch(r"A/C\.3/74/L\.\d+", variant.symbol) and variant.job_number.startswith("19-")


def test_unknown_quality_is_refused():
    with pytest.raises(ValueError, match="quality"):
        make_variant("texto", 0, quality="scanned")


@cache
def load_make_corpus():
    path = Path(__file__).resolve().parents[1] / "bench" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_corpus_pdf_has_a_text_layer_with_page_furniture():
    make_corpus = load_make_corpus()
    made = make_corpus.make_pdf(seed_text("000"), 11)
    with pymupdf.open(stream=made.data) as pdf:
        pages = [page.get_text() for page in pdf]
    assert len(pages) > 5
    assert all(page.startswith(made.symbol + "\n") for page in pages)
    assert made.job_number in pages[0]
    last_mark = f"{len(pages)}/{len(pages)}" if "style='un'" in made.ops[0] else f"- {len(pages)} -"
    assert last_mark in pages[-1]
    text = dehyphenate("\n".join(line for page in pages for line in page.split("\n")[1:]))
    assert "Recomendación 39" in text and "víctimas" in text


def test_corpus_is_deterministic_and_reaches_its_size(tmp_path, capsys):
    make_corpus = load_make_corpus()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        make_corpus.write_corpus(tmp_path / folder, 400_000, seed=3)
    files_a = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files_a == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in files_a)
    records = [json.loads(line) for line in (tmp_path / "a" / "manifest.jsonl").read_text().splitlines()]
    assert [r["file"] for r in records] == [n for n in files_a if n != "manifest.jsonl"]
    sizes = [(tmp_path / "a" / r["file"]).stat().st_size for r in records]
    assert sum(sizes) >= 400_000 and sum(sizes[:-1]) < 400_000
    assert "MB" in capsys.readouterr().out
