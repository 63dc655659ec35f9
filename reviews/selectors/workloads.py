"""Workloads as a user may list them."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from reviews.models import (
    LensReview,
    Workload,
)
from reviews.permissions import workloads_for_user
from reviews.services.workloads import EDITABLE_FIELDS


def workload_list_for_user(
    user, *, name: str = "", environment: str = "", lens: str = "", has_high_risks=None
) -> QuerySet[Workload]:
    """The workloads ``user`` may read, with their lens reviews, filtered.

    Two queries whatever the number of workloads: the page and its lens reviews.
    """
    workloads = workloads_for_user(user)
    if name:
        workloads = workloads.filter(name__icontains=name)
    if environment:
        workloads = workloads.filter(environment=environment)
    if lens:
        workloads = workloads.filter(lens_reviews__lens__slug=lens)
    if has_high_risks is not None:
        workloads = (
            workloads.filter(high_count__gt=0) if has_high_risks else workloads.filter(high_count=0)
        )
    # The lens document (150 KB for the ML Lens) is not needed to list workloads.
    reviews = (
        LensReview.objects.select_related("lens", "lens_version")
        .defer("lens_version__document", "risk_summary")
        .order_by("id")
    )
    return workloads.prefetch_related(Prefetch("lens_reviews", queryset=reviews)).order_by(
        "-updated_at", "-id"
    )


def workload_data(workload: Workload) -> dict:
    return {name: getattr(workload, name) for name in EDITABLE_FIELDS}
