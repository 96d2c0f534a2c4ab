"""How well `repair_text` restores Spanish text that lost its accents or was misread by OCR.

The clean seed documents (000, 002, 003, 004) are damaged on purpose, repaired, and compared with the
original word by word:

* ``strip``: every accent is removed (á→a … ü→u, ñ→n, upper case too). The ordinal indicators ª and º
  are not accents and are kept.
* ``ocr``: words with ñ, ó or ú get the OCR confusions seen in the real scanned report 001 instead
  (ñ→fi/fl/f, ó→é/d/6/id/éo/oé, ú→i/ii, and a leading Ú→0), picked at random with a fixed seed;
  their other accents and those of the remaining words are stripped; "11ª" becomes "11?".
* ``clean``: the text is repaired as it is, to count changes to text that needed none.

Printed: accuracy on damaged words (repaired back exactly), the rate of wrong changes on words that were
left intact, per file and overall, the throughput (cold cache, then warm), and the 20 most frequent errors.
The same figures follow for a held-out sample the repair was never tuned on: the Spanish translations
shipped with Django (short user-interface strings, a different register from UN prose).
Run: ``.venv/bin/python bench/repair_accuracy.py [--mode strip|ocr|clean|all]``.
"""

from __future__ import annotations

import argparse
import random
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tipreg.model import Repair
from tipreg.normalize import repair

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "src" / "tipreg" / "corpus" / "sample"
CLEAN_SEEDS = ("000", "002", "003", "004")
MODES = ("strip", "ocr", "clean")

_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_OCR_CONFUSIONS = {
    "ñ": ("fi", "fl", "f"),
    "ó": ("é", "d", "6", "id", "éo", "oé"),
    "ú": ("i", "ii"),
}


def strip_accents(word: str) -> str:
    """Remove combining marks (á→a, ñ→n, ü→u); ª and º are letters, not accented ones, and stay."""
    return "".join(
        unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", char) if c.isascii()))
        if char not in "ªº"
        else char
        for char in word
    )


def ocr_damage(word: str, rng: random.Random) -> str:
    """Misread a word the way the OCR of scanned UN reports does; other accents are lost."""
    if re.fullmatch(r"\d+ª", word):
        return word[:-1] + "?"
    if not any(char in _OCR_CONFUSIONS or char == "Ú" for char in word):
        return strip_accents(word)
    out = []
    for i, char in enumerate(word):
        if char == "Ú" and i == 0:
            out.append("0")
        elif char in _OCR_CONFUSIONS:
            out.append(rng.choice(_OCR_CONFUSIONS[char]))
        else:
            out.append(strip_accents(char))
    return "".join(out)


@dataclass
class Tally:
    damaged: int = 0
    damaged_right: int = 0
    intact: int = 0
    intact_changed: int = 0
    errors: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def add(self, truth: str, damaged: str, repaired: str) -> None:
        if damaged != truth:
            self.damaged += 1
            self.damaged_right += repaired == truth
        else:
            self.intact += 1
            self.intact_changed += repaired != truth
        if repaired != truth:
            self.errors[(damaged, repaired, truth)] += 1

    def merge(self, other: Tally) -> None:
        self.damaged += other.damaged
        self.damaged_right += other.damaged_right
        self.intact += other.intact
        self.intact_changed += other.intact_changed
        self.errors.update(other.errors)

    def figures(self) -> dict[str, float | int]:
        return {
            "damaged_words": self.damaged,
            "accuracy": self.damaged_right / self.damaged if self.damaged else 1.0,
            "intact_words": self.intact,
            "wrong_change_rate": self.intact_changed / self.intact if self.intact else 0.0,
        }


def damage(text: str, mode: str, seed: int = 0) -> tuple[str, list[tuple[int, int, str]]]:
    """The damaged text and, per word, its span there and the original word."""
    rng = random.Random(seed)
    parts: list[str] = []
    words: list[tuple[int, int, str]] = []
    position = length = 0
    for match in repair.WORD.finditer(text):
        between = text[position : match.start()]
        truth = match.group()
        if mode == "strip":
            damaged = strip_accents(truth)
        elif mode == "ocr":
            damaged = ocr_damage(truth, rng)
        else:
            damaged = truth
        length += len(between)
        words.append((length, length + len(damaged), truth))
        length += len(damaged)
        parts += [between, damaged]
        position = match.end()
    parts.append(text[position:])
    return "".join(parts), words


