"""Instruments and documents cited, as structured references (docs/labelling-guide.md, "References")."""

from __future__ import annotations

import re

from tipreg.enrich.labels import Reference
from tipreg.enrich.text import fold

INSTRUMENT = r"(?P<instrument>protocolo|protocol|convencion|convention)"
# "artículo 10, párrafo 1, del Protocolo", "article 6 of the Protocol"
ARTICLE_FIRST = re.compile(
    r"\b(articulo|article) (?P<number>\d+)(,? (parrafo|paragraph) (?P<paragraph>\d+),?)?"
    r" (del|de la|of the) " + INSTRUMENT
)
# "párrafos 2 y 3 del artículo 26 de la Convención", "apartado a) del artículo 3 del Protocolo"
PART_FIRST = re.compile(
    r"\b(parrafos?|apartado|paragraphs?|subparagraph) (?P<paragraph>\w+( y \d+| and \d+)?)\)?"
    r" (del|of) (articulo|article) (?P<number>\d+) (del|de la|of the) " + INSTRUMENT
)
RESOLUTION = re.compile(r"\b(resolucion|resolution) (?P<number>\d+/\d+)")
DECISION = re.compile(r"\b(decision) (?P<number>\d+/\d+)")
SYMBOL = re.compile(r"\b(?:CTOC|A|E|ST|CAC)/[A-Z0-9.]+(?:/[A-Za-z0-9.]+)+")
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
            found.append(
                (
                    match.start(),
                    Reference(
                        "article", text[match.start() : match.end()], instrument, match["number"], match["paragraph"]
                    ),
                )
            )
    for kind, pattern in (("resolution", RESOLUTION), ("decision", DECISION)):
        found += [
            (m.start(), Reference(kind, text[m.start() : m.end()], number=m["number"]))
            for m in pattern.finditer(folded)
        ]
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
                    symbol=symbol.group(0) if symbol else None,
                ),
            )
        )
    found += [(m.start(), Reference("symbol", m.group(0), number=m.group(0))) for m in SYMBOL.finditer(text)]
    return [reference for _, reference in sorted(found, key=lambda item: item[0])]
