"""Text helpers shared by the rules: accent folding and the lead clause of a recommendation."""

from __future__ import annotations

import re
import unicodedata

# Verbs that both the addressee and the strength rules read (docs/labelling-guide.md).
# A resolution's requesting verbs ("Insta a los Estados Miembros a que"); "of the requests that" is a noun.
REQUESTING_VERBS = (
    r"insta|exhorta|solicita|pide|(?:reafirma|reitera) su solicitud|urges|calls upon|calls for"
    r"|(?<!the )(?<!its )(?<!their )(?<!of )requests|(?:reaffirms|reiterates) its request"
)
# The Working Group's reporting verbs ("solicitó a la Secretaría que", "propuso que los Estados partes"), not a
# participle ("which had been proposed by the Chair", "as requested by the Conference").
REPORTING_VERBS = r"solicito|pidio|propuso|(?<!been )(?<!as )(?:requested|proposed)"
# Encouragement (strength 2): a resolution's verbs and the passives whose subject is the addressee.
ENCOURAGING_VERBS = r"alienta|invita|encourages|invites"
ENCOURAGED_PASSIVE = r"(?:are|is|were|was) (?:encouraged|invited)"
# A list of sub-items starts at "a)" or "(a)" after a colon; the lead clause is what precedes it.
LIST_START = re.compile(r":\s*\(?a\)\s")
# A provision the text recalls ("Recalling article 30 of the Convention, which provides that States parties
# shall ...") asks nothing of anyone now: its modal is not the text's main verb.
CITED_PROVISION = re.compile(
    r"\b(which|that) provides?\b[^;.]*?\b(shall|must)\b|\b(en que se preve|que dispone|que establece)\b[^;.]*?\bdeberan\b"
)


def fold(text: str) -> str:
    """Lower case without accents, so rules match "deberían" and OCR-damaged "deberian" alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def without_cited_provisions(folded: str) -> str:
    """The folded text with every recalled provision blanked out, its length (and so every offset) kept."""
    return CITED_PROVISION.sub(lambda match: " " * len(match.group(0)), folded)


def lead_clause(text: str) -> str:
    """The part of a recommendation before its list of sub-items (all of it when it has none)."""
    match = LIST_START.search(text)
    return text[: match.start()] if match else text