def repair_paragraphs(text: str) -> list[Repair]:
    """Repair paragraph by paragraph with its lines joined, as the pipeline does; spans index `text`."""
    repairs = []
    for paragraph in _PARAGRAPH.finditer(text):
        _, found = repair.repair_text(paragraph.group().replace("\n", " "), "es")
        offset = paragraph.start()
        repairs += [Repair(r.start + offset, r.end + offset, r.old, r.new) for r in found]
    return repairs


def _repaired_words(damaged: str, words: list[tuple[int, int, str]], repairs: list[Repair]):
    by_start = {r.start: r for r in repairs}
    for start, end, truth in words:
        word, position, out = damaged[start:end], start, []
        while position < end:
            fix = by_start.get(position)
            if fix is not None and fix.end <= end:
                out.append(fix.new)
                position = fix.end
            else:
                out.append(damaged[position])
                position += 1
        yield truth, word, "".join(out)


def measure(texts: dict[str, str], mode: str = "strip", seed: int = 0, timing: bool = True) -> dict:
    """Damage each text, repair it, and return the figures per file and overall (see module doc).

    With `timing`, also the throughput (which empties the repair's caches first).
    """
    per_file, total = {}, Tally()
    damaged_texts = {name: damage(text, mode, seed) for name, text in texts.items()}
    for name, (damaged, words) in damaged_texts.items():
        tally = Tally()
        for truth, word, repaired in _repaired_words(damaged, words, repair_paragraphs(damaged)):
            if any(char.isalpha() for char in truth):
                tally.add(truth, word, repaired)
        per_file[name] = tally.figures()
        total.merge(tally)
    return {
        "mode": mode,
        "files": per_file,
        "overall": total.figures(),
        "errors": total.errors.most_common(20),
        "throughput_mb_s": _throughput([damaged for damaged, _ in damaged_texts.values()]) if timing else None,
    }


def _throughput(texts: list[str], warm_runs: int = 3) -> dict[str, float]:
    """MB/s of repair: once with empty caches, then the best of `warm_runs` with warm ones."""
    size = sum(len(text.encode()) for text in texts) / 1e6
    repair.clear_caches()
    timings = []
    for _ in range(1 + warm_runs):
        began = time.perf_counter()
        for text in texts:
            repair_paragraphs(text)
        timings.append(time.perf_counter() - began)
    return {"cold": size / timings[0], "warm": size / min(timings[1:])}


def load_seeds(prefixes: tuple[str, ...] = CLEAN_SEEDS) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for prefix in prefixes
        for path in sorted(SAMPLE_DIR.glob(f"{prefix}_*.txt"))
    }


def load_django_catalogs() -> dict[str, str]:
    """Held-out Spanish: the translations shipped with Django (user-interface text, not UN prose).

    Nothing in the repair was tuned on them; placeholders and markup are dropped.
    """
    import django

    root = Path(django.__file__).parent
    lines = []
    for catalog in sorted(root.glob("**/locale/es/LC_MESSAGES/django.po")):
        for line in catalog.read_text(encoding="utf-8").splitlines():
            if line.startswith('msgstr "') and len(line) > 9:
                lines.append(re.sub(r"%\(\w+\)s|%[sd]|\{\w*\}|<[^>]+>|\\n", "", line[8:-1]))
    return {"django-es (held out)": "\n\n".join(lines)}


def _report(result: dict) -> None:
    print(f"== mode: {result['mode']}")
    for name, figures in [*result["files"].items(), ("overall", result["overall"])]:
        print(
            f"{name:28} damaged {figures['damaged_words']:6d}  accuracy {figures['accuracy']:7.2%}  "
            f"intact {figures['intact_words']:6d}  wrong changes {figures['wrong_change_rate']:6.2%}"
        )
    rates = result["throughput_mb_s"]
    if rates:
        print(f"throughput: {rates['cold']:.2f} MB/s cold cache, {rates['warm']:.2f} MB/s warm")
    print("most frequent errors (damaged → repaired, expected):")
    for (damaged, repaired, truth), count in result["errors"]:
        print(f"  {count:4d}  {damaged} → {repaired}   expected {truth}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=[*MODES, "all"], default="all")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    texts, held_out = load_seeds(), load_django_catalogs()
    for mode in MODES if args.mode == "all" else (args.mode,):
        _report(measure(texts, mode, args.seed))
        _report(measure(held_out, mode, args.seed, timing=False))


if __name__ == "__main__":
    main()
