"""Document metadata: type, language, date, meeting, symbol, title, section headings."""

from __future__ import annotations

import re
from collections import Counter

from tipreg.model import Block, DocumentMeta
from tipreg.normalize.layout import PLENARY_MEETING, RESOLUTION_OPENER
from tipreg.normalize.markers import LETTER_HEADING, NUMBERED_PARAGRAPH, ORDINAL_MARK, ROMAN_HEADING
from tipreg.segment.dates import find_date, iso, meeting_of_date, ordinal_value, year_of_meeting
from tipreg.segment.language import detect_language

SYMBOL = re.compile(r"\b(?:A|E|S|CTOC|UNODC|CCPCJ|CND|ST|A/HRC)(?:/[A-Za-z0-9.]+){2,}")
# The masthead's first line sets the symbol beside the emblem's words: "United Nations    A/RES/64/178".
# (in the two cells of a masthead table, as the DOCX reader joins them: "United Nations | A/RES/64/293")
MASTHEAD_EMBLEM = r"(?:United Nations|Naciones Unidas)(?:\s+\|)?"
OWN_SYMBOL_LINE = re.compile(
    rf"^\s*(?:V\.\d{{2}}-\d{{5}}\s+|{MASTHEAD_EMBLEM}\s+)?({SYMBOL.pattern})\s*$", re.MULTILINE
)

_ORD = rf"(?P<ord>\d{{1,2}}(?:{ORDINAL_MARK})?|[A-Za-zÁÉÍÓÚáéíóú]+)"
_WG = r"(?:del\s+)?Grupo\s+de\s+(?:Trabajo|trabajo)"
# Each pattern with a word it cannot match without: a text lacking the word is not scanned for it.
MEETING_PATTERNS = [
    # "La novena reunión del Grupo de Trabajo ... se celebró en Viena del 9 al 11 de septiembre de 2019"
    (
        "reuni",
        re.compile(
            rf"\b[Ll]a\s+{_ORD}\s+reuni\S{{1,3}}n\s+{_WG}.{{0,80}}?se\s+celebr\S+\s+(?P<rest>.{{0,80}}?\d{{4}})"
        ),
    ),
    # "En su 11ª reunión, celebrada en Viena los días 12 y 13 de octubre de 2021" — "en" (a place):
    # "en su tercera reunión, celebrada el 10 de septiembre" is a sitting of the meeting, not the meeting.
    (
        "reuni",
        re.compile(
            rf"[Ee]n\s+su\s+{_ORD}\s+reuni\S{{1,3}}n,?\s+celebrada\s+en\s+(?P<rest>.{{0,80}}?\d{{4}})", re.DOTALL
        ),
    ),
    ("meeting", re.compile(rf"\b[Aa]t\s+its\s+{_ORD}\s+meeting,?\s+held\s+(?P<rest>.{{0,80}}?\d{{4}})", re.DOTALL)),
    (
        "meeting",
        re.compile(
            rf"\b[Tt]he\s+{_ORD}\s+meeting\s+of\s+the\s+Working\s+Group.{{0,80}}?was\s+held\s+(?P<rest>.{{0,80}}?\d{{4}})"
        ),
    ),
    # Background papers: "para facilitar el debate en el cuarto período de sesiones del Grupo de trabajo"
    (
        "sesiones",
        re.compile(rf"\b(?:en|para)\s+(?:el|su)\s+{_ORD}\s+(?:período|periodo)\s+de\s+sesiones\s+{_WG}(?P<rest>)"),
    ),
    (
        "Working",
        re.compile(
            rf"\b(?:at|for)\s+(?:the|its)\s+{_ORD}\s+(?:meeting|session)\s+of\s+the\s+Working\s+Group(?P<rest>)"
        ),
    ),
]
# "The Working Group on Trafficking in Persons held its second meeting in Vienna on 27 and 28 January 2010",
# "El Grupo de Trabajo … celebró su segunda reunión en Viena …": how a report's "Organization of the meeting"
# opens, and how its introduction recalls earlier meetings; the report's own is the latest it names.
HELD_MEETING_PATTERNS = [
    (
        "celebr",
        re.compile(rf"\bcelebr\S{{1,2}}\s+su\s+{_ORD}\s+reuni\S{{1,3}}n\b(?P<rest>.{{0,80}}?\d{{4}})", re.DOTALL),
    ),
    ("held its", re.compile(rf"\bheld\s+its\s+{_ORD}\s+meeting\b(?P<rest>.{{0,80}}?\d{{4}})", re.DOTALL)),
]
MEETING_SECTION = re.compile(
    rf"^(?P<ord>[A-Za-zÁÉÍÓÚáéíóú]+|\d{{1,2}}(?:{ORDINAL_MARK})?)\s+(?:reuni\S{{1,3}}n|meeting)"
    # its place and dates ("Primera reunión: Viena, 14 y 15 de abril de 2009"), or its year alone where they are not
    # known ("Novena reunión (2019)", as tipreg's compilation prints a meeting it knows only from its reports)
    r"(?:\s*[:.,]\s*(?P<rest>.*)|\s+\((?P<year>\d{4})\))$",
    re.IGNORECASE,
)
REPORT_TITLE = re.compile(
    r"\b(?:Informe sobre la reuni|Informe del Grupo de Trabajo|Report on the meeting|Report of the Working Group)"
)
BACKGROUND = re.compile(
    r"\b(?:documento de antecedentes|background paper|nota de la secretar[ií]a|note by the secretariat|"
    r"documento de sesi[oó]n|conference room paper)",
    re.IGNORECASE,
)
# A section's roman numeral, as OCR may read it: "Il.", "TI.", "1V." (the known section titles make it one);
# a plain "5." numbers a paragraph ("5. Aprobación del informe", in a report's agenda), not a section.
_SECTION_NUMBER = r"(?!\d+\.)[IVXLTl1|]{1,5}\.\s+"
_RECOMMENDATIONS_TITLE = r"(?:Conclusiones y )?Recomendaciones|(?:Conclusions and )?Recommendations"
RECOMMENDATIONS_SECTION = re.compile(rf"^(?:{_SECTION_NUMBER})?(?:{_RECOMMENDATIONS_TITLE})", re.IGNORECASE)
NUMBERED_RECOMMENDATIONS_SECTION = re.compile(rf"^{_SECTION_NUMBER}(?:{_RECOMMENDATIONS_TITLE})", re.IGNORECASE)
REPORT_SECTIONS = re.compile(
    rf"^(?:{_SECTION_NUMBER})?(?:Resumen de las deliberaciones|Organizaci\S{{1,3}}n de la reuni\S{{1,3}}n|"
    r"Aprobaci\S{1,3}n del informe|Summary of deliberations|Organization of the meeting|Adoption of the report)",
    re.IGNORECASE,
)
AGENDA_ITEM = re.compile(r"^(?:Tema|Item|Point)\s+\d+")
FRONT_MATTER_NOISE = re.compile(
    rf"^(?:{MASTHEAD_EMBLEM}(?:\s+{SYMBOL.pattern})?$|"
    # the Conference's name wrapped over the masthead's narrow column, line by line
    r"(?:United Nations Convention against|Transnational Organized Crime$|Convenci\S{1,2}n de las Naciones Unidas|"
    r"contra la Delincuencia Organizada|Transnacional$)|"
    r"Resolution adopted by the|Resoluci\S{1,2}n aprobada por la|\[(?:on the report|sobre la base del informe)|"
    r"Distr\.|Conferencia de las Partes|Conference of the Parties|Grupo de Trabajo sobre|Working Group on|"
    r"Asamblea General$|General Assembly$|Tema \d+|Item \d+|Viena|Vienna|Español|English|Original|"
    r"Documento de antecedentes preparado|Background paper prepared|Nota de la Secretar|Note by the Secretariat|"
    r"[A-Z][\w\s,()]+: (?:proyecto de resoluci|draft resolution)|.+ período de sesiones$|.+ session$|"
    r"(?:Primera|Segunda|Tercera|Cuarta|Quinta|Sexta) Comisión$|(?:First|Second|Third) Committee$)",
)


