"""Provisions of a document: recommendations, operative and preambular paragraphs, with sub-items.

Each document type carries its provisions in its own way:
- meeting reports, in the section "Recomendaciones" / "Recommendations", either under
  "Recomendación N" headings or as numbered paragraphs;
- compilations, one section per meeting ("I. Primera reunión: Viena, …"), numbered paragraphs;
- resolutions, preambular paragraphs after the opener ("La Asamblea General,") and numbered
  operative paragraphs;
- background papers carry none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tipreg.model import Block, DocumentMeta, Note, Provision, Repair, SubItem
from tipreg.normalize.layout import ADOPTION_LINE, GLUED_NOTE_CALL, RESOLUTION_OPENER, SUPERSCRIPT_NOTE_CALL
from tipreg.normalize.markers import (
    BULLET,
    LETTER_HEADING,
    NUMBERED_PARAGRAPH,
    RECOMMENDATION_HEADING,
    RECOMMENDATION_RUN_IN,
    ROMAN_HEADING,
    SUBITEM,
    SUPERSCRIPT_TO_DIGIT,
    number_of,
)
from tipreg.segment.meta import RECOMMENDATIONS_SECTION, REPORT_SECTIONS, is_heading, meeting_from_section
from tipreg.segment.subitems import Node, Piece, build_tree

Repairer = Callable[[str], tuple[str, list[Repair]]]

# "El Grupo de Trabajo aprobó las recomendaciones que figuran a continuación." introduces, but is not, a recommendation.
# In English: "adopted the following recommendations:", "adopted the recommendations set out below".
FRAMING = re.compile(
    r"(?:aprob\S{1,2}|adopt\S{1,2}|adopted|approved)\s+(?:las|the)\s+(?:siguientes\s+)?recomendaciones|"
    r"recomendaciones\s+que\s+(?:figuran|se\s+exponen|se\s+presentan)\s+a\s+continuaci|following\s+recommendations|"
    r"recommendations\s+(?:set\s+out\s+|contained\s+|presented\s+)?below",
    re.IGNORECASE,
)
DIGIT = re.compile(r"\d")


@dataclass
class Unit:
    kind: str  # section, heading, recommendation, numbered, item, bullet, text, opener
    block: Block
    label: str | None = None
    body: str = ""


@dataclass
class Draft:
    kind: str
    number: str | None
    meeting: int | None
    year: int | None
    heading: str | None
    blocks: list[Block] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)

    def add(self, unit: Unit) -> None:
        self.blocks.append(unit.block)
        label = unit.label if unit.kind == "item" else None
        self.pieces.append(Piece(label, unit.body))


def classify(block: Block) -> Unit:
    text = block.text
    if match := RECOMMENDATION_HEADING.match(text):
        return Unit("recommendation", block, number_of(match))
    if match := RECOMMENDATION_RUN_IN.match(text):
        return Unit("recommendation", block, match["num"], match["text"])
    if is_heading(text):
        kind = "heading" if LETTER_HEADING.match(text) else "section"
        return Unit(kind, block, body=text)
    if RESOLUTION_OPENER.match(text):
        return Unit("opener", block, body=text)
    if match := NUMBERED_PARAGRAPH.match(text):
        return Unit("numbered", block, number_of(match), match["text"])
    if match := SUBITEM.match(text):
        return Unit("item", block, match["label"], match["text"])
    if match := BULLET.match(text):
        return Unit("bullet", block, body=match["text"])
    return Unit("text", block, body=text)


def section_title(unit: Unit) -> str:
    match = ROMAN_HEADING.match(unit.body)
    return match["title"] if match else unit.body


def report_drafts(units: list[Unit], meta: DocumentMeta) -> list[Draft]:
    has_section = any(u.kind == "section" and RECOMMENDATIONS_SECTION.match(section_title(u)) for u in units)
    by_heading = any(u.kind == "recommendation" for u in units)
    # Without a recommendations section (a damaged heading), "Recomendación N" headings still mark them.
    in_section = not has_section and by_heading
    drafts: list[Draft] = []
    current: Draft | None = None
    heading: str | None = None
    for unit in units:
        if unit.kind == "section":
            if has_section:
                in_section = bool(RECOMMENDATIONS_SECTION.match(section_title(unit)))
            else:
                in_section = in_section and not REPORT_SECTIONS.match(unit.body)
            current, heading = None, None
            continue
        if not in_section:
            continue
        if unit.kind == "heading":
            current, heading = None, unit.body
        elif unit.kind == "recommendation" or (unit.kind == "numbered" and not by_heading):
            current = Draft("recommendation", unit.label, meta.meeting, meta.year, heading)
            drafts.append(current)
            if unit.kind == "numbered" or unit.body:  # the text of a numbered or a run-in heading
                current.add(unit)
            else:
                current.blocks.append(unit.block)
        elif unit.kind == "numbered":
            current = None  # a numbered paragraph between "Recomendación N" headings frames them
        elif current is not None:
            current.add(unit)
    return [d for d in drafts if not is_framing(d)]


def is_framing(draft: Draft) -> bool:
    has_items = any(p.label for p in draft.pieces)
    return not has_items and bool(draft.pieces) and bool(FRAMING.search(draft.pieces[0].text))


def compilation_drafts(units: list[Unit]) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    meeting = year = None
    heading: str | None = None
    for unit in units:
        if unit.kind == "section":
            meeting, year = meeting_from_section(section_title(unit))
            current, heading = None, None
        elif meeting is None:
            continue
        elif unit.kind == "heading":
            current, heading = None, unit.body
        elif unit.kind == "numbered":
            current = Draft("recommendation", unit.label, meeting, year, heading)
            current.add(unit)
            drafts.append(current)
        elif current is not None:
            current.add(unit)
    return drafts


def resolution_drafts(units: list[Unit], meta: DocumentMeta) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    started = operative = False
    year = meta.year or (int(meta.date[:4]) if meta.date else None)  # an adopted one's is its adoption's (meta)
    for unit in units:
        if unit.kind == "opener":
            started = True
        elif not started:
            continue
        elif unit.kind == "text" and ADOPTION_LINE.match(unit.body):
            started = operative = False  # what follows (the date, an annex) is not the resolution's
            current = None
        elif unit.kind == "numbered":
            operative = True
            current = Draft("operative_paragraph", unit.label, None, year, None)
            current.add(unit)
            drafts.append(current)
        elif unit.kind == "text" and not operative:
            current = Draft("preambular_paragraph", None, None, year, None)
            current.add(unit)
            drafts.append(current)
        elif current is not None and unit.kind in ("item", "bullet", "text"):
            current.add(unit)
    return drafts


def paper_drafts(units: list[Unit], meta: DocumentMeta) -> list[Draft]:
    """A background paper's numbered paragraphs, each with the lists that follow it (across the sub-headings
    of a list of topics); adopted by no meeting, so with none."""
    drafts: list[Draft] = []
    current: Draft | None = None
    heading: str | None = None
    for unit in units:
        if unit.kind in ("section", "heading"):
            heading = unit.body
        elif unit.kind == "numbered":
            current = Draft("paragraph", unit.label, None, meta.year, heading)
            current.add(unit)
            drafts.append(current)
        elif current is not None:
            current.add(unit)
    return drafts


def drafts_for(units: list[Unit], meta: DocumentMeta) -> list[Draft]:
    if meta.type == "compilation":
        return compilation_drafts(units)
    if meta.type == "resolution":
        return resolution_drafts(units, meta)
    if meta.type == "background_paper":
        return paper_drafts(units, meta)
    if meta.type == "meeting_report" or any(u.kind == "recommendation" for u in units):
        return report_drafts(units, meta)
    return []


def strip_note_refs(text: str, note_labels: set[str]) -> tuple[str, list[str]]:
    """Remove footnote markers ("Personas⁴", "recomendaciones1") from provision text, returning their labels."""
    refs = [m.translate(SUPERSCRIPT_TO_DIGIT) for m in SUPERSCRIPT_NOTE_CALL.findall(text)]
    if refs:
        text = SUPERSCRIPT_NOTE_CALL.sub("", text)
    if note_labels and DIGIT.search(text):

        def drop(match: re.Match[str]) -> str:
            if match[0] in note_labels:
                refs.append(match[0])
                return ""
            return match[0]

        text = GLUED_NOTE_CALL.sub(drop, text)
    return text, refs


def to_subitems(nodes: list[Node], repair: Repairer, counter: list[int]) -> list[SubItem]:
    items = []
    for node in nodes:
        repaired, changes = repair(node.text)
        counter[0] += len(changes)
        items.append(SubItem(node.label, repaired, node.text, to_subitems(node.children, repair, counter)))
    return items


def flatten(lead: str, items: list[SubItem], attr: str, label_format: str) -> str:
    parts = [lead] if lead else []
    for item in items:
        parts.append(f"{label_format.format(item.label)} {getattr(item, attr)}".strip())
        nested = flatten("", item.subitems, attr, label_format)
        if nested:
            parts.append(nested)
    return " ".join(parts)


def text_lead(text: str, first_label: str, first_words: str = "") -> str:
    """The words of a provision's text before its first sub-item (the text runs its sub-items inline, labelled
    "a)" as Spanish documents print them or "(a)" as English ones do); the first item's opening words, where
    given, make sure the label found is that item's and not a letter in parentheses of the lead."""
    start = re.search(rf"\s\(?{re.escape(first_label)}\) {re.escape(first_words[:20])}", text)
    return text[: start.start()].rstrip() if start else text


