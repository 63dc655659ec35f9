"""The per-pillar count rows of lens reviews (``PillarRiskCounts``), written from summaries.

The answer save moves one question in one row (``reviews.services.answers``); every write
that sets a review's ``risk_summary`` wholesale (creating a review, upgrading it, importing
a workload document, restoring a backup) rewrites the review's rows from the new summary
with :func:`pillar_counts_write`, inside the caller's transaction and under its locks.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog.choices import Risk
from reviews.models import LensReview, PillarRiskCounts
from reviews.models.counts import COUNT_FIELDS


def pillar_count_rows(review: LensReview) -> list[PillarRiskCounts]:
    """The rows ``review``'s summary says it has: one per pillar of its summary."""
    return [
        PillarRiskCounts(
            lens_review_id=review.pk,
            pillar_key=key,
            workload_id=review.workload_id,
            lens_id=review.lens_id,
            lens_version_id=review.lens_version_id,
            **{COUNT_FIELDS[Risk(level)]: value for level, value in counts.items()},
        )
        for key, counts in (review.risk_summary or {}).get("pillars", {}).items()
    ]


def pillar_counts_write(reviews: Iterable[LensReview], *, new: bool = False) -> None:
    """Replace the pillar rows of ``reviews`` by their summaries' (two statements; one for
    ``new`` reviews, which have none yet)."""
    reviews = list(reviews)
    if not new:
        PillarRiskCounts.objects.filter(lens_review__in=[r.pk for r in reviews]).delete()
    PillarRiskCounts.objects.bulk_create(
        [row for review in reviews for row in pillar_count_rows(review)], batch_size=2_000
    )
