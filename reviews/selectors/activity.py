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
    Workload,
)


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
