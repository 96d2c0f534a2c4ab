"""The thematic index and the chronological compilation, built from the register as publication models.

`read_register()` is the only part that touches the store: it reads the recommendations once, with their
effective labels (curators' corrections included), footnotes and the meetings' venues, as plain data.
`index_publication()` and `compilation_publication()` are pure functions of that data.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from tqdm import tqdm

from tipreg.enrich.taxonomy import taxonomy
from tipreg.link import passage_on, passages
from tipreg.normalize.layout import GLUED_NOTE_CALL, SUPERSCRIPT_NOTE_CALL
from tipreg.normalize.markers import SUPERSCRIPT_TO_DIGIT
from tipreg.publish.document import Call, Item, Note, Paragraph, Publication, Section, Table
from tipreg.publish.venues import endorsed_later, render_venue, report_venue, section_bodies, section_venues
from tipreg.publish.wording import counted, ordinal, words
from tipreg.read.labels import roman
from tipreg.segment.provisions import text_lead

KINDS = ("index", "compilation")
SUMMARY_LENGTH = 160
# A sentence ends at "." or ";" (a lead ending in ":" goes on into its first sub-item).
_SENTENCE_END = re.compile(r"(?<=[a-záéíóúñ)]{2}[.;])\s")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # links of notes read from Markdown: their text stays
_EMPHASIS = re.compile(r"(\*+)(?=\S)(.+?)(?<=\S)\1")  # "*Treaty Series*", "**Ibid.**": set in italics
# Control characters a document can leave in the register's text (a form feed at a page break, a stray \x01): no
# format prints them, and DOCX and HTML, which are XML, cannot hold them; each run of them is a space.
_CONTROL = re.compile(r"[ \t]*[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+[ \t]*")


@dataclass
class RegisterEntry:
    """One recommendation as the publications need it."""

    id: str
    meeting: int
    year: int | None
    number: str
    heading: str | None
    text: str
    subitems: list[dict[str, Any]]  # [{label, text, subitems}]
    themes: list[str]  # sub-theme ids
    notes: list[Note] = field(default_factory=list)  # the source's notes it cites, labelled as in the source
    references: list[dict[str, Any]] = field(default_factory=list)  # the export record's `references`
    # Where its text calls those notes: (piece, offset in the piece's text, note label), in reading order; the
    # piece is "" for the lead (the text before the sub-items), else a sub-item's path ("a", "a.ii").
    calls: list[tuple[str, int, str]] = field(default_factory=list)
    language: str | None = None  # of its documents: "es", "en"


@dataclass
class RegisterContent:
    entries: list[RegisterEntry]  # in register order: meeting, then number as printed
    venues: dict[int, str]  # meeting → "Viena, 14 y 15 de abril de 2009", as its document prints it
    # A meeting whose recommendations a compilation says were endorsed at a later one → that later meeting
    # ("hizo suyas las recomendaciones propuestas durante su tercera reunión … en su cuarta reunión").
    endorsed: dict[int, int] = field(default_factory=dict)
    unplaced: int = 0  # recommendations of no known meeting: the publications cannot place them, and say so


def read_register(db: str | None = None, *, progress: bool = False) -> RegisterContent:
    """Every recommendation of a known meeting, in register order, with what the publications print (and how many
    recommendations are of no known meeting)."""
    from tipreg.publish.export import register_entries
    from tipreg.store import setup
    from tipreg.store.labels.export import entry_labels

    setup(db)
    from tipreg.store.models import Provision

    query = register_entries().filter(kind="recommendation", meeting__isnull=False)
    notes = _document_notes()
    texts = _DocumentTexts()
    entries = []
    for provision in tqdm(
        query.iterator(chunk_size=500),
        total=query.count(),
        unit=" entries",
        desc="read register",
        disable=not progress,
        file=sys.stderr,
    ):
        sources = list(provision.sources.all())
        labels = entry_labels(provision)
        cited = _entry_notes(provision.notes, [source.document_id for source in sources], notes)
        entry = RegisterEntry(
            id=provision.id,
            meeting=provision.meeting,
            year=provision.year,
            number=printable(provision.number or ""),
            heading=printable(provision.heading) if provision.heading else None,
            text=printable(provision.text),
            subitems=_printable_subitems(provision.subitems),
            themes=[theme["value"] for theme in labels["themes"]],
            notes=[note for note, _ in cited],
            references=labels["references"],
            language=provision.language,
        )
        entry.calls = _entry_calls(entry, cited, sources, texts)
        entries.append(entry)
    venues, endorsed = _venues()
    unplaced = Provision.objects.filter(kind="recommendation", meeting__isnull=True).count()
    return RegisterContent(entries, venues, endorsed, unplaced)


def printable(text: str) -> str:
    """The register's text without control characters (_CONTROL), as the publications print it."""
    return _CONTROL.sub(" ", text).strip()


