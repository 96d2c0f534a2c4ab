"""Identity: when an incoming provision is an entry the register already holds.

Texts are compared folded (lowercase, no accents, no non-letters, OCR confusions collapsed):
exact fingerprint first, then, among entries of the same meeting, kind and language, a fuzzy
ratio, so a clean and an OCR'd copy of a report, or a report and a compilation that numbers the
same recommendation differently, give one entry with several sources. A near text with other words of
sense (a negation, a modal: "no deberían", "deberán" for "deberían") is another recommendation, however
close the rest. Provisions with no meeting
(resolution paragraphs) match by exact fingerprint only: without a meeting to narrow the
candidates, near-identical boilerplate would merge.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from rapidfuzz import fuzz, process

from tipreg.model import Provision
from tipreg.search.fold import fold_compact, fold_word, folded_words

FUZZY_MIN_RATIO = 92.0
FUZZY_CANDIDATES = 5  # the nearest texts tried, nearest first, for one whose words of sense agree
# Words that change what a recommendation asks when one is added, dropped or swapped (folded as texts are).
_SENSE = """
no ni nunca jamás deberán deberá deberían debería deben debe podrán podrá podrían podría pueden puede
alienta alientan invita insta exhorta recomienda considerar deseen desee
not never nor shall should must may might can could encouraged encourages invited invites urges urged consider wish
"""
SENSE_WORDS = frozenset(fold_word(word) for word in _SENSE.split())
KIND_PREFIX = {"recommendation": "rec", "operative_paragraph": "op", "preambular_paragraph": "pp", "paragraph": "par"}


@lru_cache(maxsize=20_000)
def folded_entry(text: str) -> str:
    """An entry's folded text: every document of a meeting is compared with the same entries again."""
    return fold_compact(text)


def fingerprint(text: str) -> str:
    """sha256 hex of the folded text (folded through the cache: copies of a provision repeat its text)."""
    return hashlib.sha256(folded_entry(text).encode()).hexdigest()


@lru_cache(maxsize=20_000)
def sense_words(text: str) -> tuple[str, ...]:
    """The text's negations and modals, in order: a copy of a recommendation has the same."""
    return tuple(word for word in folded_words(text) if word in SENSE_WORDS)


def stable_id(kind: str, meeting: int | None, fingerprint_hex: str) -> str:
    """`rec-m09-1a2b3c4d5e`: readable, and the same for the same provision in any register."""
    prefix = KIND_PREFIX.get(kind, kind[:3])
    meeting_part = f"-m{meeting:02d}" if meeting is not None else ""
    return f"{prefix}{meeting_part}-{fingerprint_hex[:10]}"


def match_entries(provisions: list[Provision], language: str | None) -> list[str | None]:
    """For each provision of one document, the id of the existing entry it is, or None if it is new.

    Exact fingerprints are matched first for the whole document, then fuzzy ratios, so a near
    match never takes an entry that another provision matches exactly. An entry is matched at most
    once per document: a document does not give one entry two sources, so two similar provisions
    of one document stay two entries; unless a curator merged them, whose merge a copy keeps.
    """
    from tipreg.store.curation.models import KnownText
    from tipreg.store.models import Provision as Entry

    taken: set[str] = set()
    matches: list[str | None] = [None] * len(provisions)
    candidates = Entry.objects.order_by("created_at", "id")
    # Texts entries had before a curator corrected, merged or split them still find those entries.
    known = KnownText.objects.order_by("id")
    prints = [fingerprint(provision.text) for provision in provisions]
    exact: dict[tuple, list[str]] = {}
    known_as: dict[tuple, list[str]] = {}  # texts entries had before a curation, by the entry they lead to now
    for rows, found in (
        (
            candidates.filter(language=language, fingerprint__in=set(prints)).values_list(
                "id", "kind", "meeting", "fingerprint"
            ),
            exact,
        ),
        (
            known.filter(language=language, fingerprint__in=set(prints)).values_list(
                "provision_id", "kind", "meeting", "fingerprint"
            ),
            known_as,
        ),
    ):
        for entry, kind, meeting, print_hex in rows:
            found.setdefault((kind, meeting, print_hex), []).append(entry)
    for i, provision in enumerate(provisions):
        key = (provision.kind, provision.meeting, prints[i])
        matches[i] = next((entry for entry in exact.get(key, []) if entry not in taken), None)
        if matches[i] is None:
            # two provisions of one document merged by a curator are one entry: both of them find it again
            matches[i] = next(iter(known_as.get(key, [])), None)
        if matches[i] is not None:
            taken.add(matches[i])
    groups: dict[tuple[str, int], dict[str, str]] = {}
    for i, provision in enumerate(provisions):
        if matches[i] is not None or provision.meeting is None:
            continue
        key = (provision.kind, provision.meeting)
        if key not in groups:
            same = {"kind": provision.kind, "language": language, "meeting": provision.meeting}
            texts = [
                *candidates.filter(**same).values_list("id", "text"),
                *known.filter(**same).values_list("provision_id", "text"),
            ]
            groups[key] = [(entry, text, folded_entry(text)) for entry, text in texts]
        group = {n: folded for n, (entry, _, folded) in enumerate(groups[key]) if entry not in taken}
        near = process.extract(
            folded_entry(provision.text), group, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO, limit=FUZZY_CANDIDATES
        )
        sense = sense_words(provision.text)
        # extract over a dict answers (value, score, key), nearest first
        same_sense = (groups[key][n][0] for _, _, n in near if sense_words(groups[key][n][1]) == sense)
        matches[i] = next(same_sense, None)
        if matches[i] is not None:
            taken.add(matches[i])
    return matches
