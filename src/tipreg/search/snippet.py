"""Snippets: the stretch of a hit's text with the most matched words, those words highlighted."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from tipreg.search.fold import words

WINDOW_WORDS = 24


def snippet(
    texts: Iterable[str],
    exact: set[str],
    prefixes: tuple[str, ...],
    markers: tuple[str, str] = ("[", "]"),
    window: int = WINDOW_WORDS,
) -> str:
    """A window of the first text in `texts` that shows a match (else the start of the first text).

    `exact` and `prefixes` are folded words, as `Query.matched_words` gives them; matching folds the
    text the same way, so the words are found whatever their accents or OCR damage.
    """
    texts = iter(texts)
    first = next(texts, "")
    found = matched_snippet(itertools.chain([first], texts), exact, prefixes, markers, window)
    if found is not None:
        return found
    tokens = list(words(first))
    return _render(first, tokens, set(), (0, min(window, len(tokens))), markers)


def matched_snippet(
    texts: Iterable[str],
    exact: set[str],
    prefixes: tuple[str, ...],
    markers: tuple[str, str] = ("[", "]"),
    window: int = WINDOW_WORDS,
) -> str | None:
    """The window of the first text in `texts` that shows a match, as `snippet` gives it; None if none does."""
    for text in texts:  # may be lazy: later texts are only fetched when earlier ones show no match
        tokens = list(words(text))
        hits = [i for i, (folded, _, _) in enumerate(tokens) if folded in exact or folded.startswith(prefixes)]
        if hits:
            matched = [tokens[i][0] for i in hits]
            return _render(text, tokens, set(hits), _best_window(hits, matched, window, len(tokens)), markers)
    return None


def _best_window(hits: list[int], matched: list[str], window: int, total: int) -> tuple[int, int]:
    """[start, end) word range of `window` words showing the most different query words of note (longer
    than three letters: "pesca" before "de", "la"), then the most different words, then the most matches,
    with a little context before the first. `matched[k]` is the folded word at `hits[k]`; every window is
    scored as it will be shown."""
    best, best_score = (0, min(window, total)), (-1, -1, -1)
    for hit in hits:
        start = max(0, min(hit - window // 4, total - window))
        inside = [word for position, word in zip(hits, matched, strict=True) if start <= position < start + window]
        score = (len({word for word in inside if len(word) > 3}), len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = (start, min(total, start + window)), score
    return best


def _render(
    text: str, tokens: list[tuple[str, int, int]], hits: set[int], span: tuple[int, int], markers: tuple[str, str]
) -> str:
    start, end = span
    if start >= end:
        return ""
    parts: list[str] = []
    cursor = tokens[start][1] if start > 0 else 0  # keep an opening quote or bracket
    for i in range(start, end):
        _, word_start, word_end = tokens[i]
        parts.append(text[cursor:word_start])
        word = text[word_start:word_end]
        parts.append(f"{markers[0]}{word}{markers[1]}" if i in hits else word)
        cursor = word_end
    if end == len(tokens):
        parts.append(text[cursor:].rstrip())
    body = " ".join("".join(parts).split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(tokens) else "")
