"""Language of a document from its commonest function words.

Function words survive OCR damage and lost accents better than any character model, and the
six UN languages are far apart: scripts tell Arabic, Chinese and Russian; stopwords tell the rest.
"""

from __future__ import annotations

import re
from collections import Counter

STOPWORDS = {
    code: set(words.split())
    for code, words in {
        "es": "de la que el en los las del se por con una para su al y",
        "en": "the of and to in that for on with by its as be should are",
        "fr": "le la les de des et du en une pour dans sur au aux qui est par",
        "pt": "de do da dos das em que os as para com uma não ao pelo",
        "it": "il di che della delle degli per con una nel sono gli alla e",
        "de": "der die und das den von zu mit sich des auf für ist im dem",
    }.items()
}
SCRIPTS = {
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
}
ANY_SCRIPT = re.compile("|".join(script.pattern for script in SCRIPTS.values()))
WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, sample: int = 20000) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    head = text[:sample]
    found = WORD.findall(head)
    letters = sum(map(len, found))
    if letters < 20:
        return None
    if ANY_SCRIPT.search(head):  # one scan tells most documents, in Latin script, from the rest
        for code, script in SCRIPTS.items():
            if len(script.findall(head)) > letters * 0.3:
                return code
    words = Counter(map(str.lower, found))
    total = sum(words.values())
    scores = {code: sum(words[w] for w in stop) for code, stop in STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= max(3, total * 0.05) else None
