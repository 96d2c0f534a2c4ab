"""Instruments and documents cited, as structured references (docs/labelling-guide.md, "References")."""

from __future__ import annotations

import re

from tipreg.enrich.labels import Reference
from tipreg.enrich.text import fold

# "del Protocolo", "de la Convención"; English puts the instrument's qualifiers first ("of the Trafficking in Persons
# Protocol", "of the United Nations Convention"), so those few words may stand between "of the" and the instrument.
INSTRUMENT = (
    r"(?:del|de la|of the) (?:trafficking in persons |united nations |organized crime )?"
    r"(?P<instrument>protocolo|protocol|convencion|convention)"
)
# One article or a list of them: "6", "32 y 37", "5, 6 y 9", "6, 7 and 9", "6, 7, and 9", with ranges: "9 a 11",
# "9 to 11" (`article_numbers` counts them out).
ARTICLE_NUMBERS = r"(?P<numbers>\d+(?:(?:,? y |,? and |, | a | al | to )\d+)*)"
RANGE = re.compile(r"(?P<first>\d+)(?: (?:a|al|to) (?P<last>\d+))?")
# The words as printed in full or, in notes and tables, abbreviated ("art. 6", "arts. 6 y 7", "párr. 2", "para. 2").
ARTICLE_WORD = r"(?:articulos?|articles?|arts?\.)"
PARAGRAPH_WORD = r"(?:parrafos?|paragraphs?|parrs?\.|paras?\.|apartado|subparagraph)"
# The paragraph of an article, with the subparagraph letter printed after it matched but not kept (the reference has
# no field for it and the export schema allows no other): "párrafo 3 d)" and "paragraph 3 (d)" give "3"; a
# subparagraph alone keeps its letter, as "apartado a)" does below: "subparagraph (a)" gives "a".
ARTICLE_PARAGRAPH = r"\(?(?P<paragraph>\d+(?: y \d+| and \d+)?|[a-z])\)?(?: \(?[a-z]\))?"
# "artículo 10, párrafo 1, del Protocolo", "artículos 32 y 37 de la Convención", "article 6, paragraph 3 (d), of the
# Protocol", "articles 6, 7 and 9 of the Protocol"
ARTICLE_FIRST = re.compile(
    r"\b"
    + ARTICLE_WORD
    + " "
    + ARTICLE_NUMBERS
    + r"(?:,? "
    + PARAGRAPH_WORD
    + " "
    + ARTICLE_PARAGRAPH
    + r",?)? "
    + INSTRUMENT
)
# "párrafos 2 y 3 del artículo 26 de la Convención", "apartado a) del artículo 3 del Protocolo"
PART_FIRST = re.compile(
    r"\b"
    + PARAGRAPH_WORD
    + r" \(?(?P<paragraph>\w+( y \d+| and \d+)?)\)?"
    + r" (del|of) "
    + ARTICLE_WORD
    + r" (?P<numbers>\d+) "
    + INSTRUMENT
)
NUMBER = re.compile(r"\d+/\d+")
# A date printed after a listed resolution, so that the list goes on past it ("61/180, de 20 de diciembre de 2006,
# 64/178"); its day and year have no slash, so they are never taken for a number.
DATE = r"(?:,? de \d{1,2} de [a-z]+ de \d{4}|,? of \d{1,2} [a-z]+ \d{4})"
LISTED = NUMBER.pattern + DATE + "?"
# "resolución 64/293", "resoluciones 61/180, de 20 de diciembre de 2006, 64/178, … y 72/195", "resolutions 61/180 of
# 20 December 2006, … and 72/195", "decisiones 4/1 y 4/4": one reference for every number of the list.
CITED_LIST = r"(?P<list>" + LISTED + r"(?:(?:,? y |,? and |, )" + LISTED + r")*)"
RESOLUTION = re.compile(r"\b(?:resolucion|resolution)(?:es|s)? " + CITED_LIST)
DECISION = re.compile(r"\b(?:decision)(?:es|s)? " + CITED_LIST)
# "párrafo 44 de la resolución 64/293", "paragraph 44 of (General Assembly) resolution 64/293": the resolution (or
# decision) with the paragraph cited.
PARAGRAPH_OF = re.compile(
    r"\b(?:parrafos?|paragraphs?) (?P<paragraph>\d+(?: y \d+| and \d+)?) (?:de la|of|of the) "
    r"(?:general assembly |conference |economic and social council |human rights council )?"
    r"(?P<kind>resolucion|resolution|decision) (?P<number>\d+/\d+)"
)
# A UN document symbol: its parts between slashes end in a letter or digit, so the full stop of a sentence that ends
# in one ("véase E/2002/68/Add.1.") is not the symbol's. OCR prints a space inside some ("CTOC/COP/WG.4/2009/ 2",
# "WG. 4", "Add. 1"): one after a slash, or after a body's dot, before what goes on is read through, and the
# reference's number is the symbol without it.
SYMBOL_PART = r"[A-Za-z0-9]+(?:\.(?:(?<=[A-Za-z]\.) (?=\d))?[A-Za-z0-9]+)*"
SYMBOL = re.compile(
    r"\b(?:CTOC|A|E|ST|CAC)/(?=[A-Z0-9])" + SYMBOL_PART + r"(?:/(?: (?=[A-Z0-9]))?" + SYMBOL_PART + ")+"
)
REPORT_PARAGRAPH = re.compile(r"\b(parrafo|paragraph) (?P<number>\d+) (del informe|of the report)(?P<tail>[^;]{0,220})")
YEAR = re.compile(r"\b(19|20)\d\d\b")


