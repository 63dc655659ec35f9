"""Moving a lens review to a newer published version of its lens."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.http import Http404

from catalog.choices import Risk
from catalog.lensdiff import NEW, UPDATED, lens_diff
from catalog.question_tree import question_rules
from catalog.selectors import latest_published
from mllens.errors import DomainError
from reviews import risk
from reviews.models import (
    Answer,
    AnswerChange,
    ImprovementItem,
    LensReview,
    Milestone,
    Workload,
)
from reviews.models.counts import COUNT_FIELDS
from reviews.services.activity import activity_record
from reviews.services.answers import answer_state
from reviews.services.counts import pillar_counts_write
from reviews.services.locks import workload_lock
from reviews.services.milestones import milestone_create


@transaction.atomic
def lens_review_upgrade(
    *, review: LensReview, actor, milestone_name: str
) -> tuple[LensReview, Milestone]:
    """Record a milestone, then move the review to the lens's latest published version.

    Answers carry over by question key and choice key; what the new version deleted is
    dropped from the live review (the milestone keeps it), and so is the tracking of
    improvement items that are no longer in the plan; questions that are new, or whose text,
    rules or choices changed, are flagged ``needs_review`` (a flag not yet cleared stays).
    """
    # Alone on the workload: the upgrade takes a milestone, which needs it alone anyway.
    workload_lock(review.workload_id)
    review = (
        LensReview.objects.select_for_update(of=("self",))
        .select_related("lens", "lens_version", "workload")
        .filter(pk=review.pk)
        .order_by("pk")
        .first()
    )
    if review is None:  # removed since the caller read it
        raise Http404("No such lens review.")
    old_version, new_version = review.lens_version, latest_published(review.lens)
    if new_version is None or new_version.published_at <= old_version.published_at:
        raise DomainError(
            code="NO_UPGRADE",
            message="The review already uses the latest published version.",
            status=409,
        )
    milestone = milestone_create(workload=review.workload, name=milestone_name, actor=actor)
    diff = lens_diff(old_version.document, new_version.document)
    flagged = {q["id"] for q in diff["questions"] if q["change"] in (NEW, UPDATED)}

    old_answers = {a.question_key: a for a in Answer.objects.filter(lens_review=review)}
    questions = list(
        new_version.questions.select_related("pillar", "phase")
        .prefetch_related("choices", "risk_rules")
        .order_by("order")
    )
    keep, create, changes, plan = [], [], [], set()
    for question in questions:
        answer = old_answers.pop(question.key, None)
        before = answer_state(answer) if answer else None
        if answer is None:
            answer = Answer(lens_review=review, question_key=question.key)
        choices = sorted(question.choices.all(), key=lambda c: c.order)
        order = {c.key: index for index, c in enumerate(choices)}
        answer.question = question
        answer.pillar_key = question.pillar.key
        answer.phase_key = question.phase.key if question.phase else ""
        answer.order = question.order
        # In the new version's choice order, like every answer the answer service writes.
        answer.selected_choices = sorted(
            (k for k in answer.selected_choices if k in order), key=order.__getitem__
        )
        answer.choice_statuses = {
            c.key: answer.choice_statuses[c.key] for c in choices if c.key in answer.choice_statuses
        }
        answer.risk = risk.answer_risk(
            rules=question_rules(question),
            selected=answer.selected_choices,
            is_applicable=answer.is_applicable,
        )
        answer.needs_review = answer.needs_review or question.key in flagged
        plan.update(
            (question.key, key)
            for key in risk.plan_choice_keys(
                known={c.key: c.is_none for c in choices},
                risk=answer.risk,
                selected=answer.selected_choices,
                not_applicable=answer.choice_statuses,
            )
        )
        if before is None:
            create.append(answer)
            continue
        answer.version += 1
        after = answer_state(answer)
        changes.append(
            AnswerChange(
                answer=answer, version=answer.version, actor=actor, before=before, after=after
            )
        )
        keep.append(answer)
    Answer.objects.filter(pk__in=[a.pk for a in old_answers.values()]).delete()
    Answer.objects.bulk_update(
        keep,
        [
            "question",
            "pillar_key",
            "phase_key",
            "order",
            "selected_choices",
            "choice_statuses",
            "risk",
            "needs_review",
            "version",
        ],
    )
    Answer.objects.bulk_create(create)
    AnswerChange.objects.bulk_create(changes)
    tracked = ImprovementItem.objects.filter(lens_review=review).values_list(
        "pk", "question_key", "choice_key"
    )
    stale = [
        pk for pk, question_key, choice_key in tracked if (question_key, choice_key) not in plan
    ]
    ImprovementItem.objects.filter(pk__in=stale).delete()

    rows = [
        {"pillar_key": a.pillar_key, "phase_key": a.phase_key, "risk": a.risk}
        for a in [*keep, *create]
    ]
    counts = risk.empty_counts()
    for row in rows:
        counts[row["risk"]] += 1
    deltas = {
        COUNT_FIELDS[Risk(key)]: F(COUNT_FIELDS[Risk(key)]) + value - review.risk_counts[key]
        for key, value in counts.items()
    }
    Workload.objects.filter(pk=review.workload_id).update(**deltas, version=F("version") + 1)
    review.lens_version = new_version
    review.risk_summary = risk.summarize(rows)
    for key, value in counts.items():
        setattr(review, COUNT_FIELDS[Risk(key)], value)
    review.version += 1
    review.save()
    pillar_counts_write([review])
    activity_record(
        workload=review.workload,
        actor=actor,
        verb="review.upgrade",
        obj=review,
        summary=f"upgraded {review.lens.name} from {old_version.version} to "
        f"{new_version.version} ({len(flagged)} question(s) to review)",
        data={
            "from": old_version.version,
            "to": new_version.version,
            "needs_review": sorted(flagged),
            "milestone": milestone.number,
        },
    )
    return review, milestone
