"""Lens reviews of a workload: one review, its compiled questions, its representation."""

from __future__ import annotations

from django.http import Http404

from catalog.lensdiff import lens_diff
from catalog.question_tree import QuestionTree, question_tree
from catalog.selectors import latest_published, latest_published_by_lens
from reviews.api.serializers import LensReviewSerializer
from reviews.models import (
    LensReview,
    Workload,
)

UNREAD = object()


def lens_review_get(workload: Workload, slug: str) -> LensReview:
    review = (
        LensReview.objects.select_related("lens", "lens_version", "workload")
        .defer("lens_version__document")
        .filter(workload=workload, lens__slug=slug)
        .first()
    )
    if review is None:
        raise Http404("This lens is not applied to the workload.")
    return review


def review_question_tree(review: LensReview) -> QuestionTree:
    """The compiled questions of the review's lens version (cached once it is published)."""
    version = review.lens_version
    return question_tree(version.pk, status=version.status, digest=version.document_sha256)


def upgrade_available(review: LensReview, latest=UNREAD) -> dict | None:
    """The newer published version of the review's lens, with what changed, if any
    (``latest``: the lens's latest published version when the caller has read it)."""
    if latest is UNREAD:
        latest = latest_published(review.lens)
    if latest is None or latest.pk == review.lens_version_id:
        return None
    if latest.published_at <= review.lens_version.published_at:
        return None
    diff = lens_diff(review.lens_version.document, latest.document)
    return {"version": latest.version, "is_major": latest.is_major, "summary": diff["summary"]}


def review_bodies(reviews) -> list[dict]:
    """``review_body`` of several live reviews, their lenses' latest versions read at once."""
    reviews = list(reviews)
    latest = latest_published_by_lens(review.lens_id for review in reviews)
    return [review_body(review, latest=latest.get(review.lens_id)) for review in reviews]


def review_body(review, *, live: bool = True, latest=UNREAD) -> dict:
    version = review.lens_version
    # Questions are grouped only by phases that hold some (filtered in Python: prefetched).
    phases = [phase for phase in version.phases.all() if phase.places_questions]
    context = {"pillars": version.pillars.all(), "phases": phases}
    body = LensReviewSerializer(review, context=context).data
    if live:
        body["upgrade_available"] = upgrade_available(review, latest)
    else:
        body["milestone"] = review.milestone.number
    return body