def references(text: str) -> list[Reference]:
    """Every reference in the text, in order of appearance (folding keeps offsets: same length text)."""
    folded = fold(text)
    found: list[tuple[int, Reference]] = []
    taken: list[range] = []  # "párrafo 2 del artículo 26 de la Convención" also holds "artículo 26 de la Convención"
    for pattern in (PART_FIRST, ARTICLE_FIRST):
        for match in pattern.finditer(folded):
            if any(match.start() in span for span in taken):
                continue
            taken.append(range(match.start(), match.end()))
            instrument = "protocol" if match["instrument"].startswith("protocol") else "convention"
            printed = text[match.start() : match.end()]  # a list's references share the text that cites them all
            found += [
                (match.start(), Reference("article", printed, instrument, number, match["paragraph"]))
                for number in article_numbers(match["numbers"])
            ]
    cited: list[range] = []  # "párrafo 44 de la resolución 64/293" also holds "resolución 64/293"
    for match in PARAGRAPH_OF.finditer(folded):
        cited.append(range(match.start(), match.end()))
        kind = "decision" if match["kind"] == "decision" else "resolution"
        printed = text[match.start() : match.end()]
        found.append((match.start(), Reference(kind, printed, number=match["number"], paragraph=match["paragraph"])))
    for kind, pattern in (("resolution", RESOLUTION), ("decision", DECISION)):
        for match in pattern.finditer(folded):
            if any(match.start() in span for span in cited):
                continue
            # Each number's text is the words that cite it: "resoluciones 61/180" for the first, "64/178" after.
            for index, number in enumerate(NUMBER.finditer(folded, match.start("list"), match.end("list"))):
                start = match.start() if index == 0 else number.start()
                found.append((start, Reference(kind, text[start : number.end()], number=number.group(0))))
    for match in REPORT_PARAGRAPH.finditer(folded):
        tail = text[match.start("tail") : match.end("tail")].split(". ")[0]  # this sentence only
        year = YEAR.search(tail)
        symbol = SYMBOL.search(tail)
        found.append(
            (
                match.start(),
                Reference(
                    "report_paragraph",
                    text[match.start() : match.end(3)],
                    number=match["number"],
                    year=int(year.group(0)) if year else None,
                    symbol=symbol_number(symbol.group(0)) if symbol else None,
                ),
            )
        )
    found += [
        (m.start(), Reference("symbol", m.group(0), number=symbol_number(m.group(0)))) for m in SYMBOL.finditer(text)
    ]
    return [reference for _, reference in sorted(found, key=lambda item: item[0])]


def symbol_number(printed: str) -> str:
    """A symbol as the UN writes it, without the spaces OCR left in it ("CTOC/COP/WG. 4/2009/ 2")."""
    return printed.replace(" ", "")


def article_numbers(listed: str) -> list[str]:
    """Every article of a list, a range's counted out: "5, 9 a 11" gives 5, 9, 10 and 11."""
    numbers = []
    for part in RANGE.finditer(listed):
        first, last = int(part["first"]), int(part["last"] or part["first"])
        numbers += [str(number) for number in range(first, max(first, last) + 1)]
    return numbers
