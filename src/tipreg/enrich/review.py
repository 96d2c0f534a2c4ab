"""Which theme labels a curator should check first: the chance that an item's published themes are wrong there.

A label's own confidence says little where most labels share one (a theme found by one cue is 0.75, right about
four times in five): the classifier's confidence in the same theme separates the right ones from the wrong ones
better (bench/review_queue.py). So a rule's theme is ranked by its confidence averaged with the classifier's, and
an item with no theme comes first. The classifier's own themes for what the rules missed are not listed: on
texts it has not seen they are right too rarely to be worth a curator's time (the bench). Themes only: on the hand-labelled sets every addressee and strength the rules give at
their lowest confidence is right, and an item without either has none in the gold labels too. Themes a curator
confirmed or corrected, and those a sub-item inherits from its lead (checked there), are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Checks below this chance of an error are left out: themes right four times in five or more (two cues or more,
# or one the classifier agrees with).
LEAST_DOUBT = 0.2


@dataclass(frozen=True)
class Check:
    """One thing to check on an item: a theme that may be wrong, or no theme at all."""

    kind: str  # "label", "missing"
    theme: str | None  # the label; None when the item has no theme
    doubt: float  # the chance the published themes are wrong here, 0-1: the queue's order
    confidence: float | None = None  # the label's own (rule, model)
    method: str = ""  # the label's method
    classifier: float | None = None  # the classifier's calibrated confidence in this theme, when scored


def theme_checks(
    themes: list[dict[str, Any]],
    classifier: dict[str, float] | None = None,
    settled: bool = False,
    expects_theme: bool = True,
) -> list[Check]:
    """The checks of one item's published themes ({value, confidence, method} each), most doubtful first;
    `classifier`: its calibrated confidence per sub-theme for the item's text (None: not scored yet); `settled`:
    a curator's correction or confirmation of the item's themes is in force (nothing to ask then);
    `expects_theme`: no theme is a check (a recommendation or operative paragraph; a preambular paragraph that
    only takes note of a report has none)."""
    if settled:
        return []
    found = [Check("missing", None, 1.0)] if expects_theme and not themes else []
    found += [label_check(label, classifier) for label in themes if label["method"] != "inherited"]
    return sorted((check for check in found if check.doubt >= LEAST_DOUBT), key=lambda check: -check.doubt)


def label_check(label: dict[str, Any], classifier: dict[str, float] | None) -> Check:
    """One theme label's check, whatever its doubt (the queue keeps those of LEAST_DOUBT or more)."""
    confidence = float(label["confidence"])
    method = str(label["method"])
    agreement = None if classifier is None else classifier.get(label["value"], 0.0)
    # A model's label is the classifier's confidence already; a rule's is weighed with the classifier's view.
    right = confidence if agreement is None or method.startswith("model:") else (confidence + agreement) / 2
    return Check("label", label["value"], round(1.0 - right, 2), confidence, method, agreement)