def subitem_label_format(language: str | None) -> str:
    """Sub-item labels as each language's UN documents print them: "a)" in Spanish, "(a)" in English."""
    return "({})" if language == "en" else "{})"


def finish(draft: Draft, repair: Repairer, note_labels: set[str], label_format: str) -> Provision:
    refs: list[str] = []
    pieces = []
    for piece in draft.pieces:
        text, found = strip_note_refs(piece.text, note_labels)
        refs.extend(found)
        pieces.append(Piece(piece.label, text))
    lead, nodes = build_tree(pieces)
    counter = [0]
    lead_repaired, changes = repair(lead)
    counter[0] += len(changes)
    subitems = to_subitems(nodes, repair, counter)
    blocks = draft.blocks
    return Provision(
        kind=draft.kind,
        number=draft.number,
        meeting=draft.meeting,
        year=draft.year,
        heading=repair(draft.heading)[0] if draft.heading else None,  # headings are OCR'd like the text
        text=flatten(lead_repaired, subitems, "text", label_format),
        text_original=flatten(lead, subitems, "text_original", label_format),
        span=(blocks[0].start, blocks[-1].end) if blocks else (0, 0),
        subitems=subitems,
        repairs=counter[0],
        notes=sorted(set(refs), key=int),
    )


def extract_provisions(blocks: list[Block], notes: list[Note], meta: DocumentMeta, repair: Repairer) -> list[Provision]:
    units = [classify(b) for b in blocks]
    labels = {n.label for n in notes}
    label_format = subitem_label_format(meta.language)
    return [finish(d, repair, labels, label_format) for d in drafts_for(units, meta) if d.pieces]
