"""Rebuild logical paragraphs from text as published.

PDF and OCR text is hard-wrapped, hyphenated at line ends, interrupted by running page
furniture (job numbers such as "V.19-07659", the document symbol, "3/30" page marks) and by
footnotes printed at the bottom of each page, which can fall between two lines of one paragraph.
`rebuild_paragraphs` drops the furniture, sets the footnotes aside as notes and joins the rest
into `Block`s that keep their span in the original text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tipreg.model import Block, CleanText, Note
from tipreg.normalize.markers import (
    FOOTNOTE,
    LETTER_HEADING,
    ORDINAL_MARK,
    PLAIN_FOOTNOTE,
    RECOMMENDATION_HEADING,
    ROMAN_HEADING,
    SUPERSCRIPT_DIGITS,
    SUPERSCRIPT_TO_DIGIT,
    starts_structure,
)
from tipreg.normalize.repair import un_hyphenated_compounds, zipf

# "V.19-07659 (S)    080919    090919", "19-17488 (S)" and the barcode "*1907659*" under it.
JOB_NUMBER = r"(?:(?:V\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}|\*\d{7}\*)"
PAGE_MARK = r"(?:\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|(?:Página|Page)\s+\d{1,3}(?:\s+(?:de|of)\s+\d{1,3})?)"
UN_SYMBOL = r"(?:[A-Z]{1,6}(?:\.\d{1,3})?/)+[A-Za-z0-9.]+(?:/[A-Za-z0-9.]+)*"
# Older reports print the bare page number beside the job number: "2    V.10-50502", "V.10-50502    3".
PAGE_NUMBER = r"\d{1,3}"
# A line made only of page furniture: job number, page mark, symbol, page number, in any order.
FURNITURE_LINE = re.compile(rf"^(?:(?:{JOB_NUMBER}|{PAGE_MARK}|{UN_SYMBOL}|{PAGE_NUMBER})\s*){{1,3}}$")
BARE_PAGE_NUMBER = re.compile(rf"^{PAGE_NUMBER}$")
# The rule printed above a page's footnotes: "________________".
FOOTNOTE_RULE = re.compile(r"^[_\-–—]{3,}$")
STRONG_FURNITURE = re.compile(rf"(?:{JOB_NUMBER}|^{PAGE_MARK}$|^{PAGE_MARK}\s|\s{PAGE_MARK}$)")
SYMBOL_ONLY = re.compile(rf"^{UN_SYMBOL}$")
DATE_START = re.compile(
    r"^\d{1,2}\s+(?:de\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
# "La Asamblea General," opens a resolution; "Belarús, …: proyecto de resolución" names its sponsors.
RESOLUTION_OPENER = re.compile(
    r"^(?:La|El|The)\s+(?:Asamblea General|General Assembly|Conferencia de las Partes.*|Conference of the Parties.*|"
    r"Consejo Económico y Social|Economic and Social Council|Comisión de .+|Commission on .+|Consejo de .+)\s*,$"
)
# "65th plenary meeting" / "65ª sesión plenaria" / "65.ª sesión plenaria", over the date: the adopted resolution ends there (an annex may follow).
PLENARY_MEETING = r"(?:plenary meeting|sesi\S{1,2}n plenaria)"
ADOPTION_LINE = re.compile(rf"^\d{{1,3}}(?:{ORDINAL_MARK}|\s*(?:st|nd|rd|th))?\.?\s+{PLENARY_MEETING}$", re.IGNORECASE)
SPONSORS_LINE = re.compile(r"(?:proyecto de (?:resolución|decisión)|draft (?:resolution|decision))$", re.IGNORECASE)
SPONSORS_TAIL = 22  # the longest ending SPONSORS_LINE matches: only a line's tail is searched
# A footnote call glued to a word: one or two digits after a letter ("recomendaciones1"), or after the
# punctuation that follows it, where English documents place the call ("acts.1", "Children,1"). The match is
# the digits alone; the lookahead for a digit first keeps the search as fast as a search for digits.
NOTE_CALL_GLUE = "a-záéíóúñ”»)"
GLUED_NOTE_CALL = re.compile(rf"(?=\d)(?:(?<=[{NOTE_CALL_GLUE}])|(?<=[{NOTE_CALL_GLUE}][.,;:]))\d{{1,2}}(?=[\s.,;:]|$)")
SUPERSCRIPT_NOTE_CALL = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+")
# and a lone tab: Word documents type one after a heading's or a paragraph's number ("A.<tab>Title")
# A document symbol broken at a line's end, as typesetters break it after a slash or a body's dot
# ("CTOC/COP/" / "WG.4/2019/2", "CTOC/COP/WG." / "4/2009/2"): the next line goes on with the symbol, no space between.
BROKEN_SYMBOL = re.compile(r"(?<![\w/])(?:[A-Z]{1,6}(?:\.\d{1,3})?/)+(?:[A-Za-z0-9.]+/)*(?P<body>[A-Z]{1,6}\.)?$")
SPACE_RUN = re.compile(r"[ \t\u00a0]{2,}|\t")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}([^*\n]+?)\*{1,2}(?![\w*])")
TERMINAL = ".:;!?"
ABBREVIATIONS = {"vol", "núm", "num", "no", "nos", "secc", "cap", "párr", "párrs", "parr", "pág", "págs", "pag",
                 "p", "pp", "art", "arts", "sr", "sra", "sres", "ed", "eds", "etc", "cf", "ibid", "op", "cit"}  # fmt: skip
# No paragraph ends on an article, a preposition or a conjunction.
FUNCTION_WORDS = {"de", "del", "la", "las", "el", "los", "lo", "y", "e", "o", "u", "en", "a", "al", "con", "por", "para",
                  "que", "un", "una", "su", "sus", "sobre", "entre", "the", "of", "and", "to", "in", "for", "on", "with",
                  "by", "an", "or", "its", "their"}  # fmt: skip
# Preambular paragraphs of a resolution open with a participle: "Recordando", "Reconociendo también".
PREAMBULAR_START = re.compile(
    r"^(?:[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:ando|endo)|Profundamente|Preocupada|Alarmada|Consciente|Convencida|Decidida|"
    r"(?:Recalling|Reaffirming|Recognizing|Noting|Welcoming|Taking note|Bearing in mind|Emphasizing|Stressing|"
    r"Acknowledging|Expressing|Deeply|Concerned|Alarmed|Convinced|Mindful|Reiterating|Underlining|Affirming|"
    r"Taking into|Having|Guided|Determined|Aware|Conscious|Cognizant|Encouraged|Gravely|Seriously|Strongly|"
    r"Considering|Appreciating|Underscoring|Highlighting|Condemning|Commending|Believing|Desiring|Regretting|"
    r"Observing|Endorsing|Confirming|Further))\b"
)
SOFT_END = TERMINAL + ",)»”\"'"
# A line-end hyphen between two words: kept when the document prints the compound inside a line, when UN English
# prints it with one (data/repair/un_hyphenated.txt: "follow-up", which the lexicon also knows as "followup"), or
# when the two parts are common English words (Zipf 3: "victim", "centred") that together make no known word in
# either language (under Zipf 2: "victimcentred"); "assist-" / "ance" makes the word "assistance". Spanish joins
# its compounds ("intercambiar", "antitrata"), but for two adjectives whose first keeps its accent
# ("político-administrativo"): joined, the accent would fall where Spanish spelling puts none.
COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]+[-\u2010][^\W\d_]+(?![^\W\d_])")
LAST_WORD = re.compile(r"[^\W\d_]+$")
FIRST_WORD = re.compile(r"[^\W\d_]+")
# Line-end hyphens: typed "-", the HYPHEN typesetters print (U+2010, as WeasyPrint's and other PDFs carry it)
# and the SOFT HYPHEN of a discretionary break (U+00AD), which is also dropped inside a line, where it is invisible.
SOFT_HYPHEN = "\u00ad"
LINE_END_HYPHENS = ("-", "\u2010", SOFT_HYPHEN)
KNOWN_ZIPF = 2.0
COMMON_ZIPF = 3.0
LEXICONS = ("es", "en")
# Shorter parts are syllables that happen to be words: "co-" / "preside", "emprender-" / "se", "entraña-" / "ran".
MIN_HEAD, MIN_TAIL = 3, 4
WRITTEN_ACCENT = re.compile(r"[áéíóú]")
SPANISH_VOWEL_RUN = re.compile(r"[aeiouáéíóúü]+")  # one a syllable (a hiatus counts one: fewer, never more)


@dataclass
class Line:
    text: str  # stripped
    start: int  # offset of the stripped text in the original
    end: int


def split_lines(text: str) -> list[Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append(Line(stripped, offset + lead, offset + lead + len(stripped)))
        offset += len(raw) + 1
    return lines


def furniture_indexes(lines: list[Line]) -> set[int]:
    """Indexes of running headers/footers. A bare symbol line counts only when it recurs or
    when the document has other page furniture, because a symbol can also end a wrapped line."""
    strong = {i for i, ln in enumerate(lines) if FURNITURE_LINE.match(ln.text) and not SYMBOL_ONLY.match(ln.text)}
    strong = {i for i in strong if STRONG_FURNITURE.search(lines[i].text)}
    symbol_lines = [i for i, ln in enumerate(lines) if SYMBOL_ONLY.match(ln.text)]
    counts = Counter(lines[i].text for i in symbol_lines)
    recurring = {i for i in symbol_lines if counts[lines[i].text] >= 2 or (strong and counts[lines[i].text] >= 1)}
    # A bare symbol that ends a sentence ("... CTOC/COP/WG.4/2021/INF/1/Rev.1.") is text, not furniture.
    furniture = strong | {i for i in recurring if not lines[i].text.endswith(".")}
    rules = {i for i, ln in enumerate(lines) if FOOTNOTE_RULE.match(ln.text)}
    return furniture | rules | page_numbers(lines, furniture)


def page_numbers(lines: list[Line], furniture: set[int]) -> set[int]:
    """Bare page numbers on lines of their own: nothing but blank lines and furniture beside them, as a
    page's foot or head leaves them (a paragraph's number has its full stop, a footnote its text)."""

    def apart(i: int) -> bool:
        return not 0 <= i < len(lines) or not lines[i].text or i in furniture

    return {i for i, ln in enumerate(lines) if BARE_PAGE_NUMBER.match(ln.text) and apart(i - 1) and apart(i + 1)}


def cited_note_labels(text: str) -> set[str]:
    """Footnote labels cited in the text: digits glued to a word ("recomendaciones1", "Personas⁴")."""
    plain = {m[0] for m in GLUED_NOTE_CALL.finditer(text)}
    superscript = SUPERSCRIPT_NOTE_CALL.findall(text)
    return plain | {label.translate(SUPERSCRIPT_TO_DIGIT) for label in superscript}


def note_at(lines: list[Line], i: int, cited: set[str]) -> Note | None:
    line = lines[i].text
    match = FOOTNOTE.match(line)
    if not match:
        match = PLAIN_FOOTNOTE.match(line)
        # A plain number can also start a wrapped line ("15 de mayo …"): only a cited label makes a note.
        if not match or match["label"] not in cited or len(line) > 400 or DATE_START.match(line):
            return None
    label = match["label"] or match.groupdict().get("star")
    return Note(label=label, text=match["text"].strip(), start=lines[i].start, end=lines[i].end)


def note_continues(line: str) -> bool:
    """A footnote goes on to the next line unless it ends with a full stop, and "…, vol." or
    "…, núm." is an abbreviation, not the note's end."""
    if not line.endswith((".", ")")):
        return True
    last_word = line.rstrip(".)").rsplit(" ", 1)[-1].lower()
    return last_word in ABBREVIATIONS


