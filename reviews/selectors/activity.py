"""The activity of a workload."""

from __future__ import annotations

from django.db.models import BigIntegerField, CharField, F, Prefetch, Value
from django.db.models.functions import Cast

from catalog.choices import Risk
from catalog.models import Choice
from people.models import Invitation
from reviews import activity_feed
from reviews.choices import NotApplicableReason
from reviews.models import (
    Answer,
    AnswerChange,
    ImprovementItem,
    LensReview,
    Milestone,
    ReportJob,
    Team,
    Workload,
    WorkloadMember,
)


def activity_for(workload: Workload):
    return workload.activity.select_related("actor").order_by("-at", "-id")


# The API's name for each kind of object the trail records: model class names stay inside.
OBJECT_TYPES = {
    "Workload": "workload",
    "WorkloadMember": "member",
    "LensReview": "review",
    "Answer": "answer",
    "ImprovementItem": "improvement_item",
    "Milestone": "milestone",
    "ReportJob": "report",
    "Invitation": "invitation",
    "Team": "team",
}
_W = "/api/v1/workloads/{}/"


# Per kind of object: the columns that make its API path, as (workload, slug, key, key2).
_PATH_COLUMNS = {
    WorkloadMember: ("workload_id", None, None, None),
    LensReview: ("workload_id", "lens__slug", None, None),
    Answer: ("lens_review__workload_id", "lens_review__lens__slug", "question_key", None),
    ImprovementItem: (
        "lens_review__workload_id",
        "lens_review__lens__slug",
        "question_key",
        "choice_key",
    ),
    Milestone: ("workload_id", None, "number", None),
    ReportJob: ("workload_id", None, None, None),
    Invitation: ("workload_id", None, None, None),
    Team: (None, None, None, None),  # a team is not below a workload
}
_TEXT = CharField()


def _path(kind: str, pk: int, workload: int, slug: str, key: str, key2: str) -> str:
    workload_path = _W.format(workload)
    return {
        "WorkloadMember": f"{workload_path}members/{pk}/",
        "LensReview": f"{workload_path}reviews/{slug}/",
        "Answer": f"{workload_path}reviews/{slug}/answers/{key}/",
        "ImprovementItem": f"{workload_path}reviews/{slug}/improvements/{key}/{key2}/",
        "Milestone": f"{workload_path}milestones/{key}/",
        "ReportJob": f"/api/v1/reports/{pk}/",
        "Invitation": f"{workload_path}invitations/{pk}/",
        "Team": f"/api/v1/teams/{pk}/",
    }[kind]


def _column(name: str | None):
    if name is None:
        return Value("", output_field=_TEXT)
    return Cast(F(name), output_field=_TEXT)


def activity_object_paths(rows) -> dict[tuple[str, int], str]:
    """The API path of each activity row's object that still exists, by ``(model, pk)``.

    One query for the whole page (a UNION of the kinds it names; none when it names only
    workloads, whose rows know their id), so the cost of a page depends neither on its rows
    nor on how many kinds of object they name.
    """
    ids: dict[str, set[int]] = {}
    for row in rows:
        if row.object_id.isdigit():
            ids.setdefault(row.object_type, set()).add(int(row.object_id))
    paths: dict[tuple[str, int], str] = {}
    for row in rows:  # the row knows its workload (null once deleted): no query
        if row.object_type == "Workload" and row.workload_id:
            paths[("Workload", row.workload_id)] = _W.format(row.workload_id)
    parts = [
        model.objects.filter(pk__in=ids[model.__name__])
        .annotate(  # names no model has as a field
            path_kind=Value(model.__name__, output_field=_TEXT),
            path_workload=F(columns[0]) if columns[0] else Value(0, output_field=BigIntegerField()),
            path_slug=_column(columns[1]),
            path_key=_column(columns[2]),
            path_key2=_column(columns[3]),
        )
        .values_list("path_kind", "pk", "path_workload", "path_slug", "path_key", "path_key2")
        for model, columns in _PATH_COLUMNS.items()
        if ids.get(model.__name__)
    ]
    if parts:
        found = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for kind, pk, *rest in found:
            paths[(kind, pk)] = _path(kind, pk, *rest)
    return paths


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
