"""Workloads to and from JSON, and answers as CSV or XLSX tables.

The JSON document holds everything people entered — workload fields, members, every
lens review with its lens version, answers (choices, statuses, applicability, notes) and
improvement tracking — so an export imported elsewhere gives the same workload back.
"""

from __future__ import annotations

import csv
import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.choices import Risk
from mllens.errors import DomainError
from reviews import risk
from reviews.answer_rules import under
from reviews.choices import ChoiceStatus, ItemStatus
from reviews.models import (
    Answer,
    ImprovementItem,
    LensReview,
    Milestone,
    MilestoneReview,
    Workload,
    WorkloadMember,
)
from reviews.models.counts import COUNT_FIELDS
from reviews.selectors.answers import answers_for_review
from reviews.selectors.members import members_of
from reviews.services import workload_document
from reviews.services.activity import activity_record
from reviews.services.counts import pillar_counts_write
from reviews.services.improvements import improvement_owner_get
from reviews.services.workloads import EDITABLE_FIELDS, workload_create, workload_name_check

FORMAT = workload_document.FORMAT
FORMAT_VERSION = workload_document.FORMAT_VERSION
ANSWER_FIELDS = ("selected_choices", "choice_statuses", "is_applicable", "reason", "notes")
# What a milestone keeps of each answer beyond its content (as services.milestones does).
SNAPSHOT_ANSWER_FIELDS = (
    "question_key",
    "pillar_key",
    "phase_key",
    "order",
    *ANSWER_FIELDS,
    "risk",
    "version",
)


