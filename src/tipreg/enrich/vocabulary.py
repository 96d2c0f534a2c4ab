"""Themes and groups found by cue lists (data/enrich/theme_cues.json, GROUP_CUES below)."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from tipreg.enrich.labels import Label
from tipreg.enrich.text import fold

GROUP_CUES = {
    "women": r"mujer|women|woman",
    # "niño", "niña" and "infantil" as "child" and "girl" ("el interés superior del niño", "trabajo infantil": "the
    # best interests of the child", "child labour");
    # "menor(es)" is also the comparative ("el menor tiempo posible", "delitos menores"): a minor only after an
    # article or preposition ("los menores", "explotación de menores") or as "menor de edad", "menor no acompañado".
    "children": r"nin[oa]s?\b|infantil|ninez|children|child|girls?\b|minors|adolescen"
    r"|(?:los|las|de|del|a|al|y|e|o|u|para|con|sobre|entre|contra|victimas) menores\b"
    r"|menor(?:es)? (?:de edad|no acompanad)",
    # "inmigración" alone names officials and documents, not migrants ("funcionarios de inmigración").
    "migrants": r"migra|situacion de inmigracion|immigration status",
    "domestic_workers": r"(trabajador|emplead)\w* domestic|domestic workers?|servidumbre domestica|domestic servitude"
    r"|empleados de las residencias",
    "persons_with_disabilities": r"discapacidad|disabilit|capacidad disminuida|diminished capacity",
    "refugees": r"refugiad|refugee|asilo\b|asylum",
}


# Phrases that name no theme but carry cue words: conformity clauses ("de conformidad con su legislación
# interna"), actors named as such ("organismos encargados de hacer cumplir la ley") and instrument titles
# ("Protocolo ..., especialmente mujeres y niños").
CONFORMITY = r"\b(de conformidad con|en consonancia con|con arreglo a|in line with|in accordance with|consistent with)"
BOILERPLATE = re.compile(
    CONFORMITY
    + r" [^,;.]{0,60}?(legislacion|leyes|derecho|marcos juridicos|normas internas|legislation|law|legal frameworks?)\w*"
    r"( (nacional|interna|interno|internacional)(es)?)?"
    r"|\b(organismos|funcionarios|autoridades|agentes)( \w+)? encargad[oa]s de hacer cumplir la ley|\blaw enforcement"
    # conformity with the instruments themselves ("de conformidad con las disposiciones del Protocolo", "in
    # accordance with the Global Plan of Action")
    + r"|"
    + CONFORMITY
    + r" ((las disposiciones (del|de la)|the provisions of) (protocolo|convencion|protocol|convention)"
    r"|(el )?plan de accion mundial|the global plan of action)"
)
# The groups named in a title are not groups the recommendation is about.
TITLE_TAIL = re.compile(
    r"(\b(protocolo|relator\w* especial|fondo fiduciario|protocol|special rapporteur|trust fund)[^.;]{0,160}?)"
    r"(especialmente mujeres y ninos|especially women and children)"
)


# The bodies named after a group ("ONU-Mujeres", "la Organización Internacional para las Migraciones"), named as
# partners or co-chairs, name no group of persons the text is about.
BODIES_NAMED_AFTER_A_GROUP = re.compile(
    r"\b(onu-mujeres|un-women"
    r"|entidad de las naciones unidas para la igualdad de genero y el empoderamiento de las mujeres"
    r"|united nations entity for gender equality and the empowerment of women"
    r"|organizacion internacional para las migraciones|international organization for migration"
    r"|centro internacional de formulacion de politicas migratorias|international centre for migration policy"
    r"|alto comisionado de las naciones unidas para los refugiados|united nations high commissioner for refugees"
    r"|united nations children's fund)"
)


@cache
def theme_patterns() -> dict[str, re.Pattern[str]]:
    """One compiled pattern per sub-theme id, cues joined, each anchored at a word start."""
    raw = json.loads(resources.files("tipreg").joinpath("data/enrich/theme_cues.json").read_text("utf-8"))
    return {
        theme: re.compile(r"\b(" + "|".join(cues) + ")") for theme, cues in raw.items() if not theme.startswith("_")
    }


@cache
def group_patterns() -> dict[str, re.Pattern[str]]:
    return {group: re.compile(r"\b(" + cues + ")") for group, cues in GROUP_CUES.items()}


def themes(text: str) -> list[Label]:
    """Every sub-theme with a cue in the text; confidence grows with the number of distinct cues."""
    return _cued(text, theme_patterns(), "rule:theme-cue")


def groups(text: str) -> list[Label]:
    """Every group of persons the text names."""
    return _cued(BODIES_NAMED_AFTER_A_GROUP.sub(" ", fold(text)), group_patterns(), "rule:group-cue")


def _cued(text: str, patterns: dict[str, re.Pattern[str]], method: str) -> list[Label]:
    folded = TITLE_TAIL.sub(r"\1", BOILERPLATE.sub(" ", fold(text)))
    labels = []
    for value, pattern in patterns.items():
        cues = {match.group(0) for match in pattern.finditer(folded)}
        if cues:
            labels.append(Label(value, round(min(0.95, 0.6 + 0.15 * len(cues)), 2), method))
    return labels
