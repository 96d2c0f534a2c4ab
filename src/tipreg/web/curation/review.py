"""The curation desk's review page: the themes a curator should check first, from the service `tipreg review`
prints (tipreg.store.labels.review), a page of items at a time."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from tipreg.store.labels.review import ItemReview, review_queue, score_items

PER_PAGE = 50
# Items the classifier has not scored yet that one page view scores (about 8 a second): a curator's corrections
# of a few entries are scored on the next view; a whole new document is ranked by its labels' confidence alone
# until `tipreg review` (or later views) score it.
SCORED_PER_VIEW = 50


@dataclass(frozen=True)
class ReviewPage:
    page: Page  # of ItemReview
    looked_at: int
    flagged: int
    unscored: int


def review_page(meeting: str, number: str | None) -> ReviewPage:
    """One page of the queue; `meeting` a meeting's ordinal or "" for all (anything else: all)."""
    score_items(limit=SCORED_PER_VIEW)
    queue = review_queue(int(meeting) if meeting.isdigit() else None)
    items: list[ItemReview] = queue.items
    return ReviewPage(Paginator(items, PER_PAGE).get_page(number), queue.looked_at, len(items), queue.unscored)
