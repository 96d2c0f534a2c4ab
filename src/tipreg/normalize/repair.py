"""Repair lost accents and OCR misreadings in Spanish paragraphs.

How a word is repaired
----------------------
Every word is compared with the variants that a small, fixed set of confusion rules produces from it:

* accent restoration (`_ACCENT_EDITS`): a vowel gains its acute accent, ``u`` becomes ``ü``, ``n`` becomes ``ñ``;
* OCR confusions seen in UN reports scanned from PDF (`_OCR_EDITS`): ``ñ`` read as ``fi``/``fl``/``f``/``ifi``,
  ``ó`` read as ``é``/``d``/``6``/``do``/``id``/``éo``/``oé``/``dé``/``6é``, ``ú`` read as ``i``/``ii``/``ti``/``0``,
  ``á`` read as ``d``.

A variant is a candidate only if the Spanish lexicon (wordfreq's "large" list) knows it, it has at most one
acute accent (Spanish spelling) and it is at most two edits away. The most frequent candidate, less a cost
per OCR edit, replaces the word only when it is clearly more frequent than the word as written
(`ACCENT_MARGIN`, in Zipf units: log10 of the frequency ratio). OCR edits are only tried on words the
lexicon does not know or knows as rare (`OCR_MAX_ORIGINAL_ZIPF`): "decidido" must not become "decidió".
So the repair never invents a word, and a word it cannot place stays as it is. A short hand-written list
of spellings preferred in UN documents (``data/repair/un_preferred.txt``: "Secretaría", "período",
accented names of Member States) ranks those spellings as common words (`PREFERRED_ZIPF`).

Pairs where both spellings are real words and frequency alone misleads are decided by documented context
rules (`_context_spelling`):

* interrogatives ("qué", "cómo" …) take their accent only as the first or second word after "¿" or "¡";
* "esta"/"este" become "está"/"esté" only before a participle, a gerund or a word such as "en", "a";
* a real "-o" word becomes the "-ó" preterite ("inició") when frequency says so, unless it is a common
  word after a determiner or preposition (a noun: "el apoyo"); against frequency only after a clitic
  ("se", "le", "no" …) or between a subject and an object ("que", "su", "la" …): reports are written in
  the third person, so "considero" is not expected; for the same reason a final "-é" becomes "-ó"
  ("presenté", also an OCR misreading) when that form is at least as frequent;
* "-ara"/"-aran" stay imperfect subjunctive after "que" or "si" in the same clause, else the future
  "-ará"/"-arán" wins when it is clearly more frequent;
* "si" becomes "sí" in "sí mismo" and after "entre", "en", "ante"; "aun" becomes "aún" before "no", "más",
  "es" …;
* "el", "solo", "mi", "tu", "se", "te" and "de" never change ("él", "mí" … would need a parser, and the
  RAE no longer accents "solo").

The case pattern of the original (lower, Capitalised, UPPER) is kept. Words inside URLs, e-mail addresses
and document symbols (any chunk with ``/``, ``@`` or ``www.``), mixed-case words ("LiberApp") and upper-case
words of up to three letters (acronyms) are left alone. "11?" before a word becomes "11ª" (feminine) or
"11º" (masculine): the OCR reads the ordinal indicator as a question mark.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources

from tipreg.model import Repair

# A candidate must be at least 10**0.5 ≈ 3.2 times as frequent as the word as written.
ACCENT_MARGIN = 0.5
# Each OCR edit costs this many Zipf units: a misreading is less likely than a dropped accent.
OCR_EDIT_COST = 0.5
# OCR edits are tried only on words at most this frequent (Zipf): common words are not misreadings.
OCR_MAX_ORIGINAL_ZIPF = 3.0
# Rarer candidates are too often noise in the lexicon (foreign words, names, typos).
MIN_CANDIDATE_ZIPF = 1.8
# A spelling preferred in UN documents ranks as a word this common.
PREFERRED_ZIPF = 5.5

_ACUTE = frozenset("áéíóú")
_ACCENT_EDITS: dict[str, tuple[str, ...]] = {
    "a": ("á",),
    "e": ("é",),
    "i": ("í",),
    "o": ("ó",),
    "u": ("ú", "ü"),
    "n": ("ñ",),
}
_OCR_EDITS: dict[str, tuple[str, ...]] = {
    "fi": ("ñ",),
    "fl": ("ñ",),
    "f": ("ñ",),
    "ifi": ("ñ",),
    "é": ("ó",),
    "d": ("ó", "á"),
    "6": ("ó",),
    "do": ("ó",),
    "id": ("ó",),
    "éo": ("ó",),
    "oé": ("ó",),
    "dé": ("ó",),
    "6é": ("ó",),
    "i": ("ú",),
    "ii": ("ú",),
    "ti": ("ú",),
    "0": ("ú",),
}
_OCR_DIGITS = frozenset("06")

# Letters and digits (an OCR'd "reuni6" is one word); superscript note marks are not part of a word.
WORD = re.compile(r"[^\W_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f]+")
_PROTECTED_CHUNK = re.compile(r"/|@|www\.")
# "2?", "1? y 2?", "2?, 3? y 4?": ordinals of up to three digits whose indicator was read as "?".
_ORDINAL_RUN = re.compile(r"\b\d{1,3}\?(?:(?:,[ \t]*|[ \t]+[ye][ \t]+)\d{1,3}\?)*")
_ORDINAL_NOUN_AFTER = re.compile(r"[ \t]+([^\W\d_]+)")
_ORDINAL_NOUN_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+\Z")
_CLAUSE_END = frozenset(".;:?!()")
_WORD_BREAKS = _CLAUSE_END | {",", "\n"}  # "… penal, apoyo que …": no subject before "apoyo"
_CLAUSE_WORDS = 20  # how far back a subjunctive cue ("que", "si") is looked for


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_INTERROGATIVES = {
    "que": "qué",
    "como": "cómo",
    "donde": "dónde",
    "adonde": "adónde",
    "cuando": "cuándo",
    "quien": "quién",
    "quienes": "quiénes",
    "cual": "cuál",
    "cuales": "cuáles",
    "cuanto": "cuánto",
    "cuanta": "cuánta",
    "cuantos": "cuántos",
    "cuantas": "cuántas",
}
_NEVER_CHANGED = frozenset({"el", "solo", "sola", "solos", "solas", "mi", "tu", "se", "te", "de"})
_ESTAR_COMPLEMENTS = _word_set(
    "en a bajo entre previsto prevista dispuesto dispuesta compuesto compuesta expuesto expuesta "
    "sujeto sujeta abierto abierta cubierto cubierta escrito escrita hecho hecha dicho dicha puesto puesta "
    "vigente presente pendiente disponible aquí allí ahí"
)
_DETERMINERS_AND_PREPOSITIONS = _word_set(
    "el la los las lo un una unos unas al del su sus mi mis tu tus nuestro nuestra este esta estos estas "
    "ese esa esos esas aquel aquella cada cualquier todo toda nuevo nueva primer segundo tercer mismo "
    "misma otro otra a ante bajo con contra de desde durante en entre hacia hasta mediante para por "
    "según sin sobre tras"
)
_VERB_CUES = _word_set("se le les no también ya nunca además asimismo")
# What follows a verb but hardly a noun: "el orador expresó su apoyo", "el Grupo consideró que".
_OBJECT_CUES = _word_set("que el la los las lo un una su sus")
_SUBJUNCTIVE_CUES = frozenset({"que", "si"})
_MISMO = frozenset({"mismo", "misma", "mismos", "mismas"})
_SI_PREPOSITIONS = frozenset({"entre", "en", "ante"})
_AUN_MEANING_TODAVIA = _word_set("no más menos queda quedan está están es son hay falta faltan")


@dataclass(frozen=True)
class _Site:
    start: int
    end: int
    new: str
    ocr: bool


@dataclass(frozen=True)
class _Plan:
    """What to do with a token, decided once per distinct token."""

    case: str  # lower, title or upper
    spelling: str | None  # by frequency alone, lower case
    rule: str | None  # the context rule that decides instead


class _Context:
    """The words around token `index`, lower case, computed only when a rule asks for them.

    Punctuation between two words cuts the link between them, and so does a line break: a list item or
    a heading is not the subject of the next line.
    """

    def __init__(self, text: str, tokens: list[re.Match[str]], index: int) -> None:
        self.text, self.tokens, self.index = text, tokens, index

    def _linked(self, left: int, right: int, breaks: frozenset[str] = _WORD_BREAKS) -> bool:
        between = self.text[self.tokens[left].end() : self.tokens[right].start()]
        return not any(char in breaks for char in between)

    @cached_property
    def prev(self) -> str:
        """The word before; "" across punctuation."""
        i = self.index
        return self.tokens[i - 1].group().lower() if i > 0 and self._linked(i - 1, i) else ""

    @cached_property
    def next(self) -> str:
        """The word after; "" across punctuation."""
        i = self.index
        return self.tokens[i + 1].group().lower() if i + 1 < len(self.tokens) and self._linked(i, i + 1) else ""

    @property
    def clause(self) -> Iterator[str]:
        """The words before, back to the start of the clause (at most `_CLAUSE_WORDS`)."""
        i = self.index - 1
        while i >= max(0, self.index - _CLAUSE_WORDS) and self._linked(i, i + 1, _CLAUSE_END):
            yield self.tokens[i].group().lower()
            i -= 1

    @property
    def before(self) -> str:
        """The text just before the word."""
        start = self.tokens[self.index].start()
        return self.text[max(0, start - 40) : start]


# ---------------------------------------------------------------- lexicon


@cache
def _lexicon(language: str = "es") -> dict[str, float]:
    import wordfreq  # imported lazily: loading the list takes a quarter of a second

    return wordfreq.get_frequency_dict(language, wordlist="large")


@cache
def preferred_spellings() -> frozenset[str]:
    """The hand-written list of spellings preferred in UN documents."""
    return _word_list("un_preferred.txt")


@cache
def un_hyphenated_compounds() -> frozenset[str]:
    """The hand-written list of compounds UN English documents print with a hyphen ("follow-up")."""
    return _word_list("un_hyphenated.txt")


def _word_list(name: str) -> frozenset[str]:
    """One entry a line of a file under data/repair; blank lines and '#' comments left out."""
    text = resources.files("tipreg").joinpath(f"data/repair/{name}").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def zipf(word: str, language: str = "es") -> float:
    """Zipf frequency of a lower-case word in the language's lexicon (Spanish unless told); 0 for an unknown word."""
    frequency = _lexicon(language).get(word)
    return math.log10(frequency) + 9 if frequency else 0.0


