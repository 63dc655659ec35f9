"""Applying lenses to workloads, removing them, and their notes."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404

from catalog.choices import Risk
from catalog.models import Lens
from catalog.selectors import latest_published
from mllens.errors import DomainError, ErrorDetail, invalid, problem, version_check
from reviews import risk
from reviews.models import Answer, LensReview, Workload
from reviews.models.counts import COUNT_FIELDS
from reviews.services.activity import activity_record
from reviews.services.counts import pillar_counts_write
from reviews.services.locks import workload_hold, workload_lock


def _lock(review: LensReview, *, moves_workload_counts: bool = False) -> LensReview:
    """The review's row, locked; 404 when someone removed it since the caller read it (the
    loser of two parallel removals, or an edit racing a removal).

    A caller that will then move the workload's counts takes the workload at the strength an
    answer save takes it (``FOR NO KEY UPDATE``) before the review: a save holding the
    workload and waiting for the review must never meet a removal holding the review and
    waiting for the workload (a deadlock)."""
    if moves_workload_counts:
        workload_lock(review.workload_id, no_key=True)
    else:
        workload_hold(review.workload_id)
    # Only the review's row is locked (of=self; the workload was taken above), read with what
    # its representation shows, so callers answer from it without reading it again.
    locked = (
        LensReview.objects.select_for_update(of=("self",))
        .select_related("lens", "lens_version", "workload")
        .defer("lens_version__document")
        .filter(pk=review.pk)
        .order_by("pk")
        .first()
    )
    if locked is None:
        raise Http404("No such lens review.")
    return locked


def _shift_workload_counts(workload: Workload, counts: dict[str, int], sign: int) -> None:
    updates = {
        COUNT_FIELDS[Risk(key)]: F(COUNT_FIELDS[Risk(key)]) + sign * value
        for key, value in counts.items()
        if value
    }
    if updates:
        Workload.objects.filter(pk=workload.pk).update(**updates, version=F("version") + 1)


@transaction.atomic
def lens_review_create(*, workload: Workload, lens: Lens, actor) -> LensReview:
    """Apply the lens's latest published version: one UNANSWERED answer per question.

    Costs a constant number of queries whatever the size of the lens.
    """
    version = latest_published(lens)
    if version is None:
        raise invalid(
            problem("NOT_PUBLISHED", "Publish the lens first.", "lens"),
            code="LENS_NOT_PUBLISHED",
            message="This lens has no published version yet.",
        )
    workload_hold(workload.pk)
    questions = list(version.questions.select_related("pillar", "phase").order_by("order"))
    rows = [
        {
            "pillar_key": q.pillar.key,
            "phase_key": q.phase.key if q.phase else "",
            "risk": Risk.UNANSWERED.value,
        }
        for q in questions
    ]
    try:
        with transaction.atomic():
            review = LensReview.objects.create(
                workload=workload,
                lens=lens,
                lens_version=version,
                risk_summary=risk.summarize(rows),
                unanswered_count=len(questions),
            )
    except IntegrityError:
        raise DomainError(
            code="ALREADY_APPLIED",
            message="This lens is already applied to the workload.",
            status=409,
        ) from None
    pillar_counts_write([review], new=True)
    Answer.objects.bulk_create(
        Answer(
            lens_review=review,
            question=question,
            question_key=question.key,
            pillar_key=row["pillar_key"],
            phase_key=row["phase_key"],
            order=question.order,
        )
        for question, row in zip(questions, rows, strict=True)
    )
    _shift_workload_counts(workload, {Risk.UNANSWERED.value: len(questions)}, +1)
    activity_record(
        workload=workload,
        actor=actor,
        verb="review.create",
        obj=review,
        summary=f"applied {version.name} {version.version}",
    )
    return review


@transaction.atomic
def lens_review_delete(*, review: LensReview, actor, expected=None) -> None:
    """Remove a lens from a workload with its answers (milestones keep their copies)."""
    review = _lock(review, moves_workload_counts=True)
    version_check(expected, review.version)
    _shift_workload_counts(review.workload, review.risk_counts, -1)
    activity_record(
        workload=review.workload,
        actor=actor,
        verb="review.delete",
        obj=review,
        summary=f"removed {review.lens.name}",
    )
    review.delete()


def pillar_notes_problems(*, known: set[str], pillar_notes: dict) -> list[ErrorDetail]:
    """Pillar notes may only name pillars of the lens version (one problem per other key)."""
    return [
        problem("UNKNOWN_PILLAR", f"No pillar {key!r} in this lens.", "pillar_notes", key)
        for key in sorted(pillar_notes.keys() - known)
    ]


@transaction.atomic
def lens_review_update_notes(
    *,
    review: LensReview,
    actor,
    notes: str | None = None,
    pillar_notes: dict | None = None,
    expected=None,
) -> LensReview:
    """Replace the lens notes and/or merge pillar notes (JSON Merge Patch: an empty text or
    null removes a pillar's note); ``expected``: the versions ``If-Match`` allows."""
    review = _lock(review)
    version_check(expected, review.version)
    fields = []
    if notes is not None and notes != review.notes:
        review.notes = notes
        fields.append("notes")
    if pillar_notes:
        known = set(review.lens_version.pillars.values_list("key", flat=True))
        if problems := pillar_notes_problems(known=known, pillar_notes=pillar_notes):
            unknown = ", ".join(sorted(pillar_notes.keys() - known))
            raise invalid(*problems, message=f"Unknown pillar keys: {unknown}.")
        merged = {**review.pillar_notes, **pillar_notes}
        merged = {key: text for key, text in merged.items() if text}
        if merged != review.pillar_notes:
            review.pillar_notes = merged
            fields.append("pillar_notes")
    if fields:
        review.version += 1
        review.save(update_fields=[*fields, "updated_at", "version"])
        activity_record(
            workload=review.workload,
            actor=actor,
            verb="review.notes",
            obj=review,
            summary=f"edited notes of {review.lens.name}",
        )
    return review
