"""Reads for milestones: the list, states to compare, and the risk trend."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from catalog.models import LensVersion, Phase, Pillar
from catalog.question_tree import question_tree
from reviews import risk
from reviews.compare import compare_states
from reviews.models import Answer, ImprovementItem, Milestone, MilestoneReview, Workload
from reviews.selectors.snapshots import milestone_get


def milestones_of(workload: Workload):
    return workload.milestones.select_related("created_by").order_by("number")


# A lens version's document is large and never shown here; a list needs no answers either.
SNAPSHOT_ONLY = ("answers", "improvement_items", "risk_summary", "notes", "pillar_notes")


def milestones_with_reviews(queryset, *, whole: bool = True):
    """Milestones with their author and lens reviews (without their snapshots unless
    ``whole``): three queries whatever the number."""
    reviews = MilestoneReview.objects.select_related("lens", "lens_version").defer(
        "lens_version__document", *(() if whole else SNAPSHOT_ONLY)
    )
    return queryset.select_related("created_by").prefetch_related(
        Prefetch("reviews", queryset=reviews.order_by("id"))
    )


def milestone_detail_get(workload: Workload, number) -> Milestone:
    """Milestone ``number`` of the workload with all it recorded (404 if there is none)."""
    milestone = milestone_get(workload, number)
    return milestones_with_reviews(Milestone.objects.filter(pk=milestone.pk)).get()


def _catalogues(versions: dict[int, LensVersion]) -> tuple[dict, dict, dict]:
    """Questions (with choices), pillars and phases (placing questions) per lens version
    (by id), in lens order.

    Questions and choices come from the compiled tree (``catalog.question_tree``: no query
    for a published version, which the process has usually compiled already); pillars and
    phases are one query each for all the versions."""
    questions: dict[int, dict] = {}
    for version_id, version in versions.items():
        tree = question_tree(version_id, status=version.status, digest=version.document_sha256)
        questions[version_id] = {
            key: {
                "title": node.title,
                "pillar": node.pillar_key,
                "phase": node.phase_key,
                "choices": {
                    choice.key: {
                        "title": choice.title,
                        "best_practice_id": choice.best_practice_id,
                        "order": order,
                        "is_none": choice.is_none,
                    }
                    for order, choice in enumerate(node.choices, start=1)
                },
            }
            for key, node in tree.questions.items()
        }
    pillars: dict[int, list[Pillar]] = defaultdict(list)
    for p in Pillar.objects.filter(lens_version_id__in=versions).order_by("order"):
        pillars[p.lens_version_id].append(p)
    phases: dict[int, list[Phase]] = defaultdict(list)
    for p in Phase.objects.filter(lens_version_id__in=versions, places_questions=True).order_by(
        "order"
    ):
        phases[p.lens_version_id].append(p)
    return questions, pillars, phases


def _state_from_milestone(milestone: Milestone) -> list[dict]:
    reviews = (
        MilestoneReview.objects.filter(milestone=milestone)
        .select_related("lens", "lens_version")
        .defer("lens_version__document")
        .order_by("id")
    )
    return [
        {
            "lens": r.lens.slug,
            "lens_name": r.lens_version.name,
            "lens_version": r.lens_version.version,
            "lens_version_id": r.lens_version_id,
            "version": r.lens_version,
            "notes": r.notes,
            "pillar_notes": r.pillar_notes,
            "answers": r.answers,
            "improvement_items": r.improvement_items,
            "risk_summary": r.risk_summary,
            "risk_counts": r.risk_counts,
        }
        for r in reviews
    ]


def _state_now(workload: Workload) -> list[dict]:
    return [
        {
            "lens": r["lens"].slug,
            "lens_name": r["lens_version"].name,
            "lens_version": r["lens_version"].version,
            "lens_version_id": r["lens_version"].pk,
            "version": r["lens_version"],
            "notes": r["notes"],
            "pillar_notes": r["pillar_notes"],
            "answers": r["answers"],
            "improvement_items": r["improvement_items"],
            "risk_summary": r["risk_summary"],
            "risk_counts": r["risk_counts"],
        }
        for r in snapshot_reviews(workload)
    ]


def _describe(milestone: Milestone | None) -> dict:
    if milestone is None:
        return {"milestone": "current", "name": "Now", "recorded_at": None}
    return {
        "milestone": milestone.number,
        "name": milestone.name,
        "recorded_at": milestone.created_at,
    }


@dataclass
class ComparedStates:
    """What a comparison reads: the two milestones (``target`` None: now), both states (a
    review snapshot per lens, as plain data) and the catalogues of their lens versions."""

    workload: Workload
    base: Milestone
    target: Milestone | None
    before: list[dict]
    after: list[dict]
    versions: dict[int, LensVersion]
    questions: dict[int, dict]
    pillars: dict[int, list[Pillar]]
    phases: dict[int, list[Phase]]


def compared_states(workload: Workload, *, base, target) -> ComparedStates:
    """Read milestone ``base`` and milestone ``target`` or ``"current"``, each once.

    Raises ``Http404`` for a milestone the workload does not have (or no number at all).
    """
    if base in (None, ""):
        raise Http404("Give the base milestone number.")
    base_milestone = milestone_get(workload, base)
    target_milestone = None if target in (None, "", "current") else milestone_get(workload, target)
    before = _state_from_milestone(base_milestone)
    after = (
        _state_now(workload)
        if target_milestone is None
        else _state_from_milestone(target_milestone)
    )
    versions = {r["lens_version_id"]: r["version"] for r in [*before, *after]}
    questions, pillars, phases = _catalogues(versions)
    return ComparedStates(
        workload,
        base_milestone,
        target_milestone,
        before,
        after,
        versions,
        questions,
        pillars,
        phases,
    )


def comparison_of(states: ComparedStates) -> dict:
    """The comparison of two states read by :func:`compared_states` (no query)."""
    for review in [*states.before, *states.after]:
        version = review["lens_version_id"]
        review["pillar_names"] = {p.key: p.name for p in states.pillars[version]}
        review["phase_names"] = {p.key: p.name for p in states.phases[version]}
    result = compare_states(states.before, states.after, states.questions)
    return {"base": _describe(states.base), "target": _describe(states.target), **result}


def workload_compare(workload: Workload, *, base, target) -> dict:
    """Compare milestone ``base`` with milestone ``target`` or ``"current"`` (``Http404``
    for a milestone the workload does not have)."""
    return comparison_of(compared_states(workload, base=base, target=target))


def workload_trend(workload: Workload) -> list[dict]:
    """HIGH/MEDIUM/NONE/NOT_APPLICABLE/UNANSWERED per milestone, then now (one query each)."""
    points = [
        {
            "milestone": m.number,
            "name": m.name,
            "recorded_at": m.created_at,
            "risk_counts": m.risk_counts,
        }
        for m in workload.milestones.order_by("number").only(
            "workload",
            "number",
            "name",
            "created_at",
            "unanswered_count",
            "high_count",
            "medium_count",
            "none_count",
            "not_applicable_count",
        )
    ]
    points.append(
        {
            "milestone": "current",
            "name": "Now",
            "recorded_at": None,
            "risk_counts": workload.risk_counts,
        }
    )
    return points


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


def snapshot_reviews(workload: Workload) -> list[dict]:
    """Every lens review of the workload as plain data, counts computed from its answers.

    Answers of all reviews come from one query (one consistent read), so the counts of a
    snapshot always match its answers, even while others are answering.
    """
    reviews = list(
        workload.lens_reviews.select_related("lens", "lens_version")
        .defer("lens_version__document")
        .order_by("id")
    )
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
            "version",
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