def meeting_from_section(title: str) -> tuple[int | None, int | None]:
    """(meeting, year) of a compilation section heading such as "Primera reunión: Viena, 14 y 15 de abril de 2009"."""
    match = MEETING_SECTION.match(title)
    if not match:
        return None, None
    date = find_date(match["rest"] or "")
    return ordinal_value(match["ord"]), date[0] if date else (int(match["year"]) if match["year"] else None)


def meeting_sections(blocks: list[Block]) -> int:
    return sum(1 for b in blocks if (m := ROMAN_HEADING.match(b.text)) and meeting_from_section(m["title"])[0])


def find_symbol(raw_text: str) -> str | None:
    """The document's own symbol: printed alone on a line in the page furniture or the masthead."""
    head_lines = OWN_SYMBOL_LINE.findall(raw_text[:3000])
    if head_lines:
        return head_lines[0]
    counts = Counter(OWN_SYMBOL_LINE.findall(raw_text))
    recurring = [symbol for symbol, n in counts.most_common() if n >= 2]
    return recurring[0] if recurring else None


def front_matter(blocks: list[Block]) -> list[Block]:
    """Blocks before the body starts (first section heading, numbered paragraph or resolution opener)."""
    for i, block in enumerate(blocks):
        if (
            ROMAN_HEADING.match(block.text)
            or NUMBERED_PARAGRAPH.match(block.text)
            or RESOLUTION_OPENER.match(block.text)
        ):
            return blocks[:i]
    return blocks[:10]


def find_title(front: list[Block]) -> str | None:
    for i, block in enumerate(front):
        after_agenda_item = i > 0 and AGENDA_ITEM.match(front[i - 1].text)  # that block names the item
        plausible = len(block.text) > 25 and not block.text.endswith(".") and not FRONT_MATTER_NOISE.match(block.text)
        if plausible and not after_agenda_item:
            return block.text
    return None