def workload_export(*, workload: Workload) -> dict:
    """The workload as a self-contained JSON document."""
    members = [
        {"user": m.user.get_username(), "role": m.role}
        if m.user_id
        else {"team": m.team.name, "role": m.role}
        for m in members_of(workload)
    ]
    reviews = []
    for review in workload.lens_reviews.select_related("lens", "lens_version").order_by("id"):
        answers = Answer.objects.filter(lens_review=review).order_by("order")
        items = review.improvement_items.select_related("owner").order_by("id")
        reviews.append(
            {
                "lens": review.lens.slug,
                "lens_version": review.lens_version.version,
                "notes": review.notes,
                "pillar_notes": review.pillar_notes,
                "answers": [
                    {
                        "question_key": a.question_key,
                        **{f: getattr(a, f) for f in ANSWER_FIELDS},
                        "risk": a.risk,
                    }
                    for a in answers
                ],
                "improvement_items": [
                    {
                        "question_key": i.question_key,
                        "choice_key": i.choice_key,
                        "owner": i.owner.get_username() if i.owner else None,
                        "due_date": i.due_date.isoformat() if i.due_date else None,
                        "status": i.status,
                        "note": i.note,
                    }
                    for i in items
                ],
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "workload": {name: getattr(workload, name) for name in EDITABLE_FIELDS},
        "members": members,
        "reviews": reviews,
    }


@transaction.atomic
def workload_import(
    *, document: dict, user, workload_fields: dict | None = None
) -> tuple[Workload, list[str]]:
    """Create a new workload from an exported document; ``user`` becomes an owner.

    Optional ``milestones`` (each ``name``, ``workload``, ``reviews``, and
    ``recorded_in_aws_at`` for those brought from the AWS tool) become milestones 1, 2, …
    The whole document is checked first with the API's rules (``workload_document``); any
    problem is a ``DomainError`` (400, ``INVALID_WORKLOAD_DOCUMENT``) listing every problem
    with its JSON Pointer, and nothing is written. ``workload_fields``, if given, stand in
    for the document's ``workload`` object and are checked the same way. Members, and item
    owners, whose user or team does not exist here are skipped with a warning; an item
    owner who exists but is not a member is a problem, as in the API.
    """
    data = workload_document.document_read(document, workload_fields=workload_fields)
    warnings: list[str] = []
    members, problems = workload_document.members_plan(data.get("members", []), user, warnings)
    reviews, found = workload_document.reviews_plan(data.get("reviews", []))
    problems = [*_name_problems(user, data["workload"]), *problems, *found]
    milestones, found = workload_document.milestones_plan(data.get("milestones", []))
    if problems := problems + found:
        raise workload_document.rejected(problems)

    workload = workload_create(user=user, **data["workload"])
    WorkloadMember.objects.bulk_create(WorkloadMember(workload=workload, **m) for m in members)
    owners = _item_owners(workload, reviews, warnings)
    for plan in reviews:
        _review_write(workload, plan, owners)
    for number, plan in enumerate(milestones, start=1):
        _milestone_write(workload, number, plan, user)
    activity_record(
        workload=workload,
        actor=user,
        verb="workload.import",
        obj=workload,
        summary=f"imported workload {workload.name!r}",
    )
    return workload, warnings


def _name_problems(user, fields: dict) -> list:
    """The workloads service's duplicate-name rule, as one more problem of the document."""
    try:
        workload_name_check(user=user, name=fields.get("name", ""), path=("workload", "name"))
    except DomainError as error:
        return list(error.errors)
    return []


def _item_owners(workload, reviews, warnings) -> dict[str, object]:
    """Each named item owner, by the API's rule (a member of the workload), or a 400."""
    users = get_user_model().objects
    owners: dict[str, object] = {}
    problems = []
    for plan in reviews:
        for index, item in plan.items:
            name = item.get("owner")
            where = f"/reviews/{plan.index}/improvement_items/{index}"
            if not name or name in owners:
                continue
            if not users.filter(username=name).exists():
                warnings.append(f"{where}: no user {name!r} here, owner left empty")
                owners[name] = None
                continue
            try:
                owners[name] = improvement_owner_get(workload=workload, username=name)
            except DomainError as error:
                problems += under(where, error.errors)
    if problems:
        raise workload_document.rejected(problems)
    return owners


def _review_write(workload: Workload, plan, owners: dict) -> None:
    rows = plan.answers
    summary = risk.summarize(
        {"pillar_key": a.pillar_key, "phase_key": a.phase_key, "risk": a.risk} for a in rows
    )
    counts = risk.empty_counts()
    for answer in rows:
        counts[answer.risk] += 1
    review = LensReview.objects.create(
        workload=workload,
        lens=plan.version.lens,
        lens_version=plan.version,
        notes=plan.notes,
        pillar_notes=plan.pillar_notes,
        risk_summary=summary,
        **{COUNT_FIELDS[Risk(k)]: v for k, v in counts.items()},
    )
    pillar_counts_write([review], new=True)
    for answer in rows:
        answer.lens_review = review
    Answer.objects.bulk_create(rows)
    ImprovementItem.objects.bulk_create(
        ImprovementItem(
            lens_review=review,
            question_key=item["question_key"],
            choice_key=item["choice_key"],
            owner=owners.get(item.get("owner")) if item.get("owner") else None,
            due_date=item.get("due_date"),
            status=item.get("status", ItemStatus.OPEN),
            note=item.get("note", ""),
        )
        for _, item in plan.items
    )
    Workload.objects.filter(pk=workload.pk).update(
        **{COUNT_FIELDS[Risk(k)]: F(COUNT_FIELDS[Risk(k)]) + v for k, v in counts.items()}
    )


def _milestone_write(workload: Workload, number: int, plan, user) -> None:
    """Record a milestone as the document describes it (not as the workload is now)."""
    fields = {name: getattr(workload, name) for name in EDITABLE_FIELDS}
    fields.update(plan.workload)
    reviews, totals = [], risk.empty_counts()
    for review in plan.reviews:
        counts = risk.empty_counts()
        for answer in review.answers:
            counts[answer.risk] += 1
            totals[answer.risk] += 1
        reviews.append((review, counts))
    milestone = Milestone.objects.create(
        workload=workload,
        number=number,
        name=plan.name,
        workload_data=fields,
        created_by=user,
        recorded_in_aws_at=plan.recorded_in_aws_at,
        **{COUNT_FIELDS[Risk(k)]: v for k, v in totals.items()},
    )
    MilestoneReview.objects.bulk_create(
        MilestoneReview(
            milestone=milestone,
            lens=review.version.lens,
            lens_version=review.version,
            notes=review.notes,
            pillar_notes=review.pillar_notes,
            risk_summary=risk.summarize(
                {"pillar_key": a.pillar_key, "phase_key": a.phase_key, "risk": a.risk}
                for a in review.answers
            ),
            answers=[
                {
                    **{f: getattr(a, f) for f in SNAPSHOT_ANSWER_FIELDS},
                    "needs_review": False,
                    "updated_at": None,
                    "updated_by_id": None,
                    "updated_by_username": None,
                }
                for a in review.answers
            ],
            improvement_items=[],
            **{COUNT_FIELDS[Risk(k)]: v for k, v in counts.items()},
        )
        for review, counts in reviews
    )


TABLE_HEADER = [
    "lens",
    "lens_version",
    "pillar",
    "phase",
    "question_key",
    "question",
    "risk",
    "is_applicable",
    "reason",
    "choice_key",
    "best_practice_id",
    "best_practice",
    "status",
    "choice_reason",
    "choice_notes",
    "question_notes",
]


def answer_rows(*, workload: Workload) -> list[list]:
    """One row per best practice of every question of every lens review."""
    rows = []
    for review in workload.lens_reviews.select_related("lens", "lens_version").order_by("id"):
        for answer in answers_for_review(review):
            question = answer.question
            for choice in question.choices.all():
                if choice.key in answer.selected_choices:
                    status, extra = ChoiceStatus.SELECTED.value, {}
                elif choice.key in answer.choice_statuses:
                    status = ChoiceStatus.NOT_APPLICABLE.value
                    extra = answer.choice_statuses[choice.key]
                else:
                    status, extra = ChoiceStatus.UNSELECTED.value, {}
                rows.append(
                    [
                        review.lens.slug,
                        review.lens_version.version,
                        question.pillar.name,
                        question.phase.name if question.phase else "",
                        answer.question_key,
                        question.title,
                        answer.risk,
                        answer.is_applicable,
                        answer.reason,
                        choice.key,
                        choice.best_practice_id,
                        choice.title,
                        status,
                        extra.get("reason", ""),
                        extra.get("notes", ""),
                        answer.notes,
                    ]
                )
    return rows


def _safe_cell(value):
    # Spreadsheet formula injection: lens and note text is untrusted.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def answers_csv(*, workload: Workload) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TABLE_HEADER)
    for row in answer_rows(workload=workload):
        writer.writerow([_safe_cell(value) for value in row])
    return buffer.getvalue()


def answers_xlsx(*, workload: Workload) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    sheet.append(TABLE_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in answer_rows(workload=workload):
        sheet.append([_safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