def _rank(word: str) -> float:
    frequency = zipf(word)
    return max(frequency, PREFERRED_ZIPF) if frequency and word in preferred_spellings() else frequency


# ---------------------------------------------------------------- candidates by frequency


def _edit_sites(word: str, with_ocr: bool) -> list[_Site]:
    sites = [_Site(i, i + 1, new, False) for i, char in enumerate(word) for new in _ACCENT_EDITS.get(char, ())]
    if with_ocr:
        for source, targets in _OCR_EDITS.items():
            start = word.find(source)
            while start >= 0:
                sites.extend(_Site(start, start + len(source), new, True) for new in targets)
                start = word.find(source, start + 1)
    return sorted(sites, key=lambda s: (s.start, s.end))


def _apply(word: str, sites: tuple[_Site, ...]) -> str:
    for site in reversed(sites):
        word = word[: site.start] + site.new + word[site.end :]
    return word


def _variants(word: str, with_ocr: bool) -> Iterator[tuple[str, int]]:
    """Every spelling one or two non-overlapping edits away, with its number of OCR edits."""
    sites = _edit_sites(word, with_ocr)
    for i, first in enumerate(sites):
        yield _apply(word, (first,)), first.ocr
        for second in sites[i + 1 :]:
            # Spanish writes at most one acute accent in a word: skip pairs that would add two.
            if second.start >= first.end and not (first.new in _ACUTE and second.new in _ACUTE):
                yield _apply(word, (first, second)), first.ocr + second.ocr


