"""Who a recommendation is addressed to (docs/labelling-guide.md, "Addressee").

The addressee is the subject of the main modal ("Los Estados partes deberían", "The Secretariat should"),
or its object when the verb is impersonal or a recommendation to someone ("Se alienta a los Estados partes",
"Debería solicitarse a la UNODC", "El Grupo de Trabajo recomienda a la Conferencia que").
"""

from __future__ import annotations

import re

from tipreg.enrich.labels import Label, distinct
from tipreg.enrich.text import (
    ENCOURAGED_PASSIVE,
    ENCOURAGING_VERBS,
    REPORTING_VERBS,
    REQUESTING_VERBS,
    fold,
    without_cited_provisions,
)

ACTORS: list[tuple[str, re.Pattern[str]]] = [
    # "Las partes deberían" (the Parties: States parties), not "las partes interesadas" (stakeholders)
    (
        "states_parties",
        re.compile(
            r"\bestados? partes?\b|\bstates? parties\b|\bstate party\b|(?<!de )(?<!of )\b(las|the) (partes|parties)\b(?! interesad)"
            # a sentence that opens with "Parties should consider ..."
            r"|^(partes|parties)\b(?! interesad)"
        ),
    ),
    ("member_states", re.compile(r"\bestados miembros\b|\bmember states\b|\b(los )?estados\b(?! partes?)|\bstates\b")),
    (
        "secretariat",
        re.compile(
            r"\bsecretaria\b|\bsecretariat\b|\bunodc\b|\boficina de las naciones unidas contra la droga"
            r"|\bsecretario general\b|\bsecretary-general\b|\bunited nations office on drugs and crime\b"
        ),
    ),
    ("conference", re.compile(r"\bconferencia\b|\bconference\b")),
    ("working_group", re.compile(r"\bgrupo de trabajo\b|\bworking group\b")),
    (
        "other_bodies",
        re.compile(
            r"\borganizaciones (internacionales|regionales)\b|\b(international|regional|subregional) organizations\b"
            r"|\bentidades (competentes )?de las naciones unidas\b|\bunited nations entities\b"
            # resolutions: the President of the General Assembly, the agencies of the United Nations system
            r"|\bpresidente de la asamblea general\b|\bpresident of the general assembly\b"
            r"|\borganismos (\w+ )?(del sistema )?de las naciones unidas\b|\bunited nations (system )?agencies\b"
        ),
    ),
]
# A passive "debería examinarse ..." is addressed to the forum where it is to be examined ("en futuras reuniones
# del Grupo de Trabajo"), wherever the sentence names it.
PASSIVE_FORUM_VERBS = (
    r"deberia (examinarse|estudiarse|abordarse|debatirse|tratarse)|should be (examined|studied|addressed|discussed)"
)
# The main verb: a subject comes before it, unless it is impersonal or "recommends to" (object after it).
MAIN_VERB = re.compile(
    r"\b(deberia (alentarse|solicitarse|pedirse|fomentarse|invitarse)|se (alienta|alento|invita|podria alentar)"
    rf"|{PASSIVE_FORUM_VERBS}"
    r"|deberian?|deberan|should|shall|tal vez deseen?|may wish"
    # "podrían" only after a named actor ("Los Estados podrían"), not in a relative clause ("que podrían")
    r"|(?:(?<=partes )|(?<=estados )|(?<=miembros ))podrian?|(?:(?<=parties )|(?<=states ))could"
    rf"|{ENCOURAGED_PASSIVE}"
    r"|recomienda|recomendo|recommend(s|ed)?|reafirmo|reiter\w+"
    # the verbs of a resolution's operative paragraph ("Insta a los Estados Miembros a que")
    rf"|{REQUESTING_VERBS}|{ENCOURAGING_VERBS}|{REPORTING_VERBS}"
    # the future as obligation, when the sentence opens with its subject ("Los Estados partes reconocerán")
    r"|(?<=^los estados partes )\w+(aran|eran|iran))\b"
)
PASSIVE_EXAMINE = re.compile(rf"^({PASSIVE_FORUM_VERBS})$")
FORUM = re.compile(
    r"\b(reunion|reuniones|periodos? de sesiones|en el|por el|en la|por la)( \w+){0,2}? (del |de la )?"
    r"(grupo de trabajo|conferencia)\b"
    r"|\b(meetings?|sessions?|at the|by the)( \w+){0,2}? (of the )?(working group|conference)\b"
)
# "reiterar su recomendación de que los Estados partes ...": whoever the earlier recommendation named is not
# the one now asked to reiterate it (a sub-item's infinitive keeps its lead's addressee).
REITERATE_OBJECT = re.compile(r"^\W*(reiterar|reafirmar|reiterate|reaffirm)\b")
PERSONAL_OBJECT = re.compile(r"\s*(a|que)\b")
OBJECT_VERB = re.compile(r"(?<=\w) a (?:que )?\w+(?:ar|er|ir)\b|(?<=\w) to (?!the\b|a\b|an\b|all\b)\w+\b")
# An object ends at a relative clause ("a los Estados que aún no lo hayan hecho") or the sentence's end.
RELATIVE_END = re.compile(r"[;:.]|\bque\b|\bthat\b|\bwhich\b")
# A phrase after a comma that qualifies the object rather than adding an addressee to it.
QUALIFIER = re.compile(
    r"\s*(en|con|de|del|por|para|entre|incluid\w*|segun|sobre|in|with|of|by|for|among|including|as|through)\b"
)
RESOLUTION_VERB = re.compile(rf"\b({REQUESTING_VERBS}|{ENCOURAGING_VERBS})\b")
OBJECT_AFTER = re.compile(
    r"^(insta|exhorta|solicita|pide|alienta|invita|reafirma su|reitera su|urges|calls|requests|encourages|invites|reaffirms its|reiterates its|se |deberia \w+se|recomend|recomienda|recommend|reafirmo|reiter|solicito|pidio|propuso|requested|proposed)"
)
# Phrases inside a subject that name a partner, not the addressee ("La Secretaría, en consulta con los Estados").
PARTNER = re.compile(r",[^,]*\b(con|with|de|of)\b[^,]*,?\s*$")
# A subject that names nobody ("..., the following should be noted", "it should be recalled that"): an actor
# earlier in the sentence belongs to another clause ("concepts on which States parties may require ...").
IMPERSONAL_SUBJECT = re.compile(r"the following|it|lo siguiente|esto")
BOUNDARY = re.compile(r"[,;:.]|\bque\b|\bthat\b")