def is_closed_heading(line: str) -> bool:
    """Lines that are whole by construction: nothing wraps onto them."""
    return bool(
        RECOMMENDATION_HEADING.match(line)
        or RESOLUTION_OPENER.match(line)
        or SPONSORS_LINE.search(line, max(0, len(line) - SPONSORS_TAIL))
    )


def is_section_heading(line: str) -> bool:
    return bool(ROMAN_HEADING.match(line) or LETTER_HEADING.match(line)) and not line.endswith(".")


def typical_width(lines: list[Line]) -> int:
    lengths = sorted(len(ln.text) for ln in lines if ln.text)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


@dataclass
class Gap:
    blank_lines: int = 0
    page_break: bool = False  # furniture or footnotes removed between the two lines


def continues(prev: str, line: str, gap: Gap, width: int) -> bool:
    """Whether `line` continues the paragraph whose last line is `prev`."""
    if starts_structure(line) or is_closed_heading(prev) or RESOLUTION_OPENER.match(line) or ADOPTION_LINE.match(line):
        return False
    starts_lower = line[:1].islower() or line[:1] in '(“"«'
    adjacent = gap.blank_lines == 0 and not gap.page_break
    if is_section_heading(prev):
        # A long heading wraps: "A. Recomendaciones sobre las estrategias … en relación con el uso / de la tecnología".
        # No paragraph starts in lower case, even after a page break.
        return starts_lower or (adjacent and (line[:1].isdigit() or len(prev) >= 0.6 * width))
    if prev.endswith(",") and PREAMBULAR_START.match(line):
        return False
    if adjacent:
        return not ended_early(prev, line, width)
    if starts_lower:
        return True
    # A page break can split a sentence anywhere, but a paragraph never ends without punctuation;
    # blank lines alone also separate short front-matter lines ("Asamblea General").
    if prev.endswith(tuple(SOFT_END)):
        # Across a page break, a full last line means the paragraph goes on after a sentence end.
        return gap.page_break and not ended_early(prev, line, width)
    if gap.page_break or gap.blank_lines >= 3 or prev.rsplit(" ", 1)[-1].lower() in FUNCTION_WORDS:
        return True
    return gap.blank_lines == 2 and len(prev) >= 0.5 * width


