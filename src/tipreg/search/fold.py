"""Folding: the one way text is reduced for matching, shared by the keyword index and identity.

A folded word is lowercase ASCII with accents removed and the commonest OCR confusions of Spanish
collapsed, so `Niñas`, `ninas` and the OCR'd `nifias` fold alike. Folding works word by word and
never splits or joins words, so the n-th folded word is the n-th word of the text: that is what
lets a snippet highlight the words an index of folded text matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

WORD = re.compile(r"\w+")

# ñ read by OCR as "fi" or "fl" between vowels (nifias, niflas, Espafia, sefiala). Folding both sides
# with the same rule keeps clean words matching themselves (filosofía → filosona on both sides).
_OCR_ENYE = re.compile(r"(?<=[aeiou])f[il](?=[aeiou])")
# "m" read as "rn" (gobiemo/gobierno): fold both to "m".
_OCR_RN = re.compile(r"rn")
# Digits read for letters inside a word (0ltimo for último, 1a for la); only in words that are
# mostly letters, so numbers and ordinals (11ª, 2019) keep their digits.
_DIGIT_AS_LETTER = str.maketrans({"0": "o", "1": "l"})
_NON_ALNUM = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=100_000)  # a register's vocabulary is small and every word recurs
def fold_word(word: str) -> str:
    """Fold one word; may return "" for words made only of marks or symbols."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    ascii_word = _NON_ALNUM.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))
    letters = sum(c.isalpha() for c in ascii_word)
    if letters >= 3 and letters > len(ascii_word) - letters:
        ascii_word = ascii_word.translate(_DIGIT_AS_LETTER)
    return _OCR_RN.sub("m", _OCR_ENYE.sub("n", ascii_word))


def words(text: str) -> Iterator[tuple[str, int, int]]:
    """(folded word, start, end) for each word of `text` that folds to something."""
    for match in WORD.finditer(text):
        folded = fold_word(match.group())
        if folded:
            yield folded, match.start(), match.end()


def folded_words(text: str) -> list[str]:
    """The folded words of `text` (no positions: the fast path for indexing and identity)."""
    return [folded for folded in map(fold_word, WORD.findall(text)) if folded]


def fold_text(text: str) -> str:
    """The folded words of `text` separated by single spaces: what the keyword index stores."""
    return " ".join(folded_words(text))


def fold_compact(text: str) -> str:
    """The folded words run together: for identity, where OCR may split or join words."""
    return "".join(folded_words(text))
