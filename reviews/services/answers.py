"""Answering a question: validation, optimistic concurrency, risk, counts and history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from catalog.choices import Risk
from catalog.question_tree import question_tree
from mllens.errors import ConflictError, invalid
from mllens.prepared import (
    PreparedQuery,
    RowUpdate,
    row_delete,
    row_insert,
    row_update,
    rows_update,
)
from reviews import answer_rules, risk
from reviews.choices import ChoiceStatus, NotApplicableReason, Role
from reviews.models import (
    Answer,
    AnswerChange,
    ImprovementItem,
    LensReview,
    PillarRiskCounts,
    Workload,
)
from reviews.models.counts import COUNT_FIELDS
from reviews.permissions import (
    Action,
    ensure_can,
    role_expression,
    workload_get_for_user,
    workloads_for_user,
)
from reviews.selectors.lens_reviews import lens_review_get
from reviews.services.activity import activity_record
from reviews.services.counts import pillar_counts_write

UNSET: Any = object()
# What the one locking read of a save loads: the whole answer, and of its review only what
# the write needs (the summary it rewrites, the workload it counts into, the lens version).
_LOADED = (
    *(field.name for field in Answer._meta.concrete_fields),
    "lens_review__risk_summary",
    "lens_review__workload__id",
    "lens_review__lens_version__status",
    "lens_review__lens_version__document_sha256",
)


class AnswerConflict(ConflictError):
    """A stale ``version``: ``answer`` is the current answer (with its ``question_node``)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__("The answer changed since you loaded it.", current=answer_state(answer))
        self.answer = answer


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
        raise invalid(*problems)
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


def answer_update(
    *,
    review: LensReview,
    question_key: str,
    actor,
    version: int,
    **changes: Any,
) -> Answer:
    """Apply a change to one answer of ``review`` if ``version`` is still its current version.

    ``changes`` are those of :func:`answer_save` (which also checks the user's access).
    """
    with transaction.atomic():
        answer = _locked(Answer.objects.filter(lens_review_id=review.pk, question_key=question_key))
        if answer is None:
            if not LensReview.objects.filter(pk=review.pk).exists():
                raise Http404("This lens is not applied to the workload.")
            raise Http404("No such question in this review.")
        return _change(answer, actor=actor, version=version, **changes)


def answer_save(
    *,
    user,
    workload_id: int,
    slug: str,
    question_key: str,
    version: int,
    **changes: Any,
) -> Answer:
    """The API's answer save: ``user`` must be a contributor of the workload.

    One read finds the answer, its review and the user's role and locks the review and the
    answer; misses fall back to the ordinary lookups for their exact 404 or 403.
    """
    with transaction.atomic():
        answer = _ANSWER_FOR_SAVE.first(
            bool(user.is_staff),
            user_id=user.pk,
            workload_id=int(workload_id),
            slug=slug,
            question_key=question_key,
        )
        if answer is None or answer.role is None:
            _explain_missing(user, workload_id, slug)
        ensure_can(Role(answer.role), Action.ANSWER)
        return _change(answer, actor=user, version=version, **changes)


def _answer_for_save(
    staff: bool, *, user_id: int, workload_id: int, slug: str, question_key: str
) -> QuerySet[Answer]:
    """The answer a user saves, with their role on its workload, locked (``_locked``)."""
    user = get_user_model()(pk=user_id, is_staff=staff)
    found = Answer.objects.filter(
        lens_review__workload_id=workload_id,
        lens_review__workload__in=workloads_for_user(user),
        lens_review__lens__slug=slug,
        question_key=question_key,
    ).annotate(role=role_expression(user, "lens_review__workload_id"))
    return _locking(found)


# Compiled once per process (the save's hot path): the same statement, new values.
_ANSWER_FOR_SAVE = PreparedQuery(
    _answer_for_save, user_id=int, workload_id=int, slug=str, question_key=str
)


def _locked(answers: QuerySet[Answer]) -> Answer | None:
    """The first of ``answers``, loaded and locked for a save (``_locking``)."""
    return next(iter(_locking(answers)), None)


