"""Reports: the jobs a user may see, and the state a report reads (one lens review, live or
at a milestone)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from catalog.models import Lens, Pillar
from reviews.models import ImprovementItem, JobStatus, MilestoneReview, ReportJob, Workload
from reviews.permissions import workloads_for_user
from reviews.selectors import snapshots
from reviews.selectors.answers import answers_for_review
from reviews.selectors.lens_reviews import lens_review_get
from reviews.selectors.milestones import ComparedStates
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
    """The job's lens review, live or at milestone ``milestone_number``, with its answers
    and improvement items."""
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
            as_of=_as_of(milestone),
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
            as_of=_as_of(None),
        )
    state.pillars = list(state.version.pillars.all())
    state.phases = list(state.version.phases.filter(places_questions=True))
    return state


def compared_review_state(job: ReportJob, states: ComparedStates) -> ReviewState:
    """The job's lens review on the target side of a comparison (a milestone, or now),
    without answers, from what the comparison read: nothing is read again."""
    review = next((r for r in states.after if r["lens"] == job.lens.slug), None)
    if review is None:
        raise Http404("This lens is not applied to the workload.")
    milestone = states.target
    version = states.versions[review["lens_version_id"]]
    return ReviewState(
        version=version,
        workload=milestone.workload_data if milestone else workload_data(states.workload),
        notes=review["notes"],
        pillar_notes=review["pillar_notes"],
        risk_counts=review["risk_counts"],
        risk_summary=review["risk_summary"],
        answers=[],
        items=[],
        as_of=_as_of(milestone),
        milestone=milestone,
        pillars=list(states.pillars[version.pk]),
        phases=list(states.phases[version.pk]),
    )


def _as_of(milestone) -> str:
    if milestone is None:
        return f"Current state, {timezone.now():%Y-%m-%d %H:%M} UTC"
    return f"Milestone {milestone.number}: {milestone.name} ({_taken(milestone)})"


def _taken(milestone) -> str:
    if milestone.recorded_in_aws_at:
        return f"recorded in the AWS tool {milestone.recorded_in_aws_at:%Y-%m-%d}"
    return f"{milestone.created_at:%Y-%m-%d}"


def _queued_ahead() -> Subquery:
    """How many queued jobs (anyone's) a worker takes before this one: older ones first."""
    ahead = ReportJob.objects.filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")),
        status=JobStatus.QUEUED,
    )
    return Coalesce(
        Subquery(ahead.order_by().values("status").annotate(n=Count("pk")).values("n")[:1]), 0
    )


def report_jobs_for(user) -> QuerySet[ReportJob]:
    """The report jobs of the workloads ``user`` may read, each with its ``queued_ahead``."""
    return (
        ReportJob.objects.filter(workload__in=workloads_for_user(user))
        .select_related("lens", "requested_by")
        .annotate(queued_ahead=_queued_ahead())
    )


def report_job_get(user, job_id) -> ReportJob:
    job = report_jobs_for(user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such report.")
    return job


def milestone_exists(workload: Workload, number) -> bool:
    return workload.milestones.filter(number=int(number)).exists()


def lens_at(workload: Workload, slug: str, milestone) -> Lens | None:
    """The lens ``slug`` if it is applied to the workload now (``milestone`` empty or
    ``"current"``) or was at milestone number ``milestone``."""
    if milestone in (None, "", "current"):
        return Lens.objects.filter(slug=slug, reviews__workload=workload).first()
    review = (
        MilestoneReview.objects.filter(
            milestone__workload=workload, milestone__number=int(milestone), lens__slug=slug
        )
        .select_related("lens")
        .first()
    )
    return review.lens if review else None


def lens_pillar_keys(lens: Lens) -> set[str]:
    """The pillar keys of every version of ``lens``."""
    return set(Pillar.objects.filter(lens_version__lens=lens).values_list("key", flat=True))
