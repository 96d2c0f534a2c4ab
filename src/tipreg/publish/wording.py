"""The words a publication prints around the register's text, in Spanish and English."""

from __future__ import annotations

LANGUAGES = ("es", "en")

WORDS: dict[str, dict[str, str]] = {
    "es": {
        "index_title": "Índice temático de las recomendaciones del Grupo de Trabajo sobre la Trata de Personas",
        "compilation_title": "Recomendaciones aprobadas por el Grupo de Trabajo sobre la Trata de Personas",
        "subtitle": "Generado a partir del registro consolidado: {entries} de {meetings}",
        # A count of recommendations or meetings ("entries_one" where there is one)
        "entries": "{count} recomendaciones",
        "entries_one": "1 recomendación",
        "meetings": "{count} reuniones",
        "meetings_one": "1 reunión",
        "overview": "Resumen",
        # The overview's count: entries classified under the taxonomy, then those with no theme, if any
        "counts": "{classified} de las {entries} recomendaciones están clasificadas en {themes} temas y {subthemes} "
        "subtemas",
        "counts_one": "1 de las {entries} recomendaciones está clasificada en {themes} temas y {subthemes} subtemas",
        "counts_all": "Las {entries} recomendaciones están clasificadas en {themes} temas y {subthemes} subtemas",
        "counts_all_one": "La única recomendación está clasificada en {themes} temas y {subthemes} subtemas",
        "counts_none": "El registro aún no tiene recomendaciones: ingiera los documentos del Grupo de Trabajo",
        # Recommendations of no known meeting, which a publication by meeting cannot place
        "unplaced": "{count} recomendaciones del registro no tienen reunión y no figuran aquí: asígnela con "
        "tipreg curate correct ID --meeting N.",
        "unplaced_one": "1 recomendación del registro no tiene reunión y no figura aquí: asígnela con "
        "tipreg curate correct ID --meeting N.",
        "counts_unclassified": "; {unclassified} no tienen tema asignado (sección «{section}»)",
        "counts_unclassified_one": "; 1 no tiene tema asignado (sección «{section}»)",
        "unclassified": "Sin tema asignado",
        "no_entries": "Ninguna recomendación.",
        "theme_total": "Total",
        "theme": "Tema",
        "by_meeting": "Temas por reunión (número de recomendaciones; una recomendación puede tener varios temas).",
        "meeting_short": "R{meeting}",
        "meeting": "{ordinal} reunión",
        "meeting_when": "{ordinal} reunión: {venue}",
        "meeting_year": "{ordinal} reunión ({year})",
        "meeting_no_entries": "El registro no contiene recomendaciones de esta reunión.",
        "meeting_endorsed": "El Grupo de Trabajo hizo suyas las recomendaciones propuestas durante su {ordinal} "
        "reunión posteriormente, en su {later} reunión{venue}.",
        "reference": "Reunión {meeting}",  # then " (2019)", and the number: "Reunión 9 (2019), n.º 3"
        "reference_number": ", n.º {number}",
        "note": "Nota {label}",
    },
    "en": {
        "index_title": "Thematic index of the recommendations of the Working Group on Trafficking in Persons",
        "compilation_title": "Recommendations adopted by the Working Group on Trafficking in Persons",
        "subtitle": "Generated from the consolidated register: {entries} of {meetings}",
        "entries": "{count} recommendations",
        "entries_one": "1 recommendation",
        "meetings": "{count} meetings",
        "meetings_one": "1 meeting",
        "overview": "Overview",
        "counts": "{classified} of the {entries} recommendations are classified under {themes} themes and "
        "{subthemes} sub-themes",
        "counts_one": "1 of the {entries} recommendations is classified under {themes} themes and {subthemes} sub-themes",
        "counts_all": "All {entries} recommendations are classified under {themes} themes and {subthemes} sub-themes",
        "counts_all_one": "The one recommendation is classified under {themes} themes and {subthemes} sub-themes",
        "counts_none": "The register holds no recommendations yet: ingest the Working Group's documents",
        "unplaced": "{count} recommendations of the register have no meeting and are not listed here: set it with "
        "tipreg curate correct ID --meeting N.",
        "unplaced_one": "1 recommendation of the register has no meeting and is not listed here: set it with "
        "tipreg curate correct ID --meeting N.",
        "counts_unclassified": "; {unclassified} have no theme assigned (section “{section}”)",
        "counts_unclassified_one": "; 1 has no theme assigned (section “{section}”)",
        "unclassified": "No theme assigned",
        "no_entries": "No recommendations.",
        "theme_total": "Total",
        "theme": "Theme",
        "by_meeting": "Themes by meeting (number of recommendations; a recommendation may have several themes).",
        "meeting_short": "M{meeting}",
        "meeting": "{ordinal} meeting",
        "meeting_when": "{ordinal} meeting: {venue}",
        "meeting_year": "{ordinal} meeting ({year})",
        "meeting_no_entries": "The register holds no recommendations of this meeting.",
        "meeting_endorsed": "The recommendations proposed at the {ordinal} meeting were endorsed by the Working Group "
        "later, at its {later} meeting{venue}.",
        "reference": "Meeting {meeting}",
        "reference_number": ", no. {number}",
        "note": "Note {label}",
    },
}

_ORDINALS = {
    "es": [
        "Primera",
        "Segunda",
        "Tercera",
        "Cuarta",
        "Quinta",
        "Sexta",
        "Séptima",
        "Octava",
        "Novena",
        "Décima",
        "Undécima",
        "Duodécima",
        "Decimotercera",
        "Decimocuarta",
        "Decimoquinta",
        "Decimosexta",
        "Decimoséptima",
        "Decimoctava",
        "Decimonovena",
        "Vigésima",
    ],
    "en": [
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
        "Eighth",
        "Ninth",
        "Tenth",
        "Eleventh",
        "Twelfth",
        "Thirteenth",
        "Fourteenth",
        "Fifteenth",
        "Sixteenth",
        "Seventeenth",
        "Eighteenth",
        "Nineteenth",
        "Twentieth",
    ],
}


def ordinal(number: int, lang: str) -> str:
    names = _ORDINALS[lang]
    if 1 <= number <= len(names):
        return names[number - 1]
    return f"{number}.ª" if lang == "es" else f"{number}{_english_suffix(number)}"


def _english_suffix(number: int) -> str:
    """21st, 22nd, 23rd, but 111th, 112th, 113th."""
    return "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def counted(count: int, noun: str, lang: str) -> str:
    """ "1 reunión", "9 reuniones": `noun` ("entries" or "meetings") counted in `lang`."""
    text = words(lang)
    return text[f"{noun}_one"] if count == 1 else text[noun].format(count=count)


def words(lang: str) -> dict[str, str]:
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    return WORDS[lang]