def _locking(answers: QuerySet[Answer]) -> QuerySet[Answer]:
    """The answer with the parts of its review a save needs; workload, review and answer
    locked, in that order (``reviews.services.locks``: every write in a workload holds the
    workload first, so a deletion never deadlocks a save).

    One statement, so one lock strength for all three: ``FOR NO KEY UPDATE``, which
    excludes the workload's deletion and milestones (``FOR UPDATE``) as the shared hold does,
    and serializes saves in one workload, as the review's lock already did in one review (the
    workload's count UPDATE would make them wait for each other anyway). The review's lock
    also serializes the read-modify-write of its risk_summary.
    """
    return (
        answers.select_related("lens_review__workload", "lens_review__lens_version")
        .only(*_LOADED)
        .select_for_update(of=("lens_review__workload", "lens_review", "self"), no_key=True)
        .order_by()[:1]
    )


def _explain_missing(user, workload_id: int, slug: str) -> None:
    """Raise the 404 or 403 the ordinary lookups give for a save that found no answer."""
    workload, _ = workload_get_for_user(user, workload_id, need=Action.ANSWER)
    lens_review_get(workload, slug)
    raise Http404("No such question in this review.")


def answer_content(
    node,
    current: dict,
    *,
    selected_choices: list[str] = UNSET,
    choice_statuses: dict = UNSET,
    is_applicable: bool = UNSET,
    reason: str = UNSET,
    notes: str = UNSET,
) -> dict:
    """The content of an answer to ``node`` (its compiled question) after a change to
    ``current`` (an :func:`answer_state`): selection, statuses, applicability, reason, notes
    and risk. Raises ``DomainError`` (400) for what the answer rules refuse.

    The one path from an answer body to stored content: workload answers, template answers
    and applying a template all come through here.
    """
    known = node.known
    selected = list(current["selected_choices"])
    not_applicable = dict(current["choice_statuses"])
    if selected_choices is not UNSET:
        entries = ((str(i), key) for i, key in enumerate(selected_choices))
        if problems := answer_rules.unknown_choice_problems(known, "selected_choices", entries):
            raise invalid(*problems)
        selected = list(dict.fromkeys(selected_choices))
        for key in selected:
            not_applicable.pop(key, None)
    if choice_statuses is not UNSET:
        selected, not_applicable = _apply_statuses(selected, not_applicable, choice_statuses, known)
    if problems := answer_rules.combination_problems(known, selected, not_applicable):
        raise invalid(*problems)
    # Keep the lens's order of choices, whatever order the client sent.
    selected = answer_rules.in_lens_order(known, selected)

    applicable = current["is_applicable"] if is_applicable is UNSET else is_applicable
    why = current["reason"] if reason is UNSET else (reason or "")
    text = current["notes"]
    if notes is not UNSET:
        if problems := answer_rules.notes_problems(notes):
            raise invalid(*problems)
        text = notes
    return {
        "selected_choices": selected,
        "choice_statuses": {key: not_applicable[key] for key in known if key in not_applicable},
        "is_applicable": applicable,
        "reason": answer_rules.reason_for(applicable, why),
        "notes": text,
        "risk": risk.answer_risk(rules=node.rules, selected=selected, is_applicable=applicable),
    }


