"""Text helpers shared by the rules: accent folding and the lead clause of a recommendation."""

from __future__ import annotations

import re
import unicodedata

# A list of sub-items starts at "a)" or "(a)" after a colon; the lead clause is what precedes it.
LIST_START = re.compile(r":\s*\(?a\)\s")


def fold(text: str) -> str:
    """Lower case without accents, so rules match "deberían" and OCR-damaged "deberian" alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def lead_clause(text: str) -> str:
    """The part of a recommendation before its list of sub-items (all of it when it has none)."""
    match = LIST_START.search(text)
    return text[: match.start()] if match else text
