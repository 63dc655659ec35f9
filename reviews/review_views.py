"""The review page: answering one lens review of a workload in the browser.

The page is a server-rendered skeleton with the lens review's summary and the review
vocabulary (``{% review_vocabulary %}``) embedded as JSON; ``static/js/review.js`` loads the
answers through the API and does the rest.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from reviews.permissions import Action, allowed_actions, can, workload_get_for_user
from reviews.selectors.comments import mention_candidates, questions_assigned_to
from reviews.selectors.lens_reviews import lens_review_get, review_body
from reviews.selectors.snapshots import milestone_review_get


def _workload_url(workload_id: int) -> str:
    try:
        return reverse("workload-page", args=[workload_id])
    except NoReverseMatch:  # the workload page is wired separately
        return reverse("dashboard")


@login_required
def review_page(request, workload_id: int, slug: str):
    """One lens review: live and editable for contributors, read-only for readers and
    for a milestone (``?milestone=<number>``); 404 for outsiders and unapplied lenses."""
    workload, role = workload_get_for_user(request.user, workload_id)
    number = request.GET.get("milestone") or None
    if number is not None:
        review = milestone_review_get(workload, number, slug)
        milestone = review.milestone
        summary = review_body(review, live=False)
    else:
        review = lens_review_get(workload, slug)
        milestone = None
        summary = review_body(review)
    can_edit = can(role, Action.ANSWER)
    review_api = reverse("api-review-detail", args=[workload.pk, slug])
    context = {
        "workload": workload,
        "review": review,
        "slug": slug,
        "role": role,
        "allowed": allowed_actions(role),
        "milestone": milestone,
        "read_only": milestone is not None or not can_edit,
        "reader": not can_edit,
        "can_comment": milestone is None and can(role, Action.COMMENT),
        "mentionable": [] if milestone else mention_candidates(workload),
        "assigned_to_me": list(
            questions_assigned_to(request.user)
            .filter(lens_review__workload=workload, lens_review__lens__slug=slug)
            .values_list("question_key", flat=True)
        ),
        "summary": summary,
        "workload_url": _workload_url(workload.pk),
        "api": {
            "review": review_api,
            "answers": review_api + "answers/",
            "improvements": review_api + "improvements/",
            "members": reverse("api-member-list", args=[workload.pk]),
        },
    }
    return render(request, "reviews/review.html", context)
