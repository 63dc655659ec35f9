"""Answering a question: validation, optimistic concurrency, risk, counts and history."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from catalog.choices import RISK_TO_FORMAT, Risk
from mllens.errors import ConflictError
from reviews import answer_rules, risk
from reviews.choices import ChoiceStatus, NotApplicableReason
from reviews.models import Answer, AnswerChange, ImprovementItem, LensReview, Workload
from reviews.models.counts import COUNT_FIELDS
from reviews.services.activity import activity_record
from reviews.services.locks import workload_hold

UNSET: Any = object()
IN_PLAN = {Risk.HIGH.value, Risk.MEDIUM.value}


def answer_state(answer: Answer) -> dict:
    """The answer's content as plain data: what history rows and 409 bodies carry."""
    return {
        "selected_choices": list(answer.selected_choices),
        "choice_statuses": dict(answer.choice_statuses),
        "is_applicable": answer.is_applicable,
        "reason": answer.reason,
        "notes": answer.notes,
        "risk": answer.risk,
        "version": answer.version,
    }


def _apply_statuses(
    selected: list[str], not_applicable: dict, statuses: dict, known: dict[str, bool]
) -> tuple[list[str], dict]:
    problems = answer_rules.unknown_choice_problems(
        known, "choice_statuses", ((key, key) for key in statuses)
    )
    marked = {
        key: update.get("notes", "")
        for key, update in statuses.items()
        if update["status"] == ChoiceStatus.NOT_APPLICABLE and key in known
    }
    problems += answer_rules.not_applicable_problems(known, marked)
    if problems:
        raise answer_rules.invalid(problems)
    selected = list(selected)
    not_applicable = dict(not_applicable)
    for key, update in statuses.items():
        status = update["status"]
        if key in selected:
            selected.remove(key)
        not_applicable.pop(key, None)
        if status == ChoiceStatus.SELECTED:
            selected.append(key)
        elif status == ChoiceStatus.NOT_APPLICABLE:
            not_applicable[key] = {
                "reason": update.get("reason") or NotApplicableReason.NONE.value,
                "notes": update.get("notes", ""),
            }
    return selected, not_applicable


