"""Reads of the reviews app, each starting from what the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from catalog.choices import Risk
from catalog.lensdiff import lens_diff
from catalog.models import Choice, RiskRule
from catalog.question_tree import QuestionTree, question_tree
from catalog.selectors import latest_published
from reviews import activity_feed
from reviews.choices import ItemStatus, NotApplicableReason
from reviews.models import (
    Answer,
    AnswerChange,
    ImprovementItem,
    LensReview,
    Workload,
    WorkloadMember,
)
from reviews.permissions import workloads_for_user

RISK_ORDER = {Risk.HIGH.value: 0, Risk.MEDIUM.value: 1}


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


def members_of(workload: Workload) -> QuerySet[WorkloadMember]:
    return workload.members.select_related("user", "team").order_by("id")


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


def answers_for_review(
    review: LensReview, *, pillar: str = "", phase: str = "", risk: str = ""
) -> QuerySet[Answer]:
    """Answers with their questions, choices and rules: a constant number of queries."""
    answers = Answer.objects.filter(lens_review=review)
    if pillar:
        answers = answers.filter(pillar_key=pillar)
    if phase:
        answers = answers.filter(phase_key=phase)
    if risk:
        answers = answers.filter(risk__in=risk.split(","))
    return (
        answers.select_related("question", "question__pillar", "question__phase", "updated_by")
        .prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("order")),
            Prefetch("question__risk_rules", queryset=RiskRule.objects.order_by("order")),
        )
        .order_by("order")
    )


def review_question_tree(review: LensReview) -> QuestionTree:
    """The compiled questions of the review's lens version (cached once it is published)."""
    version = review.lens_version
    return question_tree(version.pk, status=version.status, digest=version.document_sha256)


def answers_with_tree(
    review: LensReview, *, pillar: str = "", phase: str = "", risk: str = ""
) -> tuple[list[Answer], QuestionTree]:
    """The review's answers (in lens order) and the compiled questions to show them with:
    one query for the answers, none for the questions of a published version."""
    answers = Answer.objects.filter(lens_review=review).select_related("updated_by")
    if pillar:
        answers = answers.filter(pillar_key=pillar)
    if phase:
        answers = answers.filter(phase_key=phase)
    if risk:
        answers = answers.filter(risk__in=risk.split(","))
    return list(answers.order_by("order")), review_question_tree(review)


def answer_get(review: LensReview, question_key: str) -> Answer:
    answer = answers_for_review(review).filter(question_key=question_key).first()
    if answer is None:
        raise Http404("No such question in this review.")
    return answer


def improvement_plan(review: LensReview, *, status: str = "") -> list[dict]:
    """The live improvement plan of a lens review (see ``improvement_plan_from``)."""
    answers = answers_for_review(review).filter(risk__in=[Risk.HIGH, Risk.MEDIUM])
    items = ImprovementItem.objects.filter(lens_review=review).select_related("owner")
    return improvement_plan_from(
        answers=answers,
        items=items,
        pillar_priorities=review.workload.pillar_priorities,
        status=status,
    )


def improvement_plan_from(*, answers, items, pillar_priorities, status: str = "") -> list[dict]:
    """Per HIGH or MEDIUM question, its unselected applicable best practices with their
    guidance and tracking; ordered by risk, then the pillar priorities, then lens order."""
    tracking = {(item.question_key, item.choice_key): item for item in items}
    priorities = {key: index for index, key in enumerate(pillar_priorities or [])}
    statuses = set(status.split(",")) if status else None
    plan = []
    for answer in answers:
        if answer.risk not in RISK_ORDER:
            continue
        question = answer.question
        entries = [
            _item(choice, tracking.get((answer.question_key, choice.key)))
            for choice in question.choices.all()
            if not choice.is_none
            and choice.key not in answer.selected_choices
            and choice.key not in answer.choice_statuses
        ]
        if statuses is not None:
            entries = [entry for entry in entries if entry["status"] in statuses]
        if not entries:
            continue
        plan.append(
            {
                "question_key": answer.question_key,
                "question_title": question.title,
                "pillar": question.pillar.key,
                "pillar_name": question.pillar.name,
                "phase": question.phase.key if question.phase else None,
                "phase_name": question.phase.name if question.phase else None,
                "risk": answer.risk,
                "items": entries,
                "_sort": (
                    RISK_ORDER[answer.risk],
                    priorities.get(question.pillar.key, len(priorities)),
                    answer.order,
                ),
            }
        )
    plan.sort(key=lambda entry: entry["_sort"])
    for entry in plan:
        del entry["_sort"]
    return plan