def _is_well_formed(variant: str) -> bool:
    return sum(char in _ACUTE for char in variant) <= 1 and not any(char in _OCR_DIGITS for char in variant)


@lru_cache(maxsize=200_000)
def best_spelling(word: str) -> str | None:
    """The lexicon's clearly more probable spelling of a lower-case word, by frequency alone."""
    original = _rank(word)
    with_ocr = original <= OCR_MAX_ORIGINAL_ZIPF
    best, best_score = None, original + ACCENT_MARGIN
    lexicon = _lexicon()
    for variant, ocr_edits in _variants(word, with_ocr):
        if variant not in lexicon:  # most variants: skip the ranking
            continue
        rank = _rank(variant)
        score = rank - OCR_EDIT_COST * ocr_edits
        if score >= best_score and rank >= MIN_CANDIDATE_ZIPF and _is_well_formed(variant):
            best, best_score = variant, score
    return best or _third_person_preterite(word)


def _third_person_preterite(word: str) -> str | None:
    """A final "-é" becomes "-ó" ("presenté" → "presentó") when that form is at least as frequent.

    An OCR "ó" read as "é" gives a first-person preterite, out of place in a report written in the
    third person.
    """
    if len(word) < 5 or not word.endswith("é"):
        return None
    preterite = word[:-1] + "ó"
    return preterite if zipf(preterite) >= max(MIN_CANDIDATE_ZIPF + 1, zipf(word)) else None


