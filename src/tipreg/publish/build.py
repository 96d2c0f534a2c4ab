"""The thematic index and the chronological compilation, built from the register as publication models.

`read_register()` is the only part that touches the store: it reads the recommendations once, with their
effective labels (curators' corrections included), footnotes and the meetings' venues, as plain data.
`index_publication()` and `compilation_publication()` are pure functions of that data.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from tipreg.enrich.taxonomy import taxonomy
from tipreg.link import passage_on
from tipreg.publish.document import Item, Note, Paragraph, Publication, Section, Table
from tipreg.publish.venues import render_venue, report_venue, section_venues
from tipreg.publish.wording import ordinal, words

KINDS = ("index", "compilation")
SUMMARY_LENGTH = 160
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A sentence ends at "." or ";" (a lead ending in ":" goes on into its first sub-item).
_SENTENCE_END = re.compile(r"(?<=[a-záéíóúñ)]{2}[.;])\s")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|\*+")  # links and emphasis of notes read from Markdown


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
    notes: list[Note] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)  # the export record's `references`


@dataclass
class RegisterContent:
    entries: list[RegisterEntry]  # in register order: meeting, then number as printed
    venues: dict[int, str]  # meeting → "Viena, 14 y 15 de abril de 2009", as its document prints it


def read_register(db: str | None = None, *, progress: bool = False) -> RegisterContent:
    """Every recommendation of a known meeting, in register order, with what the publications print."""
    from tipreg.publish.export import register_entries
    from tipreg.store import setup
    from tipreg.store.labels.export import entry_labels

    setup(db)
    query = register_entries().filter(kind="recommendation", meeting__isnull=False)
    notes = _document_notes()
    entries = []
    for provision in tqdm(
        query.iterator(chunk_size=500),
        total=query.count(),
        unit=" entries",
        desc="read register",
        disable=not progress,
        file=sys.stderr,
    ):
        documents = [source.document_id for source in provision.sources.all()]
        labels = entry_labels(provision)
        entries.append(
            RegisterEntry(
                id=provision.id,
                meeting=provision.meeting,
                year=provision.year,
                number=provision.number or "",
                heading=provision.heading,
                text=provision.text,
                subitems=provision.subitems,
                themes=[theme["value"] for theme in labels["themes"]],
                notes=_entry_notes(provision.notes, documents, notes),
                references=labels["references"],
            )
        )
    return RegisterContent(entries, _venues())


def _document_notes() -> dict[int, dict[str, str]]:
    """Footnote texts by document and label ("¹" and "1" are one label)."""
    from tipreg.store.models import Note as StoredNote

    found: dict[int, dict[str, str]] = defaultdict(dict)
    for document, label, text in StoredNote.objects.values_list("document_id", "label", "text"):
        found[document].setdefault(_note_label(label), text)
    return found


def _note_label(label: str) -> str:
    return label.translate(_SUPERSCRIPTS).strip()


def _entry_notes(labels: list[str], documents: list[int], notes: dict[int, dict[str, str]]) -> list[Note]:
    """The notes an entry cites, from the first of its source documents that carries each."""
    found = []
    for label in labels:
        text = next((notes[doc][_note_label(label)] for doc in documents if _note_label(label) in notes[doc]), None)
        if text is not None:
            found.append(Note(_note_label(label), _MARKUP.sub(lambda m: m[1] or "", text).strip()))
    return found


def _venues() -> dict[int, str]:
    """Each meeting's place and dates: a compilation's section heading first, else the meeting's own report."""
    from tipreg.store.models import Document

    venues: dict[int, str] = {}
    for headings in Document.objects.filter(type="compilation").values_list("headings", flat=True):
        for meeting, venue in section_venues(headings).items():
            venues.setdefault(meeting, venue)
    reports = Document.objects.filter(type="meeting_report", meeting__isnull=False).exclude(meeting__in=venues)
    for meeting, text in reports.values_list("meeting", "text"):
        venue = report_venue(text, meeting)
        if venue:
            venues.setdefault(meeting, venue)
    return venues