def ended_early(prev: str, line: str, width: int) -> bool:
    """Whether `prev` ends its paragraph although `line` follows with no gap.

    A paragraph ends with a full stop, colon or semicolon, on a line that is not full (the next
    word would have fitted, with the slack of proportional fonts). Headings and masthead lines end
    without punctuation, and are short, but not on an article or a preposition: a title set in a larger
    font wraps at half the body's width ("Report on the meeting of the Working Group on" / "Trafficking …")."""
    if line[:1].islower():
        return False
    if prev.rstrip("”»\")'").endswith(tuple(TERMINAL)):
        return len(prev) + 1 + len(line.split(" ", 1)[0]) <= 0.85 * width
    return len(prev) < 0.5 * width and prev.rsplit(" ", 1)[-1].lower() not in FUNCTION_WORDS


def join_lines(prev: str, line: str, compounds: frozenset[str] = frozenset()) -> str:
    """`line` after `prev`; a hyphen at the end of `prev` is mended, or kept where it belongs to the word.

    `compounds` are the hyphenated words the document prints inside its lines ("non-punishment"), lower-cased;
    a document symbol broken at the line's end goes on without a space."""
    if prev.endswith(("/", ".")) and (symbol := BROKEN_SYMBOL.search(prev[-60:])):
        goes_on = line[:1].isdigit() if symbol["body"] else line[:1].isalnum()
        if goes_on:
            return prev + line
    if not (prev.endswith(LINE_END_HYPHENS) and prev[-2:-1].isalpha() and line[:1].isalpha()):
        return f"{prev} {line}"
    if prev.endswith(SOFT_HYPHEN):
        return prev[:-1] + line  # only ever printed where a word is broken
    hyphenated = f"{prev[:-1]}-{line}"  # the typesetter's HYPHEN (U+2010) as the hyphen typed elsewhere
    if line[:1].isupper() or not prev[-2:-1].islower():
        return hyphenated  # "Secretary-" / "General", "UNODC-" / "led": no word is broken at a capital
    head, tail = LAST_WORD.search(prev[:-1])[0], FIRST_WORD.match(line)[0]
    return hyphenated if is_compound(head, tail, compounds) else prev[:-1] + line