# Sentences, and the items of a list ("; b) La Secretaría debería ...").
SENTENCE = re.compile(r"(?<=[.;:])\s+(?:\(?[a-z]\)\s+)?")


def addressees(text: str) -> list[Label]:
    """The addressees of every sentence of a text, in order; empty when none names one ("Debería fomentarse")."""
    return distinct(label for sentence in SENTENCE.split(text) for label in sentence_addressees(sentence))


def opening_addressees(text: str) -> list[Label]:
    """The addressees of a text's first sentence: whether a sub-item names its own or continues its lead's."""
    return sentence_addressees(SENTENCE.split(text, maxsplit=1)[0])


def sentence_addressees(sentence: str) -> list[Label]:
    """The addressees of one sentence: the subject of its main verb, or its object for impersonal verbs."""
    folded = without_cited_provisions(fold(sentence))
    verb = MAIN_VERB.search(folded)
    if verb is None:
        return []
    if PASSIVE_EXAMINE.match(verb.group(0)):
        forum = FORUM.search(folded)
        return [Label(actor, 0.8, "rule:forum") for actor in _actors(forum.group(0))] if forum else []
    if REITERATE_OBJECT.match(folded):
        return []
    if RESOLUTION_VERB.fullmatch(verb.group(0)):
        # "Insta a los Estados Miembros ..., e invita a la Conferencia ...": every requesting verb's object
        found = [actor for match in RESOLUTION_VERB.finditer(folded) for actor in _object(folded[match.end() :])]
        return [Label(actor, 0.9, "rule:object") for actor in dict.fromkeys(found)]
    if OBJECT_AFTER.match(verb.group(0)):
        after = folded[verb.end() :]
        if verb.group(0).startswith("deberia ") and not PERSONAL_OBJECT.match(after):
            return []  # "Debería alentarse la coordinación entre las entidades ...": a thing is encouraged
        # "se alienta a los Estados partes a utilizar ... la Ley Modelo de la UNODC": the object ends at its verb
        after = OBJECT_VERB.split(after, maxsplit=1)[0]
        found = _actors(BOUNDARY.split(after, maxsplit=1)[0]) or _actors(after[:80])
        # "recomendó que los Estados adoptaran": the actor follows "que".
        return [Label(actor, 0.9, "rule:object") for actor in found]
    before = folded[: verb.start()]
    while (partner := PARTNER.search(before)) and _actors(before[: partner.start()]):
        before = before[: partner.start()]
    subject = BOUNDARY.split(before)[-1]
    if IMPERSONAL_SUBJECT.fullmatch(subject.strip()):
        return []
    found = _actors(subject) or _actors(before)[-1:]
    return [Label(actor, 0.95 if _actors(subject) else 0.7, "rule:subject") for actor in found]


def _object(after: str) -> list[str]:
    """The actors a requesting verb is addressed to, up to its own verb ("a que", "a cooperar"): the first
    phrase and every coordinated one after a comma ("a los Estados Miembros, las organizaciones internacionales
    y al sector privado"), not a phrase that qualifies them ("en su calidad de ...", "en consulta con ...")."""
    object_text = RELATIVE_END.split(OBJECT_VERB.split(after, maxsplit=1)[0], maxsplit=1)[0]
    first, *rest = object_text.split(",")
    phrases = [first] + [phrase for phrase in rest if not QUALIFIER.match(phrase)]
    return list(dict.fromkeys(actor for phrase in phrases for actor in _actors(phrase)))


def _actors(text: str) -> list[str]:
    """Actors named in a piece of text, in the order of ACTORS; "States parties" also hides "States"."""
    found = [name for name, pattern in ACTORS if pattern.search(text)]
    if "states_parties" in found and "member_states" in found and not re.search(r"\bmiembros\b|\bmember\b", text):
        found.remove("member_states")
    return found