def one_line(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first sentence (or clause before the sub-items), cut at a word under `limit` characters."""
    first = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[: first.rfind(" ", 0, limit - 1)].rstrip(",;: ") + " …"


def summary_on(text: str, theme: str | None) -> str:
    """A recommendation in one line where it is listed under a sub-theme: its first passage on that sub-theme
    (a long list's one sub-item about it), or its first sentence when no passage alone carries it."""
    return one_line((passage_on(text, theme) if theme else None) or text)


def _meetings(entries: list[RegisterEntry]) -> list[int]:
    return sorted({entry.meeting for entry in entries})


def _subtitle(content: RegisterContent, lang: str) -> str:
    return words(lang)["subtitle"].format(entries=len(content.entries), meetings=len(_meetings(content.entries)))


def _reference(entry: RegisterEntry, lang: str) -> str:
    return words(lang)["reference"].format(meeting=entry.meeting, year=entry.year or "?", number=entry.number)


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
        Item(entry.number, summary_on(entry.text, anchor), reference=_reference(entry, lang)) for entry in entries
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
    summary = text["counts"].format(entries=len(content.entries), themes=len(themes), subthemes=subthemes)
    return Section(
        text["overview"], "overview", [Paragraph(summary), Paragraph(text["by_meeting"]), Table(header, rows)]
    )


def compilation_publication(content: RegisterContent, lang: str) -> Publication:
    """One section per meeting with place and dates; recommendations numbered as adopted, sub-items nested."""
    text = words(lang)
    sections = []
    for meeting in _meetings(content.entries):
        entries = [entry for entry in content.entries if entry.meeting == meeting]
        sections.append(
            Section(
                _meeting_title(meeting, entries[0].year, content.venues, lang),
                f"meeting-{meeting}",
                *_headed_items(entries, meeting),
            )
        )
    return Publication("compilation", lang, text["compilation_title"], _subtitle(content, lang), sections)


def _meeting_title(meeting: int, year: int | None, venues: dict[int, str], lang: str) -> str:
    text = words(lang)
    name = ordinal(meeting, lang)
    if meeting in venues:
        return text["meeting_when"].format(ordinal=name, venue=render_venue(venues[meeting], lang))
    if year:
        return text["meeting_year"].format(ordinal=name, year=year)
    return text["meeting"].format(ordinal=name)


def _headed_items(entries: list[RegisterEntry], meeting: int) -> tuple[list[Any], list[Section]]:
    """Items straight under the meeting, or grouped under the report's own headings when it has them."""
    if not any(entry.heading for entry in entries):
        return [_item(entry) for entry in entries], []
    groups: list[Section] = []
    for entry in entries:
        heading = entry.heading or ""
        if not groups or groups[-1].title != heading:
            groups.append(Section(heading, f"meeting-{meeting}-{len(groups) + 1}"))
        groups[-1].blocks.append(_item(entry))
    return [], groups


def _item(entry: RegisterEntry) -> Item:
    return Item(entry.number, _lead(entry), _subitems(entry.subitems), entry.notes)


def _lead(entry: RegisterEntry) -> str:
    """The recommendation's own words before its sub-items (its text repeats them, flattened)."""
    if not entry.subitems:
        return entry.text
    first = entry.subitems[0]
    cut = entry.text.find(f"{first['label']}) {first['text'][:20]}")
    return entry.text[:cut].rstrip() if cut > 0 else entry.text


def _subitems(items: list[dict[str, Any]]) -> list[Item]:
    return [Item(item["label"], item["text"], _subitems(item["subitems"])) for item in items]


def build(kind: str, lang: str, db: str | None = None, *, progress: bool = False) -> Publication:
    """The publication `kind` ("index" or "compilation") with headings in `lang`, from the register `db`."""
    if kind not in KINDS:
        raise ValueError(f"unknown publication {kind!r}; one of {', '.join(KINDS)}")
    words(lang)  # an unknown language fails before the register is read
    content = read_register(db, progress=progress)
    return (index_publication if kind == "index" else compilation_publication)(content, lang)
