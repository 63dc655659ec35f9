"""Recording milestones: an immutable snapshot of the whole workload."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from catalog.choices import Risk
from mllens.errors import DomainError, invalid, problem
from reviews import risk
from reviews.models import Milestone, MilestoneReview, Workload
from reviews.models.counts import COUNT_FIELDS
from reviews.models.milestone import MAX_MILESTONES
from reviews.selectors.milestones import snapshot_reviews
from reviews.selectors.workloads import workload_data
from reviews.services.activity import activity_record
from reviews.services.locks import workload_lock


def _counts_columns(counts: dict[str, int]) -> dict[str, int]:
    return {COUNT_FIELDS[Risk(key)]: value for key, value in counts.items()}


@transaction.atomic
def milestone_create(*, workload: Workload, name: str, actor) -> Milestone:
    """Record milestone number N+1 named ``name`` (3-100 characters, unique in the workload).

    A constant number of queries whatever the size of the workload.
    """
    name = (name or "").strip()
    if not 3 <= len(name) <= 100:
        raise invalid(
            problem("LENGTH", "3 to 100 characters.", "name"),
            message="A milestone name has 3 to 100 characters.",
        )
    # The row lock numbers concurrent milestones of one workload one after the other.
    workload = workload_lock(workload.pk)
    stats = workload.milestones.aggregate(last=Max("number"))
    number = (stats["last"] or 0) + 1
    if number > MAX_MILESTONES:
        raise DomainError(
            code="LIMIT",
            message=f"A workload keeps at most {MAX_MILESTONES} milestones.",
            status=409,
        )
    reviews = snapshot_reviews(workload)
    totals = risk.empty_counts()
    for review in reviews:
        for key, value in review["risk_counts"].items():
            totals[key] += value
    try:
        with transaction.atomic():
            milestone = Milestone.objects.create(
                workload=workload,
                number=number,
                name=name,
                workload_data=workload_data(workload),
                created_by=actor,
                **_counts_columns(totals),
            )
    except IntegrityError:
        existing = workload.milestones.filter(name=name).values_list("number", flat=True).first()
        raise DomainError(
            code="DUPLICATE_NAME",
            message=f"Milestone {existing} is named {name!r} already.",
            errors=[problem("DUPLICATE", f"Used by milestone {existing}.", "name")],
            status=409,
            # A retried request learns which milestone it already made (the view adds the URL).
            extra={"milestone": {"number": existing}},
        ) from None
    MilestoneReview.objects.bulk_create(
        MilestoneReview(
            milestone=milestone,
            lens=review["lens"],
            lens_version=review["lens_version"],
            notes=review["notes"],
            pillar_notes=review["pillar_notes"],
            risk_summary=review["risk_summary"],
            answers=review["answers"],
            improvement_items=review["improvement_items"],
            **_counts_columns(review["risk_counts"]),
        )
        for review in reviews
    )
    activity_record(
        workload=workload,
        actor=actor,
        verb="milestone.create",
        obj=milestone,
        summary=f"recorded milestone {number} {name!r}",
    )
    return milestone