# ---------------------------------------------------------------- context rules for real-word pairs


def _preterite_of(word: str) -> str | None:
    """The "-ó" preterite of a real "-o" word ("inicio" → "inició"), when the lexicon knows both."""
    if len(word) < 4 or not word.endswith("o") or any(char in _ACUTE for char in word):
        return None
    preterite = word[:-1] + "ó"
    return preterite if zipf(preterite) >= MIN_CANDIDATE_ZIPF + 1 else None


def _future_of(word: str) -> str | None:
    """The future "-ará(n)" of a real imperfect subjunctive "-ara(n)" ("celebrara" → "celebrará")."""
    if not word.endswith(("ara", "aran")):
        return None
    future = word[:-1] + "á" if word.endswith("a") else word[:-2] + "án"
    return future if zipf(future) else None


def _may_be_subjunctive(word: str) -> bool:
    """Whether an "-ara(n)" word is the imperfect subjunctive of a real "-ar" verb ("celebrara", from
    "celebrar"), not only the unaccented future of another ("haran": "hacer" has "hicieran"); the verb's
    infinitive is the more frequent word."""
    infinitive = word.removesuffix("n")[:-1]
    return infinitive.endswith("ar") and zipf(infinitive) > zipf(word)


def _rule_for(word: str, spelling: str | None) -> str | None:
    if word in _INTERROGATIVES:
        return "interrogative"
    if word in ("esta", "este", "si", "aun"):
        return word
    if _preterite_of(word):
        return "preterite"
    if spelling is not None and spelling == _future_of(word):
        return "future"
    return None


def _is_participle_or_gerund(word: str) -> bool:
    if word.endswith(("ado", "ados", "ido", "idos", "ando", "iendo", "yendo")):
        return True
    # A feminine "-ada"/"-ida" is a participle when its masculine is the more usual word:
    # "dirigida" (participle), but "medida", "vida", "salida" (nouns).
    stem = word.removesuffix("s")
    return stem.endswith(("ada", "ida")) and zipf(stem[:-1] + "o") >= zipf(stem)