def _change(
    answer: Answer,
    *,
    actor,
    version: int,
    selected_choices: list[str] = UNSET,
    choice_statuses: dict = UNSET,
    is_applicable: bool = UNSET,
    reason: str = UNSET,
    notes: str = UNSET,
) -> Answer:
    """Apply a change to a locked answer.

    ``selected_choices`` replaces the selection; ``choice_statuses`` then sets single
    choices (SELECTED, NOT_APPLICABLE with reason and notes, UNSELECTED). Raises
    ``AnswerConflict`` (409, with the current answer) for a stale ``version`` and
    ``DomainError`` (400) for unknown choices or "None of these" mixed with others.
    An accepted change bumps the version, writes a history row and, if the risk moved,
    moves the question between the stored counts. The returned answer is what was written,
    with its compiled question as ``question_node``; nothing is read back.
    """
    review = answer.lens_review
    lens_version = review.lens_version
    node = question_tree(
        lens_version.pk,
        status=lens_version.status,
        digest=lens_version.document_sha256,
        keys=(answer.question_key,),
    ).get(answer.question_key)
    if node is None:  # a lens version always has the questions of its answers
        raise Http404("No such question in this review.")
    answer.question_node = node
    if version != answer.version:
        raise AnswerConflict(answer)
    before = answer_state(answer)
    content = answer_content(
        node,
        before,
        selected_choices=selected_choices,
        choice_statuses=choice_statuses,
        is_applicable=is_applicable,
        reason=reason,
        notes=notes,
    )
    known = node.known
    old_risk = answer.risk
    for field, value in content.items():
        setattr(answer, field, value)

    after = answer_state(answer)
    if after == before:
        if answer.needs_review:
            # Confirming a flagged answer as it stands is answering it: the flag goes, but
            # the content did not change, so no new version and no history.
            answer.needs_review = False
            Answer.objects.filter(pk=answer.pk).update(needs_review=False)
        return answer  # nothing changed: no new version, no history
    answer.version = after["version"] = version + 1
    answer.needs_review = False
    answer.updated_by = actor
    answer.updated_at = timezone.now()
    written = row_update(
        Answer,
        where={"id": answer.pk, "version": version},
        values={
            "selected_choices": answer.selected_choices,
            "choice_statuses": answer.choice_statuses,
            "is_applicable": answer.is_applicable,
            "reason": answer.reason,
            "notes": answer.notes,
            "risk": answer.risk,
            "version": answer.version,
            "needs_review": False,
            "updated_by": actor,
            "updated_at": answer.updated_at,
        },
    )
    if written == 0:  # only a writer that skips the locks could get here
        raise AnswerConflict(Answer.objects.get(pk=answer.pk))
    row_insert(
        AnswerChange(answer=answer, version=answer.version, actor=actor, before=before, after=after)
    )
    if old_risk != answer.risk:
        _move_counts(review, answer, old_risk, answer.risk)
    _untrack_left_items(review, answer, known, before)
    activity_record(
        workload_id=review.workload_id,
        actor=actor,
        verb="answer.update",
        obj=answer,
        summary=f"answered {answer.question_key}: {Risk(answer.risk).label.lower()}",
        data={"question": answer.question_key, "version": answer.version, "risk": answer.risk},
    )
    return answer


def _move_counts(review: LensReview, answer: Answer, old: str, new: str) -> None:
    """Move one question between risk levels in the review's, the workload's and the
    question's pillar row's counts: one statement (``rows_update``).

    ``review`` was read under the save's lock, so its summary is current; the lock also
    serializes the saves that move the review's pillar rows.
    """
    summary = review.risk_summary
    risk.move(summary, answer.pillar_key, answer.phase_key, old, new)
    moves = {COUNT_FIELDS[Risk(old)]: -1, COUNT_FIELDS[Risk(new)]: 1}
    now = timezone.now()
    # The counts are part of both representations: their versions (ETags) move with them.
    versioned = {**moves, "version": 1}
    *_, pillar_rows = rows_update(
        RowUpdate(
            LensReview,
            where={"id": review.pk},
            values={"risk_summary": summary, "updated_at": now},
            moves=versioned,
        ),
        RowUpdate(
            Workload, where={"id": review.workload_id}, values={"updated_at": now}, moves=versioned
        ),
        RowUpdate(
            PillarRiskCounts,
            where={"lens_review": review.pk, "pillar_key": answer.pillar_key},
            values={},
            moves=moves,
        ),
    )
    if pillar_rows == 0:  # a write set the summary without the rows: rebuild them from it
        pillar_counts_write([review])


def _untrack_left_items(
    review: LensReview, answer: Answer, known: dict[str, bool], before: dict
) -> None:
    """Drop the tracking (owner, due date, status, note) of items that left the plan.

    Tracking lives as long as its item: a best practice that was selected, marked not
    applicable, or whose question is no longer HIGH or MEDIUM is out of the plan, and if it
    comes back later it starts afresh (OPEN) instead of showing a stale "done". Items are
    only tracked while in the plan (``improvement_item_update`` checks it under the same
    lock), so only a change that takes items out of the plan needs a DELETE.
    """
    was = risk.plan_choice_keys(
        known=known,
        risk=before["risk"],
        selected=before["selected_choices"],
        not_applicable=before["choice_statuses"],
    )
    now = set(
        risk.plan_choice_keys(
            known=known,
            risk=answer.risk,
            selected=answer.selected_choices,
            not_applicable=answer.choice_statuses,
        )
    )
    if left := [key for key in was if key not in now]:
        row_delete(
            ImprovementItem,
            where={"lens_review": review.pk, "question_key": answer.question_key},
            among=("choice_key", left),
        )
