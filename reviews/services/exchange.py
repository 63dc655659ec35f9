"""Workloads to and from JSON, and answers as CSV or XLSX tables.

The JSON document holds everything people entered — workload fields, members, every
lens review with its lens version, answers (choices, statuses, applicability, notes) and
improvement tracking — so an export imported elsewhere gives the same workload back.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.choices import RISK_TO_FORMAT, Risk, VersionStatus
from catalog.models import LensVersion
from mllens.errors import DomainError, ErrorDetail
from reviews import risk, selectors
from reviews.choices import ChoiceStatus, ItemStatus, Role
from reviews.models import Answer, ImprovementItem, LensReview, Team, Workload, WorkloadMember
from reviews.models.counts import COUNT_FIELDS
from reviews.services.activity import activity_record
from reviews.services.workloads import EDITABLE_FIELDS

FORMAT = "mllens-workload"
FORMAT_VERSION = 1
ANSWER_FIELDS = ("selected_choices", "choice_statuses", "is_applicable", "reason", "notes")


def workload_export(*, workload: Workload) -> dict:
    """The workload as a self-contained JSON document."""
    members = [
        {"user": m.user.get_username(), "role": m.role}
        if m.user_id
        else {"team": m.team.name, "role": m.role}
        for m in selectors.members_of(workload)
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


def _fail(pointer: str, code: str, message: str) -> DomainError:
    return DomainError(
        code="INVALID_WORKLOAD_DOCUMENT",
        message=message,
        errors=[ErrorDetail(code, message, pointer=pointer)],
    )


@transaction.atomic
def workload_import(*, document: dict, user, workload_fields: dict) -> tuple[Workload, list[str]]:
    """Create a new workload from an exported document; ``user`` becomes an owner.

    ``workload_fields`` are the document's workload fields, validated by the caller. Members
    whose user or team does not exist here are skipped with a warning; lens versions and
    question/choice keys must exist, or nothing is written.
    """
    if document.get("format") != FORMAT or document.get("format_version") != FORMAT_VERSION:
        raise _fail("/format", "FORMAT", f"Expected format {FORMAT!r} version {FORMAT_VERSION}.")
    warnings: list[str] = []
    workload = Workload.objects.create(created_by=user, updated_by=user, **workload_fields)
    WorkloadMember.objects.create(workload=workload, user=user, role=Role.OWNER)
    _import_members(workload, document.get("members", []), user, warnings)
    users = get_user_model().objects
    for index, entry in enumerate(document.get("reviews", [])):
        base = f"/reviews/{index}"
        version = (
            LensVersion.objects.filter(
                lens__slug=entry.get("lens"),
                version=entry.get("lens_version"),
                status=VersionStatus.PUBLISHED,
            )
            .select_related("lens")
            .first()
        )
        if version is None:
            raise _fail(
                base + "/lens_version",
                "LENS_VERSION_MISSING",
                f"Lens {entry.get('lens')!r} version {entry.get('lens_version')!r} "
                "is not published here.",
            )
        review = _review_from(workload, version, entry, base)
        for item_index, item in enumerate(entry.get("improvement_items", [])):
            owner = users.filter(username=item["owner"]).first() if item.get("owner") else None
            if item.get("owner") and owner is None:
                warnings.append(
                    f"{base}/improvement_items/{item_index}: no user "
                    f"{item['owner']!r}, owner left empty"
                )
            status = item.get("status", ItemStatus.OPEN)
            if status not in ItemStatus.values:
                raise _fail(
                    f"{base}/improvement_items/{item_index}/status",
                    "INVALID",
                    f"Unknown status {status!r}.",
                )
            ImprovementItem.objects.create(
                lens_review=review,
                question_key=item["question_key"],
                choice_key=item["choice_key"],
                owner=owner,
                due_date=date.fromisoformat(item["due_date"]) if item.get("due_date") else None,
                status=status,
                note=item.get("note", ""),
            )
    activity_record(
        workload=workload,
        actor=user,
        verb="workload.import",
        obj=workload,
        summary=f"imported workload {workload.name!r}",
    )
    return workload, warnings


def _import_members(workload, members, user, warnings) -> None:
    for index, member in enumerate(members):
        role = member.get("role")
        if role not in Role.values:
            raise _fail(f"/members/{index}/role", "INVALID", f"Unknown role {role!r}.")
        if "user" in member:
            found = get_user_model().objects.filter(username=member["user"]).first()
            if found is None:
                warnings.append(f"/members/{index}: no user {member['user']!r} here, skipped")
                continue
            if found == user:
                continue
            WorkloadMember.objects.create(workload=workload, user=found, role=role)
        else:
            team = Team.objects.filter(name=member.get("team")).first()
            if team is None:
                warnings.append(f"/members/{index}: no team {member.get('team')!r} here, skipped")
                continue
            WorkloadMember.objects.create(workload=workload, team=team, role=role)


def _review_from(workload, version, entry, base) -> LensReview:
    questions = {
        q.key: q
        for q in version.questions.select_related("pillar", "phase").prefetch_related(
            "choices", "risk_rules"
        )
    }
    given = {a.get("question_key"): (i, a) for i, a in enumerate(entry.get("answers", []))}
    unknown = sorted(set(given) - set(questions), key=str)
    if unknown:
        raise _fail(
            f"{base}/answers/{given[unknown[0]][0]}/question_key",
            "UNKNOWN_QUESTION",
            f"Unknown question {unknown[0]!r} in {version}.",
        )
    rows = []
    for question in sorted(questions.values(), key=lambda q: q.order):
        index, data = given.get(question.key, (None, {}))
        choices = {c.key for c in question.choices.all()}
        selected = list(data.get("selected_choices", []))
        statuses = dict(data.get("choice_statuses", {}))
        bad = sorted((set(selected) | set(statuses)) - choices)
        if bad:
            raise _fail(
                f"{base}/answers/{index}",
                "UNKNOWN_CHOICE",
                f"Unknown choices {', '.join(bad)} in {question.key}.",
            )
        rules = risk.rules_for(
            question.pk,
            tuple((r.condition, RISK_TO_FORMAT[Risk(r.risk)]) for r in question.risk_rules.all()),
        )
        is_applicable = bool(data.get("is_applicable", True))
        rows.append(
            Answer(
                question=question,
                question_key=question.key,
                pillar_key=question.pillar.key,
                phase_key=question.phase.key if question.phase else "",
                order=question.order,
                selected_choices=selected,
                choice_statuses=statuses,
                is_applicable=is_applicable,
                reason=data.get("reason", "") if not is_applicable else "",
                notes=data.get("notes", ""),
                risk=risk.answer_risk(rules=rules, selected=selected, is_applicable=is_applicable),
                version=1 if index is not None else 0,
            )
        )
    summary = risk.summarize(
        {"pillar_key": a.pillar_key, "phase_key": a.phase_key, "risk": a.risk} for a in rows
    )
    counts = risk.empty_counts()
    for answer in rows:
        counts[answer.risk] += 1
    review = LensReview.objects.create(
        workload=workload,
        lens=version.lens,
        lens_version=version,
        notes=entry.get("notes", ""),
        pillar_notes=entry.get("pillar_notes", {}),
        risk_summary=summary,
        **{COUNT_FIELDS[Risk(k)]: v for k, v in counts.items()},
    )
    for answer in rows:
        answer.lens_review = review
    Answer.objects.bulk_create(rows)
    Workload.objects.filter(pk=workload.pk).update(
        **{
            COUNT_FIELDS[Risk(k)]: getattr(workload, COUNT_FIELDS[Risk(k)]) + v
            for k, v in counts.items()
        }
    )
    workload.refresh_from_db()
    return review


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
        for answer in selectors.answers_for_review(review):
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