def _printable_subitems(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "label": printable(item["label"]),
            "text": printable(item["text"]),
            "subitems": _printable_subitems(item["subitems"]),
        }
        for item in items
    ]


def _document_notes() -> dict[int, dict[str, str]]:
    """Footnote texts by document and label ("¹" and "1" are one label)."""
    from tipreg.store.models import Note as StoredNote

    found: dict[int, dict[str, str]] = defaultdict(dict)
    for document, label, text in StoredNote.objects.values_list("document_id", "label", "text"):
        found[document].setdefault(_note_label(label), printable(text))
    return found


def _note_label(label: str) -> str:
    return label.translate(SUPERSCRIPT_TO_DIGIT).strip()


def _entry_notes(labels: list[str], documents: list[int], notes: dict[int, dict[str, str]]) -> list[tuple[Note, int]]:
    """The notes an entry cites, each with the first of its source documents that carries it."""
    found = []
    for label in labels:
        document = next((doc for doc in documents if _note_label(label) in notes[doc]), None)
        if document is not None:
            text, italic = note_markup(notes[document][_note_label(label)])
            found.append((Note(_note_label(label), text, italic), document))
    return found


def note_markup(text: str) -> tuple[str, list[tuple[int, int]]]:
    """A note as read from Markdown → its plain text and the spans set in italics (links keep their text)."""
    text = _LINK.sub(lambda match: match[1], text).strip()
    plain, italic, start = "", [], 0
    for match in _EMPHASIS.finditer(text):
        plain += text[start : match.start()].replace("*", "")
        emphasised = match[2].replace("*", "")
        italic.append((len(plain), len(plain) + len(emphasised)))
        plain += emphasised
        start = match.end()
    return plain + text[start:].replace("*", ""), italic


class _DocumentTexts(dict):
    """Documents' text as read (the sources' spans index it), loaded when an entry with notes first needs it."""

    def __missing__(self, document: int) -> str:
        from tipreg.store.models import Document

        self[document] = Document.objects.filter(pk=document).values_list("text", flat=True).first() or ""
        return self[document]


def _entry_calls(
    entry: RegisterEntry, cited: list[tuple[Note, int]], sources: list[Any], texts: dict[int, str]
) -> list[tuple[str, int, str]]:
    """Where the entry's text calls each of its notes, found in the span of the source document the note comes
    from (the register's text has the calls taken out); a note whose call is not found there is called at the
    end of the lead, as before the calls were placed."""
    if not cited:
        return []
    pieces = entry_pieces(entry)
    calls: list[tuple[str, int, str]] = []
    for document in dict.fromkeys(document for _, document in cited):
        labels = {note.label for note, doc in cited if doc == document}
        for source in (source for source in sources if source.document_id == document):
            found = locate_calls(texts[document][source.span_start : source.span_end], labels, pieces)
            calls += [call for call in found if call[2] in labels and call not in calls]
            labels -= {label for _, _, label in found}
        calls += [("", len(pieces[0][1]), label) for label in sorted(labels, key=_label_order)]
    order = {path: rank for rank, (path, _) in enumerate(pieces)}
    return sorted(calls, key=lambda call: (order[call[0]], call[1]))


def _label_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (10**6, label)


def entry_pieces(entry: RegisterEntry) -> list[tuple[str, str]]:
    """The texts a recommendation is printed in, in reading order: its lead (""), then each sub-item by path."""
    pieces = [("", _lead(entry))]

    def walk(items: list[dict[str, Any]], prefix: str) -> None:
        for item in items:
            path = f"{prefix}{item['label']}"
            pieces.append((path, item["text"]))
            walk(item["subitems"], f"{path}.")

    walk(entry.subitems, "")
    return pieces


