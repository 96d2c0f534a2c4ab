"""A user's keyword query, parsed once and folded like the index, whatever the backend."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from tipreg.search.fold import fold_text, fold_word
from tipreg.segment.language import STOPWORDS

# Words nearly every text has ("de", "la", "the", "y"): a snippet marks them only when the query has nothing
# else to mark, so that "víctimas de trata" marks the two words that found the hit, not every "de" around them.
_FUNCTION_WORDS = frozenset(fold_word(word) for code in ("es", "en") for word in STOPWORDS[code])

# A quoted phrase (a quote left open runs to the end: the phrase typed without its closing quote); words joined
# by "/", "." or "-" with no space (a document symbol such as CTOC/COP/WG.4/2009/2, a resolution number such as
# 64/293, victim-centred), matched as the phrase they print; or a word with an optional trailing * for a prefix.
_PART = re.compile(r'"([^"]*)"?|(\w+(?:[/.-]\w+)+)|(\w+)(\*)?')


@dataclass
class Term:
    """One thing every hit must contain: any of `alternatives` (a word, or its typo expansions)."""

    alternatives: list[str]
    prefix: bool = False
    phrase: bool = False  # alternatives[0] is a sequence of folded words, in order
    widened: bool = False  # alternatives hold the typed word's other number or typo neighbours: widen once


@dataclass
class Filters:
    meeting: int | None = None
    year: int | None = None
    document_type: str | None = None  # of any of the provision's sources
    kind: str | None = None
    theme: str | None = None  # a sub-theme id, or a theme id for all its sub-themes (docs/taxonomy.md)
    addressee: str | None = None  # states_parties, secretariat, … (docs/labelling-guide.md)
    strength: int | None = None  # 1 to 5
    group: str | None = None  # a group concerned: women, children, … (docs/labelling-guide.md)


@dataclass
class Query:
    terms: list[Term] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)

    def matched_words(self) -> tuple[set[str], tuple[str, ...]]:
        """Folded words a hit's text may show for this query: (exact words, prefixes)."""
        exact: set[str] = set()
        prefixes: list[str] = []
        for term in self.terms:
            if term.prefix:
                prefixes.extend(term.alternatives)
            else:
                for alternative in term.alternatives:
                    exact.update(alternative.split())
        of_note = {word for word in exact if not _is_function_word(word)}
        return (of_note if of_note or prefixes else exact), tuple(prefixes)


def _is_function_word(folded: str) -> bool:
    return folded.isalpha() and (len(folded) == 1 or folded in _FUNCTION_WORDS)


# Typographic quotes (a word processor's “ ”, Spanish « ») quote a phrase as the ASCII one does.
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»", '"'))


def normalize_query(text: str) -> str:
    """`text` as the index's texts are written: composed accents (NFC; a keyboard or a PDF may give "i" and a
    combining accent, which would split the word), no invisible format characters (soft hyphens, zero-width
    spaces, direction marks) inside words, and every kind of double quote as '"'."""
    composed = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return "".join(char for char in composed if unicodedata.category(char) != "Cf")


# A query is searched on its first words: a pasted recommendation (100 to 300 words) finds itself and its kin,
# and a pasted page costs no more than that. Every word is a term to look up, widen and match, and the
# embedding reads about one window of the model (512 tokens): all 3,000 words of a page took 14 s a search.
QUERY_WORDS = 200
QUERY_CHARACTERS = 2_000  # the same cut for a text with few spaces (a run of symbols, an enormous "word")


def first_words(text: str, count: int) -> str:
    """`text` up to the end of its `count`-th word (words: runs of anything but spaces)."""
    ends = [match.end() for match in itertools.islice(re.finditer(r"\S+", text), count)]
    return text[: ends[-1]] if len(ends) == count else text


def searched_part(text: str) -> str:
    """The start of `text` that a search reads: its first QUERY_WORDS words, and no more than QUERY_CHARACTERS
    characters (cut before the word that would cross them, unless that is the first)."""
    start = first_words(text.strip(), QUERY_WORDS)
    if len(start) <= QUERY_CHARACTERS:
        return start
    last_space = re.search(r"\s\S*\Z", start[: QUERY_CHARACTERS + 1])
    return start[: last_space.start()].rstrip() if last_space else start[:QUERY_CHARACTERS]


def cut_notice(searched: str) -> str:
    """What an answer says when only `searched`, the start of a longer query (searched_part), was searched."""
    return f"the query is long: only its first {len(searched.split())} words were searched"


def has_words(text: str) -> bool:
    """Whether `text` holds something to search for: a letter or a digit, in any script. A query of
    punctuation, symbols or emoji alone has no meaning to look for, in keyword or semantic search."""
    return any(char.isalnum() for char in text)


def parse_query(text: str, filters: Filters | None = None) -> Query:
    """Words (implicitly ANDed), "quoted phrases" (and words joined by "/", "." or "-", as a symbol prints
    them) and prefix* terms, each folded like the index."""
    terms: list[Term] = []
    for match in _PART.finditer(normalize_query(text)):
        quoted, joined, word, star = match.groups()
        phrase = quoted if quoted is not None else joined
        if phrase is not None:
            folded = fold_text(phrase)
            if folded:
                terms.append(Term([folded], phrase=" " in folded))
        elif folded := fold_word(word):
            terms.append(Term([folded], prefix=bool(star)))
    return Query(terms, filters or Filters())