def _item(choice: Choice, tracked: ImprovementItem | None) -> dict:
    owner = tracked.owner if tracked else None
    return {
        "choice_key": choice.key,
        "best_practice_id": choice.best_practice_id,
        "title": choice.title,
        "improvement_plan_text": choice.improvement_plan_text,
        "improvement_plan_url": choice.improvement_plan_url,
        "helpful_resource_url": choice.helpful_resource_url,
        "additional_resources": choice.additional_resources,
        "owner": {"id": owner.pk, "username": owner.get_username()} if owner else None,
        "due_date": tracked.due_date if tracked else None,
        "status": tracked.status if tracked else ItemStatus.OPEN.value,
        "status_label": ItemStatus(tracked.status if tracked else ItemStatus.OPEN).label,
        "note": tracked.note if tracked else "",
    }


def activity_for(workload: Workload):
    return workload.activity.select_related("actor").order_by("-at", "-id")


def activity_feed_for(workload: Workload, *, limit: int = 15, scan: int = 200) -> list[dict]:
    """The workload's recent activity as feed entries: bursts of changes to one answer by
    one person read as one entry saying what changed (``reviews.activity_feed``).

    Reads the latest ``scan`` rows, their answers' history rows and titles: four queries.
    """
    rows = list(activity_for(workload)[:scan])
    answer_rows = [r for r in rows if r.verb == "answer.update" and r.object_id.isdigit()]
    answer_ids = {int(r.object_id) for r in answer_rows}
    versions = {(int(r.object_id), r.data.get("version")) for r in answer_rows}
    history = {
        (change.answer_id, change.version): change
        for change in AnswerChange.objects.filter(
            answer_id__in=answer_ids, version__in={v for _, v in versions if v}
        ).only("answer_id", "version", "before", "after")
    }
    questions = {
        answer.pk: {
            "title": answer.question.title,
            "choices": {c.key: c.title for c in answer.question.choices.all()},
        }
        for answer in Answer.objects.filter(pk__in=answer_ids)
        .select_related("question")
        .prefetch_related(
            Prefetch(
                "question__choices", queryset=Choice.objects.only("question_id", "key", "title")
            )
        )
    }
    plain = []
    for row in rows:
        entry = {
            "at": row.at,
            "actor": row.actor.get_username() if row.actor else "someone",
            "actor_id": row.actor_id,
            "verb": row.verb,
            "object_id": row.object_id,
            "summary": row.summary,
        }
        if row.verb == "answer.update" and row.object_id.isdigit():
            change = history.get((int(row.object_id), row.data.get("version")))
            entry["answer_id"] = int(row.object_id)
            entry["change"] = {"before": change.before, "after": change.after} if change else None
        plain.append(entry)
    entries = activity_feed.feed_entries(
        plain,
        questions=questions,
        risk_label=lambda value: Risk(value).label if value in Risk.values else "—",
        reason_label=lambda value: (
            NotApplicableReason(value).label if value in NotApplicableReason.values else "no reason"
        ),
    )
    return entries[:limit]


def upgrade_available(review: LensReview) -> dict | None:
    """The newer published version of the review's lens, with what changed, if any."""
    latest = latest_published(review.lens)
    if latest is None or latest.pk == review.lens_version_id:
        return None
    if latest.published_at <= review.lens_version.published_at:
        return None
    diff = lens_diff(review.lens_version.document, latest.document)
    return {"version": latest.version, "is_major": latest.is_major, "summary": diff["summary"]}