def is_compound(head: str, tail: str, compounds: frozenset[str]) -> bool:
    """Whether "head-" at a line's end and "tail" on the next are a hyphenated word, not one word broken.

    The document's own spelling elsewhere decides, then UN English's hyphenated compounds; else the lexicons: a
    broken word is a word ("assist-" / "ance"), and two common words that make none together are a compound
    ("victim-" / "centred"; "político-" / "administrativo", whose accent says it is not one word)."""
    head, tail = head.lower(), tail.lower()
    if f"{head}-{tail}" in compounds or is_un_compound(head, tail):
        return True
    if len(head) < MIN_HEAD or len(tail) < MIN_TAIL or any(zipf(head + tail, lang) >= KNOWN_ZIPF for lang in LEXICONS):
        return False
    if min(zipf(head, "es"), zipf(tail, "es")) >= COMMON_ZIPF and accent_too_far_back(head + tail):
        return True
    return min(zipf(head, "en"), zipf(tail, "en")) >= COMMON_ZIPF


def is_un_compound(head: str, tail: str) -> bool:
    """Whether UN English prints "head-tail" with its hyphen; "co-chairs" is found as "co-chair"."""
    return any(f"{head}-{word}" in un_hyphenated_compounds() for word in (tail, tail.removesuffix("s")))


