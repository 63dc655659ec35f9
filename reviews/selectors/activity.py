"""The activity of a workload."""

from __future__ import annotations

from django.db.models import Prefetch

from catalog.choices import Risk
from catalog.models import Choice
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
    "Team": "team",
}
_W = "/api/v1/workloads/{}/"


def activity_object_paths(rows) -> dict[tuple[str, int], str]:
    """The API path of each activity row's object that still exists, by ``(model, pk)``.

    One query per kind of object the trail records, whatever the page holds (a kind absent
    from the page asks for no id), so the cost of a page does not depend on its rows.
    """
    ids: dict[str, set[int]] = {}
    for row in rows:
        if row.object_id.isdigit():
            ids.setdefault(row.object_type, set()).add(int(row.object_id))
    paths: dict[tuple[str, int], str] = {}

    def found(model, fields, path):
        wanted = ids.get(model.__name__) or {0}  # pk 0 never exists
        for pk, *rest in model.objects.filter(pk__in=wanted).values_list("pk", *fields):
            paths[(model.__name__, pk)] = path(pk, *rest)

    for row in rows:  # the row knows its workload (null once deleted): no query
        if row.object_type == "Workload" and row.workload_id:
            paths[("Workload", row.workload_id)] = _W.format(row.workload_id)
    found(WorkloadMember, ("workload_id",), lambda pk, w: f"{_W.format(w)}members/{pk}/")
    found(
        LensReview,
        ("workload_id", "lens__slug"),
        lambda pk, w, slug: f"{_W.format(w)}reviews/{slug}/",
    )
    found(
        Answer,
        ("lens_review__workload_id", "lens_review__lens__slug", "question_key"),
        lambda pk, w, slug, key: f"{_W.format(w)}reviews/{slug}/answers/{key}/",
    )
    found(
        ImprovementItem,
        ("lens_review__workload_id", "lens_review__lens__slug", "question_key", "choice_key"),
        lambda pk, w, slug, q, c: f"{_W.format(w)}reviews/{slug}/improvements/{q}/{c}/",
    )
    found(Milestone, ("workload_id", "number"), lambda pk, w, n: f"{_W.format(w)}milestones/{n}/")
    found(ReportJob, (), lambda pk: f"/api/v1/reports/{pk}/")
    if "Team" in ids:  # team changes are rare on a workload's trail: no query without one
        found(Team, (), lambda pk: f"/api/v1/teams/{pk}/")
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