def _in_question(before: str) -> bool:
    """Whether the word is the first or second word after an opening "¿" or "¡"."""
    opening = max(before.rfind("¿"), before.rfind("¡"))
    if opening < 0:
        return False
    inside = before[opening + 1 :]
    return not any(char in _CLAUSE_END for char in inside) and len(WORD.findall(inside)) <= 1


def _context_spelling(word: str, plan: _Plan, context: _Context) -> str | None:
    rule = plan.rule
    if rule == "interrogative":
        return _INTERROGATIVES[word] if _in_question(context.before) else None
    if rule in ("esta", "este"):
        follows_estar = context.next in _ESTAR_COMPLEMENTS or _is_participle_or_gerund(context.next)
        return (word[:-1] + ("á" if word == "esta" else "é")) if follows_estar else None
    if rule == "si":
        return "sí" if context.next in _MISMO or context.prev in _SI_PREPOSITIONS else None
    if rule == "aun":
        return "aún" if context.next in _AUN_MEANING_TODAVIA else None
    if rule == "future":
        after_cue = any(word in _SUBJUNCTIVE_CUES for word in context.clause)
        return None if after_cue and _may_be_subjunctive(word) else plan.spelling
    return _preterite_in_context(word, plan, context)


def _preterite_in_context(word: str, plan: _Plan, context: _Context) -> str | None:
    preterite = _preterite_of(word)
    # A common "-o" word after a determiner or preposition is a noun: "el apoyo", "de desarrollo".
    # A rare one ("decidio") is no noun to protect: "la decidio" is "la decidió".
    if context.prev in _DETERMINERS_AND_PREPOSITIONS and zipf(word) >= OCR_MAX_ORIGINAL_ZIPF:
        return None if plan.spelling == preterite else plan.spelling
    if plan.spelling not in (None, preterite):
        return plan.spelling  # another spelling is clearly more frequent: "publico" → "público"
    if plan.spelling == preterite or context.prev in _VERB_CUES:
        return preterite
    after_subject = bool(context.prev) and context.next in _OBJECT_CUES  # "el Grupo considero que"
    return preterite if after_subject else None


# ---------------------------------------------------------------- tokens


def _case_pattern(token: str) -> str | None:
    """The case pattern: lower, title or upper; None for mixed case ("LiberApp") and short acronyms."""
    letters = [char for char in token if not char.isdigit()]
    if token[0].isdigit():
        return "lower" if all(char.islower() for char in letters) else None
    if all(char.islower() for char in letters):
        return "lower"
    if all(char.isupper() for char in letters):
        return "upper" if len(letters) > 3 else None
    return "title" if all(char.islower() for char in letters[1:]) else None


def _is_word(token: str) -> bool:
    """Letters, or letters with an OCR digit inside them ("reuni6", "0ltimo")."""
    digits = sum(char.isdigit() for char in token)
    return digits == 0 or (all(c in _OCR_DIGITS for c in token if c.isdigit()) and len(token) - digits >= 3)


@lru_cache(maxsize=200_000)
def _plan(token: str) -> _Plan | None:
    """How to repair a token, or None when it stays as it is whatever its context."""
    if len(token) < 2 or not _is_word(token):
        return None
    case = _case_pattern(token)
    word = token.lower()
    if case is None or word in _NEVER_CHANGED:
        return None
    spelling = best_spelling(word)
    rule = _rule_for(word, spelling)
    return _Plan(case, spelling, rule) if spelling or rule else None


def clear_caches() -> None:
    """Forget the per-word and per-paragraph decisions (to time a cold start; the lexicon stays loaded)."""
    best_spelling.cache_clear()
    _plan.cache_clear()
    _repair_paragraph.cache_clear()


def _with_case(word: str, case: str, capitalise: bool) -> str:
    if case == "upper":
        return word.upper()
    return word[:1].upper() + word[1:] if case == "title" or capitalise else word


def _in_protected_chunk(text: str, start: int, end: int) -> bool:
    chunk_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    chunk_end = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
    return _PROTECTED_CHUNK.search(text, chunk_start, chunk_end) is not None


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(' \t\n"“«(')
    return not before or before[-1] in ".?!"


