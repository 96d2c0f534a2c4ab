"""The words a publication prints around the register's text, in Spanish and English."""

from __future__ import annotations

LANGUAGES = ("es", "en")

WORDS: dict[str, dict[str, str]] = {
    "es": {
        "index_title": "Índice temático de las recomendaciones del Grupo de Trabajo sobre la Trata de Personas",
        "compilation_title": "Recomendaciones aprobadas por el Grupo de Trabajo sobre la Trata de Personas",
        "subtitle": "Generado a partir del registro consolidado: {entries} recomendaciones de {meetings} reuniones",
        "overview": "Resumen",
        "counts": "{entries} recomendaciones clasificadas en {themes} temas y {subthemes} subtemas.",
        "unclassified": "Sin tema asignado",
        "no_entries": "Ninguna recomendación.",
        "theme_total": "Total",
        "theme": "Tema",
        "by_meeting": "Temas por reunión (número de recomendaciones; una recomendación puede tener varios temas).",
        "meeting_short": "R{meeting}",
        "meeting": "{ordinal} reunión",
        "meeting_when": "{ordinal} reunión: {venue}",
        "meeting_year": "{ordinal} reunión ({year})",
        "reference": "Reunión {meeting} ({year}), n.º {number}",
        "note": "Nota {label}",
        "count": "{count} recomendaciones",
    },
    "en": {
        "index_title": "Thematic index of the recommendations of the Working Group on Trafficking in Persons",
        "compilation_title": "Recommendations adopted by the Working Group on Trafficking in Persons",
        "subtitle": "Generated from the consolidated register: {entries} recommendations of {meetings} meetings",
        "overview": "Overview",
        "counts": "{entries} recommendations classified under {themes} themes and {subthemes} sub-themes.",
        "unclassified": "No theme assigned",
        "no_entries": "No recommendations.",
        "theme_total": "Total",
        "theme": "Theme",
        "by_meeting": "Themes by meeting (number of recommendations; a recommendation may have several themes).",
        "meeting_short": "M{meeting}",
        "meeting": "{ordinal} meeting",
        "meeting_when": "{ordinal} meeting: {venue}",
        "meeting_year": "{ordinal} meeting ({year})",
        "reference": "Meeting {meeting} ({year}), no. {number}",
        "note": "Note {label}",
        "count": "{count} recommendations",
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
    return f"{number}.ª" if lang == "es" else f"{number}th"


def words(lang: str) -> dict[str, str]:
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    return WORDS[lang]
