"""Reads for milestones: the list, states to compare, and the risk trend."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.http import Http404

from catalog.models import Choice, Phase, Pillar, Question
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


def _catalogues(version_ids: set[int]) -> tuple[dict, dict, dict]:
    """Questions (with choices), pillar names and phase names per lens version."""
    questions: dict[int, dict] = defaultdict(dict)
    by_id = {}
    # Plain rows, not model instances: a 200-question lens has thousands of choices.
    rows = Question.objects.filter(lens_version_id__in=version_ids).values_list(
        "pk", "lens_version_id", "key", "title", "pillar__key", "phase__key"
    )
    for pk, version_id, key, title, pillar, phase in rows:
        entry = {"title": title, "pillar": pillar, "phase": phase or "", "choices": {}}
        questions[version_id][key] = entry
        by_id[pk] = entry
    choices = (
        Choice.objects.filter(question__lens_version_id__in=version_ids)
        .order_by("order")
        .values_list("question_id", "key", "title", "best_practice_id", "order", "is_none")
    )
    for question_id, key, title, best_practice_id, order, is_none in choices:
        by_id[question_id]["choices"][key] = {
            "title": title,
            "best_practice_id": best_practice_id,
            "order": order,
            "is_none": is_none,
        }
    pillars: dict[int, dict] = defaultdict(dict)
    for p in Pillar.objects.filter(lens_version_id__in=version_ids).order_by("order"):
        pillars[p.lens_version_id][p.key] = p.name
    phases: dict[int, dict] = defaultdict(dict)
    for p in Phase.objects.filter(lens_version_id__in=version_ids, places_questions=True).order_by(
        "order"
    ):
        phases[p.lens_version_id][p.key] = p.name
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


def workload_compare(workload: Workload, *, base, target) -> dict:
    """Compare milestone ``base`` with milestone ``target`` or ``"current"``.

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
    questions, pillars, phases = _catalogues({r["lens_version_id"] for r in [*before, *after]})
    for review in [*before, *after]:
        review["pillar_names"] = pillars[review["lens_version_id"]]
        review["phase_names"] = phases[review["lens_version_id"]]
    result = compare_states(before, after, questions)
    return {"base": _describe(base_milestone), "target": _describe(target_milestone), **result}


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