def accent_too_far_back(word: str) -> bool:
    """Whether `word`'s written accent falls before its antepenultimate syllable: Spanish spelling writes an accent
    there only on adverbs in -mente, which keep their adjective's ("jurídicamente"), so "político" + "administrativo"
    cannot be one word."""
    accent = WRITTEN_ACCENT.search(word)
    return bool(accent) and not word.endswith("mente") and len(SPANISH_VOWEL_RUN.findall(word, accent.end())) >= 3


def hyphenated_words(text: str) -> frozenset[str]:
    words = COMPOUND.finditer(text) if "-" in text or "\u2010" in text else ()
    return frozenset(word[0].lower().replace("\u2010", "-") for word in words)


def clean_markup(text: str) -> str:
    """Drop the markdown of converted documents: "[CTOC/COP/WG.4/2019/1](#)", "*Insta*"."""
    if "](" in text:
        text = MARKDOWN_LINK.sub(r"\1", text)
    if "*" in text:
        text = MARKDOWN_EMPHASIS.sub(r"\1", text)
    if "  " in text or "\t" in text or "\u00a0" in text:  # a run of two needs one of these
        text = SPACE_RUN.sub(" ", text)
    return text.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in text else text


def rebuild_paragraphs(text: str) -> CleanText:
    lines = split_lines(text)
    furniture = furniture_indexes(lines)
    compounds = hyphenated_words(text)
    cited = cited_note_labels(text)
    width = typical_width(lines)
    blocks: list[Block] = []
    notes: list[Note] = []
    current: list[str] = []  # lines of the open block, hyphens at line ends mended when joined
    start = end = 0
    gap = Gap()
    open_note: Note | None = None

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(Block(text=clean_markup(" ".join(current)), start=start, end=end))
        current = []

    for i, ln in enumerate(lines):
        if not ln.text:
            gap.blank_lines += 1
            open_note = None  # a blank line ends a footnote
            continue
        if i in furniture:
            gap.page_break = True
            open_note = None
            continue
        note = note_at(lines, i, cited)
        if note:
            notes.append(note)
            open_note = note if note_continues(ln.text) else None
            gap.page_break = True
            continue
        if open_note is not None and not starts_structure(ln.text):
            open_note.text = join_lines(open_note.text, ln.text, compounds)
            open_note.end = ln.end
            open_note = open_note if note_continues(ln.text) else None
            continue
        open_note = None
        if current and continues(current[-1], ln.text, gap, width):
            joined = join_lines(current[-1], ln.text, compounds)
            if len(joined) < len(current[-1]) + len(ln.text) + 1:
                current[-1] = joined  # a word split by a hyphen is one word again
            else:
                current.append(ln.text)
        else:
            close()
            current, start = [ln.text], ln.start
        end = ln.end
        gap = Gap()
    close()
    return CleanText(blocks=blocks, notes=notes, noise_lines=len(furniture))
