"""The state a report reads: one lens review, live or at a milestone."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from reviews.models import ImprovementItem, ReportJob
from reviews.selectors import snapshots
from reviews.selectors.answers import answers_for_review
from reviews.selectors.lens_reviews import lens_review_get
from reviews.selectors.workloads import workload_data


@dataclass
class ReviewState:
    """One lens review as a report sees it (live or at a milestone)."""

    version: object
    workload: dict
    notes: str
    pillar_notes: dict
    risk_counts: dict
    risk_summary: dict
    answers: list
    items: list
    as_of: str
    milestone: object = None
    pillars: list = field(default_factory=list)
    phases: list = field(default_factory=list)


def review_state(job: ReportJob, milestone_number=None) -> ReviewState:
    workload = job.workload
    slug = job.lens.slug
    if milestone_number:
        review = snapshots.milestone_review_get(workload, milestone_number, slug)
        milestone = review.milestone
        state = ReviewState(
            version=review.lens_version,
            workload=milestone.workload_data,
            notes=review.notes,
            pillar_notes=review.pillar_notes,
            risk_counts=review.risk_counts,
            risk_summary=review.risk_summary,
            answers=snapshots.snapshot_answers(review),
            items=snapshots.snapshot_items(review),
            as_of=f"Milestone {milestone.number}: {milestone.name} ({_taken(milestone)})",
            milestone=milestone,
        )
    else:
        review = lens_review_get(workload, slug)
        state = ReviewState(
            version=review.lens_version,
            workload=workload_data(workload),
            notes=review.notes,
            pillar_notes=review.pillar_notes,
            risk_counts=review.risk_counts,
            risk_summary=review.risk_summary,
            answers=list(answers_for_review(review)),
            items=list(ImprovementItem.objects.filter(lens_review=review).select_related("owner")),
            as_of=f"Current state, {timezone.now():%Y-%m-%d %H:%M} UTC",
        )
    state.pillars = list(state.version.pillars.all())
    state.phases = list(state.version.phases.filter(places_questions=True))
    return state


def _taken(milestone) -> str:
    if milestone.recorded_in_aws_at:
        return f"recorded in the AWS tool {milestone.recorded_in_aws_at:%Y-%m-%d}"
    return f"{milestone.created_at:%Y-%m-%d}"