def locate_calls(source: str, labels: set[str], pieces: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """The note calls of `labels` in `source` (a provision as a document prints it, calls included), placed in
    the register's texts of that provision, `pieces` [(path, text)], which lack the calls and may be repaired:
    each call goes after the last character before it that the two texts share, moved to the end of a word
    it would cut. Returns [(path, offset, label)] in source order."""
    stripped, found, start = "", [], 0
    # the calls as ingestion took them out of the text (strip_note_refs): superscript digits ("Transnacional¹,"),
    # or a note's number stuck to a word ("recomendaciones1"), whose word stays
    for match in sorted(
        [(m.start(), m.end(), m[0].translate(SUPERSCRIPT_TO_DIGIT)) for m in SUPERSCRIPT_NOTE_CALL.finditer(source)]
        + [(m.start(), m.end(), m[0]) for m in GLUED_NOTE_CALL.finditer(source) if m[0] in labels]
    ):
        begin, end, label = match
        if label not in labels or begin < start:
            continue
        stripped += source[start:begin]
        found.append((len(stripped), label))
        start = end
    stripped += source[start:]
    if not found:
        return []
    joined = "\n".join(text for _, text in pieces)
    blocks = SequenceMatcher(None, stripped, joined, autojunk=False).get_matching_blocks()
    starts = list(itertools.accumulate((len(text) + 1 for _, text in pieces[:-1]), initial=0))
    calls = []
    for offset, label in found:
        block = next((b for b in reversed(blocks) if b.size and b.a < offset), None)
        at = block.b + min(offset - block.a, block.size) if block else 0
        while 0 < at < len(joined) and joined[at].isalnum() and joined[at - 1].isalnum():
            at += 1
        piece = max(k for k, begin in enumerate(starts) if begin <= at)
        calls.append((pieces[piece][0], min(at - starts[piece], len(pieces[piece][1])), label))
    return calls


def _venues() -> tuple[dict[int, str], dict[int, int]]:
    """Each meeting's place and dates: a compilation's section heading first, else the meeting's own report;
    and the meetings whose recommendations a compilation says were endorsed at a later one."""
    from tipreg.store.models import Document

    venues: dict[int, str] = {}
    endorsed: dict[int, int] = {}
    for headings, text in Document.objects.filter(type="compilation").values_list("headings", "text"):
        for meeting, venue in section_venues(headings).items():
            venues.setdefault(meeting, venue)
        for meeting, body in section_bodies(headings, text or "").items():
            later = endorsed_later(body, meeting)
            if later:
                endorsed.setdefault(meeting, later)
    reports = Document.objects.filter(type="meeting_report", meeting__isnull=False).exclude(meeting__in=venues)
    for meeting, text in reports.values_list("meeting", "text"):
        venue = report_venue(text, meeting)
        if venue:
            venues.setdefault(meeting, venue)
    return {meeting: printable(venue) for meeting, venue in venues.items()}, endorsed


def one_line(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first sentence (or clause before the sub-items), cut at a word under `limit` characters."""
    return _cut(_SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0], limit)


def _cut(line: str, limit: int = SUMMARY_LENGTH) -> str:
    if len(line) <= limit:
        return line
    space = line.rfind(" ", 0, limit - 1)
    cut = space if space > 0 else limit - 2  # a word longer than the summary (OCR lost the spaces) is cut inside
    return line[:cut].rstrip(",;: ") + " …"


def summary_on(text: str, theme: str | None) -> str:
    """A recommendation in one line where it is listed under a sub-theme: its first passage on that sub-theme
    (a long list's one sub-item about it), or its first sentence when no passage alone carries it. A lead that
    only announces its list ("… los Estados partes deberían:") goes on with the list's first item."""
    line = one_line((passage_on(text, theme) if theme else None) or text)
    if not line.endswith(":"):
        return line
    parts = [" ".join(part.split()) for part in passages(text)]
    following = next((parts[i + 1] for i, part in enumerate(parts[:-1]) if part == line), None)
    return _cut(f"{line} {following}") if following else line


def _meetings(entries: list[RegisterEntry]) -> list[int]:
    return sorted({entry.meeting for entry in entries})


def _subtitle(content: RegisterContent, lang: str) -> str:
    entries, meetings = len(content.entries), len(_meetings(content.entries))
    return words(lang)["subtitle"].format(
        entries=counted(entries, "entries", lang), meetings=counted(meetings, "meetings", lang)
    )


def _reference(entry: RegisterEntry, lang: str) -> str:
    """ "Reunión 9 (2019), n.º 3": the year and the number where the register has them."""
    text = words(lang)
    year = f" ({entry.year})" if entry.year else ""
    number = text["reference_number"].format(number=entry.number) if entry.number else ""
    return text["reference"].format(meeting=entry.meeting) + year + number


def index_publication(content: RegisterContent, lang: str) -> Publication:
    """Themes and sub-themes of the taxonomy, each listing its recommendations by meeting and number."""
    text = words(lang)
    by_subtheme: dict[str, list[RegisterEntry]] = defaultdict(list)
    for entry in content.entries:
        for subtheme in dict.fromkeys(entry.themes):
            by_subtheme[subtheme].append(entry)
    sections = [_overview(content, lang)]
    for theme in taxonomy()["themes"]:
        subsections = [
            _entry_list(sub[lang], sub["id"], by_subtheme[sub["id"]], lang, sub["definition"][lang])
            for sub in theme["subthemes"]
        ]
        in_theme = {entry.id for sub in theme["subthemes"] for entry in by_subtheme[sub["id"]]}
        definition = [Paragraph(theme["definition"][lang])]
        sections.append(Section(f"{theme[lang]} ({len(in_theme)})", theme["id"], definition, subsections))
    unclassified = [entry for entry in content.entries if not entry.themes]
    if unclassified:
        sections.append(_entry_list(text["unclassified"], "unclassified", unclassified, lang))
    return Publication("index", lang, text["index_title"], _subtitle(content, lang), sections)


def _entry_list(
    title: str, anchor: str, entries: list[RegisterEntry], lang: str, definition: str | None = None
) -> Section:
    """A sub-theme's definition (where it has one), then its recommendations, or a line saying there are none."""
    blocks: list[Any] = [Paragraph(definition)] if definition else []
    # The anchor is the sub-theme's id ("unclassified" carries no cue: first sentences there).
    listed = [
        Item(entry.number, summary_on(entry.text, anchor), reference=_reference(entry, lang), lang=entry.language)
        for entry in entries
    ]
    blocks += listed or [Paragraph(words(lang)["no_entries"])]
    return Section(f"{title} ({len(entries)})", anchor, blocks)


def _overview(content: RegisterContent, lang: str) -> Section:
    """Counts, and the table of themes by meeting."""
    text = words(lang)
    themes = taxonomy()["themes"]
    meetings = _meetings(content.entries)
    rows = []
    for theme in themes:
        in_theme = [e for e in content.entries if any(t.split(".")[0] == theme["id"] for t in e.themes)]
        per_meeting = [sum(1 for e in in_theme if e.meeting == meeting) for meeting in meetings]
        rows.append([theme[lang], *map(str, per_meeting), str(len(in_theme))])
    header = [text["theme"], *(text["meeting_short"].format(meeting=m) for m in meetings), text["theme_total"]]
    subthemes = sum(len(theme["subthemes"]) for theme in themes)
    unclassified = sum(1 for entry in content.entries if not entry.themes)
    counts = {"entries": len(content.entries), "themes": len(themes), "subthemes": subthemes}
    classified = len(content.entries) - unclassified
    key = "counts" if unclassified else "counts_all"
    summary = text[f"{key}_one" if classified == 1 else key].format(classified=classified, **counts)
    if unclassified:
        key = "counts_unclassified_one" if unclassified == 1 else "counts_unclassified"
        summary += text[key].format(unclassified=unclassified, section=text["unclassified"])
    listed = [Paragraph(summary + ".")] if content.entries else []
    blocks = [*listed, *_unlisted(content, lang), Paragraph(text["by_meeting"]), Table(header, rows)]
    return Section(text["overview"], "overview", blocks)


def _unlisted(content: RegisterContent, lang: str) -> list[Paragraph]:
    """What a publication says of what it cannot list: recommendations of no known meeting, or, where the
    register holds none at all, that it holds none yet."""
    text = words(lang)
    if content.unplaced:
        return [Paragraph(text["unplaced_one" if content.unplaced == 1 else "unplaced"].format(count=content.unplaced))]
    return [] if content.entries else [Paragraph(text["counts_none"] + ".")]


def compilation_publication(content: RegisterContent, lang: str) -> Publication:
    """One section per meeting with place and dates, numbered I, II, … as the Secretariat's compilation numbers
    them (so the reader takes the publication for a compilation again); recommendations numbered as adopted, sub-items nested,
    their notes numbered in order through the publication. A meeting the register knows the place and dates
    of but holds no recommendation of (the third, whose recommendations the fourth endorsed) has its section
    too, saying so."""
    text = words(lang)
    sections = []
    numbers = itertools.count(1)
    for chapter, meeting in enumerate(sorted({*_meetings(content.entries), *content.venues}), start=1):
        entries = [entry for entry in content.entries if entry.meeting == meeting]
        title = f"{roman(chapter).upper()}. {_meeting_title(meeting, entries[0].year if entries else None, content.venues, lang)}"
        if not entries:
            sections.append(Section(title, f"meeting-{meeting}", [Paragraph(_no_entries(meeting, content, lang))]))
            continue
        sections.append(Section(title, f"meeting-{meeting}", *_headed_items(entries, meeting, numbers)))
    unlisted = _unlisted(content, lang)
    if unlisted:  # say so, rather than print a title page alone or leave recommendations out unsaid
        sections.append(Section(text["overview"], "overview", unlisted))
    return Publication("compilation", lang, text["compilation_title"], _subtitle(content, lang), sections)


def _no_entries(meeting: int, content: RegisterContent, lang: str) -> str:
    """What a meeting without recommendations in the register prints: where they were endorsed, if known."""
    text = words(lang)
    later = content.endorsed.get(meeting)
    if later is None:
        return text["meeting_no_entries"]
    venue = f" ({render_venue(content.venues[later], lang)})" if later in content.venues else ""
    return text["meeting_endorsed"].format(
        ordinal=ordinal(meeting, lang).lower(), later=ordinal(later, lang).lower(), venue=venue
    )


def _meeting_title(meeting: int, year: int | None, venues: dict[int, str], lang: str) -> str:
    text = words(lang)
    name = ordinal(meeting, lang)
    if meeting in venues:
        return text["meeting_when"].format(ordinal=name, venue=render_venue(venues[meeting], lang))
    if year:
        return text["meeting_year"].format(ordinal=name, year=year)
    return text["meeting"].format(ordinal=name)


def _headed_items(
    entries: list[RegisterEntry], meeting: int, numbers: Iterator[int]
) -> tuple[list[Any], list[Section]]:
    """Items straight under the meeting, or grouped under the report's own headings when it has them. An entry
    without a heading (a curator took it away, another document carries the entry) stays where it comes, with the
    heading before it, or under the meeting before the first: never under a heading of no words."""
    lead: list[Any] = []
    groups: list[Section] = []
    for entry in entries:
        if entry.heading and (not groups or groups[-1].title != entry.heading):
            groups.append(Section(entry.heading, f"meeting-{meeting}-{len(groups) + 1}"))
        (groups[-1].blocks if groups else lead).append(_item(entry, numbers))
    return lead, groups


def _item(entry: RegisterEntry, numbers: Iterator[int]) -> Item:
    """A recommendation with its sub-items; each note call numbered next in the publication, where it stands."""
    cited = {note.label: note for note in entry.notes}
    notes: list[Note] = []
    calls: dict[str, list[Call]] = defaultdict(list)
    for path, at, label in entry.calls:
        if label in cited:
            note = Note(str(next(numbers)), cited[label].text, cited[label].italic)
            notes.append(note)
            calls[path].append(Call(at, note))
    return Item(
        entry.number,
        _lead(entry),
        _subitems(entry.subitems, calls, entry.language),
        notes,
        calls=calls[""],
        lang=entry.language,
    )


def _lead(entry: RegisterEntry) -> str:
    """The recommendation's own words before its sub-items (its text repeats them, flattened)."""
    if not entry.subitems:
        return entry.text
    return text_lead(entry.text, entry.subitems[0]["label"], entry.subitems[0]["text"])


def _subitems(
    items: list[dict[str, Any]], calls: dict[str, list[Call]], lang: str | None, prefix: str = ""
) -> list[Item]:
    return [
        Item(
            item["label"],
            item["text"],
            _subitems(item["subitems"], calls, lang, f"{prefix}{item['label']}."),
            calls=calls.get(f"{prefix}{item['label']}", []),
            lang=lang,
        )
        for item in items
    ]


def build(kind: str, lang: str, db: str | None = None, *, progress: bool = False) -> Publication:
    """The publication `kind` ("index" or "compilation") with headings in `lang`, from the register `db`."""
    if kind not in KINDS:
        raise ValueError(f"unknown publication {kind!r}; one of {', '.join(KINDS)}")
    words(lang)  # an unknown language fails before the register is read
    content = read_register(db, progress=progress)
    return (index_publication if kind == "index" else compilation_publication)(content, lang)