@transaction.atomic
def answer_update(
    *,
    review: LensReview,
    question_key: str,
    actor,
    version: int,
    selected_choices: list[str] = UNSET,
    choice_statuses: dict = UNSET,
    is_applicable: bool = UNSET,
    reason: str = UNSET,
    notes: str = UNSET,
) -> Answer:
    """Apply a change to one answer if ``version`` is still its current version.

    ``selected_choices`` replaces the selection; ``choice_statuses`` then sets single
    choices (SELECTED, NOT_APPLICABLE with reason and notes, UNSELECTED). Raises
    ``ConflictError`` (409, with the current answer) for a stale ``version`` and
    ``DomainError`` (400) for unknown choices or "None of these" mixed with others.
    An accepted change bumps the version, writes a history row and, if the risk moved,
    moves the question between the stored counts.
    """
    # The review before the answer, the order lens_review_delete takes them in: the other
    # order deadlocks against a concurrent removal of the lens. It also serializes the
    # read-modify-write of the review's risk_summary.
    workload_hold(review.workload_id)
    locked = LensReview.objects.select_for_update().only("id", "risk_summary")
    # order_by("pk"): the default ordering joins the workload, which FOR UPDATE would lock
    # exclusively, against the shared hold above (a deadlock between two answer writes).
    locked = locked.filter(pk=review.pk).order_by("pk").first()
    if locked is None:
        raise Http404("This lens is not applied to the workload.")
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("question")
        .filter(lens_review=review, question_key=question_key)
        .first()
    )
    if answer is None:
        raise Http404("No such question in this review.")
    if version != answer.version:
        raise ConflictError("The answer changed since you loaded it.", current=answer_state(answer))
    known = {choice.key: choice.is_none for choice in answer.question.choices.all()}
    before = answer_state(answer)

    selected = list(answer.selected_choices)
    not_applicable = dict(answer.choice_statuses)
    if selected_choices is not UNSET:
        entries = ((str(i), key) for i, key in enumerate(selected_choices))
        if problems := answer_rules.unknown_choice_problems(known, "selected_choices", entries):
            raise answer_rules.invalid(problems)
        selected = list(dict.fromkeys(selected_choices))
        for key in selected:
            not_applicable.pop(key, None)
    if choice_statuses is not UNSET:
        selected, not_applicable = _apply_statuses(selected, not_applicable, choice_statuses, known)
    if problems := answer_rules.combination_problems(known, selected, not_applicable):
        raise answer_rules.invalid(problems)
    # Keep the lens's order of choices, whatever order the client sent.
    selected = answer_rules.in_lens_order(known, selected)

    if is_applicable is not UNSET:
        answer.is_applicable = is_applicable
    if reason is not UNSET:
        answer.reason = reason or ""
    answer.reason = answer_rules.reason_for(answer.is_applicable, answer.reason)
    if notes is not UNSET:
        if problems := answer_rules.notes_problems(notes):
            raise answer_rules.invalid(problems)
        answer.notes = notes
    answer.selected_choices = selected
    answer.choice_statuses = {key: not_applicable[key] for key in known if key in not_applicable}

    question = answer.question
    rules = risk.rules_for(
        question.pk, tuple((r.condition, _format_risk(r.risk)) for r in question.risk_rules.all())
    )
    new_risk = risk.answer_risk(rules=rules, selected=selected, is_applicable=answer.is_applicable)
    old_risk = answer.risk
    answer.risk = new_risk

    after = answer_state(answer)
    if {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }:
        if answer.needs_review:
            # Confirming a flagged answer as it stands is answering it: the flag goes, but
            # the content did not change, so no new version and no history.
            answer.needs_review = False
            answer.save(update_fields=["needs_review"])
        return answer  # nothing changed: no new version, no history
    answer.version += 1
    answer.needs_review = False
    answer.updated_by = actor
    answer.updated_at = timezone.now()
    answer.save()
    after["version"] = answer.version
    AnswerChange.objects.create(
        answer=answer, version=answer.version, actor=actor, before=before, after=after
    )
    if old_risk != new_risk:
        _move_counts(locked, review.workload_id, answer, old_risk, new_risk)
    _untrack_left_items(review, answer)
    activity_record(
        workload=review.workload,
        actor=actor,
        verb="answer.update",
        obj=answer,
        summary=f"answered {question_key}: {Risk(new_risk).label.lower()}",
        data={"question": question_key, "version": answer.version, "risk": new_risk},
    )
    return answer


def _format_risk(value: str) -> str:
    return RISK_TO_FORMAT[Risk(value)]


def _move_counts(locked: LensReview, workload_id: int, answer: Answer, old: str, new: str) -> None:
    """Move one question between risk levels in the review's and the workload's counts.

    ``locked`` is the review row read under ``select_for_update``, so its summary is current.
    """
    summary = locked.risk_summary
    risk.move(summary, answer.pillar_key, answer.phase_key, old, new)
    old_field, new_field = COUNT_FIELDS[Risk(old)], COUNT_FIELDS[Risk(new)]
    LensReview.objects.filter(pk=locked.pk).update(
        risk_summary=summary,
        **{old_field: F(old_field) - 1, new_field: F(new_field) + 1},
        updated_at=timezone.now(),
    )
    Workload.objects.filter(pk=workload_id).update(
        **{old_field: F(old_field) - 1, new_field: F(new_field) + 1},
        updated_at=timezone.now(),
    )


def _untrack_left_items(review: LensReview, answer: Answer) -> None:
    """Drop the tracking (owner, due date, status, note) of items that left the plan.

    Tracking lives as long as its item: a best practice that was selected, marked not
    applicable, or whose question is no longer HIGH or MEDIUM is out of the plan, and if it
    comes back later it starts afresh (OPEN) instead of showing a stale "done".
    """
    items = ImprovementItem.objects.filter(lens_review=review, question_key=answer.question_key)
    if answer.risk in IN_PLAN:
        items = items.filter(choice_key__in=[*answer.selected_choices, *answer.choice_statuses])
    items.delete()
