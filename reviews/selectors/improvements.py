"""The improvement plan of a lens review."""

from __future__ import annotations

from catalog.models import Choice
from reviews import risk
from reviews.choices import ItemStatus
from reviews.models import (
    ImprovementItem,
    LensReview,
)
from reviews.selectors.answers import answers_for_review


def improvement_plan(review: LensReview, *, status: str = "") -> list[dict]:
    """The live improvement plan of a lens review (see ``improvement_plan_from``)."""
    answers = answers_for_review(review).filter(risk__in=risk.PLAN_RISKS)
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
        question = answer.question
        choices = {choice.key: choice for choice in question.choices.all()}
        keys = risk.plan_choice_keys(
            known={key: choice.is_none for key, choice in choices.items()},
            risk=answer.risk,
            selected=answer.selected_choices,
            not_applicable=answer.choice_statuses,
        )
        entries = [_item(choices[key], tracking.get((answer.question_key, key))) for key in keys]
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
                    risk.PLAN_RISKS.index(answer.risk),
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
    return {
        "choice_key": choice.key,
        "best_practice_id": choice.best_practice_id,
        "title": choice.title,
        "improvement_plan_text": choice.improvement_plan_text,
        "improvement_plan_url": choice.improvement_plan_url,
        "helpful_resource_url": choice.helpful_resource_url,
        "additional_resources": choice.additional_resources,
        **item_tracking(tracked),
    }


def item_tracking(tracked: ImprovementItem | None) -> dict:
    """The tracking fields of a plan item (an untracked item is OPEN, with no owner)."""
    owner = tracked.owner if tracked else None
    return {
        "owner": {"id": owner.pk, "username": owner.get_username()} if owner else None,
        "due_date": tracked.due_date if tracked else None,
        "status": tracked.status if tracked else ItemStatus.OPEN.value,
        "status_label": ItemStatus(tracked.status if tracked else ItemStatus.OPEN).label,
        "note": tracked.note if tracked else "",
        "version": tracked.version if tracked else 0,
    }
