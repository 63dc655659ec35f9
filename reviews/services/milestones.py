"""Recording milestones: an immutable snapshot of the whole workload."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from catalog.choices import Risk
from mllens.errors import DomainError, ErrorDetail
from reviews import risk
from reviews.models import Answer, ImprovementItem, Milestone, MilestoneReview, Workload
from reviews.models.counts import COUNT_FIELDS
from reviews.models.milestone import MAX_MILESTONES
from reviews.services.activity import activity_record
from reviews.services.locks import workload_lock
from reviews.services.workloads import EDITABLE_FIELDS

ANSWER_SNAPSHOT_FIELDS = (
    "question_key",
    "pillar_key",
    "phase_key",
    "order",
    "selected_choices",
    "choice_statuses",
    "is_applicable",
    "reason",
    "notes",
    "risk",
    "version",
    "needs_review",
    "updated_at",
    "updated_by_id",
)


def _counts_columns(counts: dict[str, int]) -> dict[str, int]:
    return {COUNT_FIELDS[Risk(key)]: value for key, value in counts.items()}


def snapshot_reviews(workload: Workload) -> list[dict]:
    """Every lens review of the workload as plain data, counts computed from its answers.

    Answers of all reviews come from one query (one consistent read), so the counts of a
    snapshot always match its answers, even while others are answering.
    """
    reviews = list(workload.lens_reviews.select_related("lens", "lens_version").order_by("id"))
    answers: dict[int, list[dict]] = {review.pk: [] for review in reviews}
    # Usernames are copied too, so renaming or deleting a user leaves the milestone as it was.
    rows = (
        Answer.objects.filter(lens_review__workload=workload)
        .order_by("order")
        .values("lens_review_id", *ANSWER_SNAPSHOT_FIELDS, "updated_by__username")
    )
    for row in rows:
        review_id = row.pop("lens_review_id")
        row["updated_by_username"] = row.pop("updated_by__username")
        row["updated_at"] = row["updated_at"].isoformat() if row["updated_at"] else None
        answers[review_id].append(row)
    items: dict[int, list[dict]] = {review.pk: [] for review in reviews}
    for item in (
        ImprovementItem.objects.filter(lens_review__workload=workload)
        .order_by("question_key", "choice_key")
        .values(
            "lens_review_id",
            "question_key",
            "choice_key",
            "owner_id",
            "owner__username",
            "due_date",
            "status",
            "note",
        )
    ):
        review_id = item.pop("lens_review_id")
        item["owner_username"] = item.pop("owner__username")
        item["due_date"] = item["due_date"].isoformat() if item["due_date"] else None
        items[review_id].append(item)
    snapshot = []
    for review in reviews:
        counts = risk.empty_counts()
        for answer in answers[review.pk]:
            counts[answer["risk"]] += 1
        snapshot.append(
            {
                "review": review,
                "lens": review.lens,
                "lens_version": review.lens_version,
                "notes": review.notes,
                "pillar_notes": review.pillar_notes,
                "answers": answers[review.pk],
                "improvement_items": items[review.pk],
                "risk_summary": risk.summarize(answers[review.pk]),
                "risk_counts": counts,
            }
        )
    return snapshot


def workload_data(workload: Workload) -> dict:
    return {name: getattr(workload, name) for name in EDITABLE_FIELDS}


@transaction.atomic
def milestone_create(*, workload: Workload, name: str, actor) -> Milestone:
    """Record milestone number N+1 named ``name`` (3-100 characters, unique in the workload).

    A constant number of queries whatever the size of the workload.
    """
    name = (name or "").strip()
    if not 3 <= len(name) <= 100:
        raise DomainError(
            code="VALIDATION_ERROR",
            message="A milestone name has 3 to 100 characters.",
            errors=[ErrorDetail("LENGTH", "3 to 100 characters.", field="name", pointer="/name")],
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
        raise DomainError(
            code="DUPLICATE_NAME",
            message=f"A milestone named {name!r} exists already.",
            errors=[
                ErrorDetail(
                    "DUPLICATE", "Used by another milestone.", field="name", pointer="/name"
                )
            ],
            status=409,
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