# ---------------------------------------------------------------- the public function


def repair_text(text: str, language: str | None = "es") -> tuple[str, list[Repair]]:
    """Repair lost accents and OCR misreadings of a Spanish paragraph.

    Returns the repaired text and one `Repair` per changed word (`start`/`end` index `text`, `old` is the
    whole word as written, `new` the whole word as repaired). Text in any other language, or in an unknown
    one, comes back unchanged.
    """
    if language != "es":
        return text, []
    repaired, repairs = _repair_paragraph(text)
    return repaired, list(repairs)


# A corpus repeats its paragraphs (a compilation copies the reports' recommendations, a report comes
# in several copies): each distinct paragraph is repaired once. Repairs are frozen, so sharing is safe.
@lru_cache(maxsize=8192)
def _repair_paragraph(text: str) -> tuple[str, tuple[Repair, ...]]:
    tokens = list(WORD.finditer(text))
    has_question = "¿" in text or "¡" in text
    repairs = []
    for index, plan in enumerate(map(_plan, map(re.Match.group, tokens))):
        if plan is None or (plan.rule == "interrogative" and not has_question):
            continue
        if (fix := _repair_word(text, tokens, index, plan)) is not None:
            repairs.append(fix)
    if "?" in text:
        repairs += _ordinal_repairs(text, {r.start: r.new for r in repairs})
    repairs.sort(key=lambda r: r.start)
    return _apply_repairs(text, repairs), tuple(repairs)


def _repair_word(text: str, tokens: list[re.Match[str]], index: int, plan: _Plan) -> Repair | None:
    match = tokens[index]
    token = match.group()
    word = token.lower()
    spelling = plan.spelling
    if plan.rule is not None:
        spelling = _context_spelling(word, plan, _Context(text, tokens, index))
    if spelling is None or spelling == word or _in_protected_chunk(text, match.start(), match.end()):
        return None
    # A word-initial "0" is an "Ú" or an "ú": upper case only where a sentence starts.
    capitalise = token[0] in _OCR_DIGITS and _at_sentence_start(text, match.start())
    return Repair(match.start(), match.end(), token, _with_case(spelling, plan.case, capitalise))


def _ordinal_repairs(text: str, repaired_words: dict[int, str]) -> list[Repair]:
    """Ordinal indicators read as "?": "11? reunión", "sesiones 2? y 3?" → "11ª reunión", "sesiones 2ª y 3ª".

    The OCR reads the ordinal indicator as a question mark. The noun after the numbers (or before a list
    of them) gives the gender; a "?" inside a question ("¿… 2?") is left alone.
    """
    repairs = []
    for run in _ORDINAL_RUN.finditer(text):
        if text.rfind("¿", 0, run.start()) > text.rfind("?", 0, run.start()):
            continue
        following = _ORDINAL_NOUN_AFTER.match(text, run.end())
        if following:
            noun = repaired_words.get(following.start(1), following.group(1))
        else:
            preceding = _ORDINAL_NOUN_BEFORE.search(text, max(0, run.start() - 40), run.start())
            is_list = run.group().count("?") > 1  # a single "2?" after a word may end a question
            noun = preceding.group(1) if preceding and is_list else ""
        indicator = _ordinal_indicator(noun)
        if indicator:
            repairs += [
                Repair(run.start() + i, run.start() + i + 1, "?", indicator)
                for i, char in enumerate(run.group())
                if char == "?"
            ]
    return repairs


def _ordinal_indicator(noun: str) -> str | None:
    if not noun[:1].islower():
        return None
    if noun.endswith(("a", "as", "ión", "iones", "dad", "dades", "tud")):
        return "ª"
    if noun.endswith(("o", "os")):
        return "º"
    return None


def _apply_repairs(text: str, repairs: list[Repair]) -> str:
    parts, position = [], 0
    for fix in repairs:
        parts += [text[position : fix.start], fix.new]
        position = fix.end
    parts.append(text[position:])
    return "".join(parts)