def document_type(blocks: list[Block], text: str) -> str:
    if meeting_sections(blocks) >= 2:
        return "compilation"
    if any(RESOLUTION_OPENER.match(b.text) for b in blocks) and any(NUMBERED_PARAGRAPH.match(b.text) for b in blocks):
        return "resolution"
    has_recommendations = any(ROMAN_HEADING.match(b.text) and RECOMMENDATIONS_SECTION.match(b.text) for b in blocks)
    if REPORT_TITLE.search(text[:3000]) or (has_recommendations and any(REPORT_SECTIONS.match(b.text) for b in blocks)):
        return "meeting_report"
    if BACKGROUND.search(text[:5000]):
        return "background_paper"
    return "unknown"


def meeting_in_body(text: str) -> tuple[int | None, int | None]:
    for cue, pattern in MEETING_PATTERNS:
        for match in pattern.finditer(text) if cue in text else ():
            meeting = ordinal_value(match["ord"])
            date = find_date(match["rest"])
            if meeting:
                return meeting, date[0] if date else None
    return None, None


def latest_meeting_held(text: str) -> tuple[int | None, int | None]:
    """The latest meeting a report says the Working Group held ("held its second meeting in Vienna on …")."""
    found = [
        (meeting, date[0] if (date := find_date(match["rest"])) else None)
        for cue, pattern in HELD_MEETING_PATTERNS
        if cue in text
        for match in pattern.finditer(text)
        if (meeting := ordinal_value(match["ord"]))
    ]
    return max(found, default=(None, None), key=lambda held: held[0])


def meeting_in_masthead(front_text: str) -> tuple[int | None, int | None]:
    """Mastheads and titles give the meeting's dates: "Viena, 9 a 11 de septiembre de 2019"."""
    for match in re.finditer(r"(?:celebrada en|held in|Viena,|Vienna,)\s+\S+\s+(.{0,60}?\d{4})", front_text):
        date = find_date(match[0])
        if meeting_of_date(date):
            return meeting_of_date(date), date[0]
    return None, None


# "Distr.: General 17 February 2010"; the masthead's two columns, as pdftotext -layout keeps them side by side,
# put a line of the Conference's name between the two: "Distr.: General United Nations Convention against 17 …".
ISSUED = re.compile(r"Distr\.?:?\s*\w+\s+(.{0,80}?\d{4})")
DATED_BY_ISSUE = ("meeting_report", "resolution")
# An adopted resolution says when it was adopted, in its heading and under its last paragraph ("65th plenary
# meeting / 18 December 2009"); it is issued weeks later, sometimes the next year, so the adoption gives its year.
ADOPTED = re.compile(
    r"(?:Resolution adopted by the General Assembly on|Resoluci\S{1,2}n aprobada por la Asamblea General el|"
    rf"{PLENARY_MEETING})\s+(.{{0,40}}?\d{{4}})",
    re.IGNORECASE,
)


def meeting_and_year(doc_type: str, text: str, front_text: str) -> tuple[int | None, int | None]:
    """The meeting a document reports on (or, for a paper, is prepared for) and that meeting's year.

    A report names its own meeting in its body; a paper's body cites earlier meetings, so its masthead wins.
    """
    finders = [meeting_in_body, meeting_in_masthead]
    if doc_type == "meeting_report":
        finders.append(latest_meeting_held)  # a report's only: a paper recalls the meetings before its own
    else:
        finders.reverse()
    for finder in finders:
        meeting, year = finder(front_text if finder is meeting_in_masthead else text)
        if meeting:
            return meeting, year
    return None, None


def read_meta(blocks: list[Block], raw_text: str) -> DocumentMeta:
    front = front_matter(blocks)
    front_text = "\n".join(b.text for b in front)
    body = "\n".join(b.text for b in blocks)
    issued = ISSUED.search(front_text)
    date = find_date(issued[1]) if issued else None
    doc_type = document_type(blocks, body)
    meeting, year = meeting_and_year(doc_type, body, front_text)
    if doc_type == "resolution" and (adopted := ADOPTED.search(body)) and (adoption := find_date(adopted[1])):
        year = year or adoption[0]
    headings = [b.text for b in blocks if is_heading(b.text)]
    return DocumentMeta(
        type=doc_type,
        language=detect_language(body),
        date=iso(date),
        meeting=meeting,
        # a report and a draft resolution are of the year they are issued (an adopted one of its adoption's, above);
        # a paper or a compilation of its meeting's
        year=year or (date[0] if date and doc_type in DATED_BY_ISSUE else None) or year_of_meeting(meeting),
        symbol=find_symbol(raw_text),
        title=find_title(front),
        headings=headings,
    )


def is_heading(text: str) -> bool:
    return bool(
        (
            ROMAN_HEADING.match(text)
            or LETTER_HEADING.match(text)
            or REPORT_SECTIONS.match(text)
            or NUMBERED_RECOMMENDATIONS_SECTION.match(text)
        )
        and len(text) < 300
        and not text.endswith(".")
    )
