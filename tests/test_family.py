"""The family, not five files: variants of the clean seeds must yield the same recommendations.

Each variant is the same document as a PDF extraction or an OCR engine would give it: hard-wrapped
at another width, hyphenated at line ends, with running headers and footers, footnotes between the
lines of a paragraph, accents lost and OCR confusions. Extraction must find the same provisions
(kind, meeting, number, sub-item labels, nesting) and, up to the repair's accuracy, the same text.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from tipreg.corpus import sample_files
from tipreg.model import Document, Provision, SubItem
from tipreg.pipeline import process_text
from tipreg.synth import make_variant

CLEAN_SEEDS = ("000", "002", "004")
SEEDS = range(6)
WORD = re.compile(r"\w+")


@cache
def clean(name: str) -> Document:
    path = next(p for p in sample_files() if p.name.startswith(name))
    return process_text(path.read_text(encoding="utf-8"), file=path.name)


def shape(items: list[SubItem]) -> list:
    return [(item.label, shape(item.subitems)) for item in items]


def skeleton(doc: Document) -> list[tuple]:
    return [(p.kind, p.meeting, p.year, p.number, shape(p.subitems)) for p in doc.provisions]


def words(provision: Provision) -> list[str]:
    return WORD.findall(provision.text)


def word_agreement(expected: Document, got: Document) -> float:
    same = total = 0
    for want, have in zip(expected.provisions, got.provisions, strict=True):
        a, b = words(want), words(have)
        total += len(a)
        same += sum(x == y for x, y in zip(a, b, strict=False)) if len(a) == len(b) else 0
    return same / total


@pytest.mark.parametrize("name", CLEAN_SEEDS)
@pytest.mark.parametrize("seed", SEEDS)
def test_wrapped_variant_gives_identical_provisions(name, seed):
    variant = make_variant(clean(name).source.text, seed, quality="wrapped")
    got = process_text(variant.text, file=f"{name}-wrapped-{seed}.txt")
    assert skeleton(got) == skeleton(clean(name)), variant.ops
    for want, have in zip(clean(name).provisions, got.provisions, strict=True):
        assert have.text == want.text, (variant.ops, want.number)
        assert have.heading == want.heading, variant.ops


@pytest.mark.parametrize("name", CLEAN_SEEDS)
@pytest.mark.parametrize("seed", SEEDS)
def test_ocr_variant_gives_same_provisions_and_repaired_text(name, seed):
    variant = make_variant(clean(name).source.text, seed, quality="ocr")
    got = process_text(variant.text, file=f"{name}-ocr-{seed}.txt")
    assert skeleton(got) == skeleton(clean(name)), variant.ops
    assert got.meta.type == clean(name).meta.type
    assert word_agreement(clean(name), got) >= 0.97, variant.ops


@pytest.mark.parametrize("seed", SEEDS)
def test_spans_point_at_the_provision_in_the_variant(seed):
    variant = make_variant(clean("000").source.text, seed, quality="random")
    got = process_text(variant.text, file="000-variant.txt")
    for provision in got.provisions:
        start, end = provision.span
        assert re.match(r"Recomendaci\S{1,2}n\s+" + provision.number + r"\b", variant.text[start:end])


def test_the_symbol_is_read_from_the_running_headers():
    with_headers = 0
    for seed in SEEDS:
        variant = make_variant(clean("000").source.text, seed, quality="wrapped", symbol="CTOC/COP/WG.4/2019/5")
        got = process_text(variant.text, file="000-variant.txt")
        if any(op.startswith("add_running_headers") for op in variant.ops):
            with_headers += 1
            assert got.meta.symbol == "CTOC/COP/WG.4/2019/5", variant.ops
        else:
            assert got.meta.symbol is None, variant.ops  # the clean conversion prints no symbol
    assert with_headers >= 3
