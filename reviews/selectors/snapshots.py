"""Reading a milestone as if it were the live workload.

``?milestone=<number>`` on the lens review, answers and improvement endpoints answers
from the snapshot: the answers are rebuilt as unsaved ``Answer`` objects attached to the
(immutable) questions of the snapshot's lens version, so the same serializers and the
same improvement-plan code serve both.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import Http404
from django.utils.dateparse import parse_date, parse_datetime

from catalog.models import Choice, Question, RiskRule
from reviews.models import Answer, ImprovementItem, Milestone, MilestoneReview, Workload


def milestone_get(workload: Workload, number) -> Milestone:
    try:
        return workload.milestones.get(number=int(number))
    except (Milestone.DoesNotExist, ValueError, TypeError):
        raise Http404("No such milestone.") from None


def milestone_review_get(workload: Workload, number, slug: str) -> MilestoneReview:
    milestone = milestone_get(workload, number)
    review = (
        MilestoneReview.objects.select_related("lens", "lens_version", "milestone")
        .defer("lens_version__document")
        .filter(milestone=milestone, lens__slug=slug)
        .first()
    )
    if review is None:
        raise Http404("This lens was not applied at that milestone.")
    return review


def _users(rows, field: str) -> dict:
    """The users a snapshot names in ``<field>_id``, as they were when it was recorded.

    Built from the username the snapshot copied (no query; a later rename or deletion does
    not show); snapshots without one read the user table.
    """
    User = get_user_model()
    users, missing = {}, set()
    for row in rows:
        pk = row.get(f"{field}_id")
        if not pk:
            continue
        if f"{field}_username" in row:
            users[pk] = User(pk=pk, **{User.USERNAME_FIELD: row[f"{field}_username"]})
        else:
            missing.add(pk)
    if missing:
        users.update({user.pk: user for user in User.objects.filter(pk__in=missing)})
    return users


def snapshot_answers(review: MilestoneReview) -> list[Answer]:
    """The snapshot's answers with their questions, choices and rules (constant queries)."""
    questions = {
        q.key: q
        for q in Question.objects.filter(lens_version=review.lens_version)
        .select_related("pillar", "phase")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order")),
            Prefetch("risk_rules", queryset=RiskRule.objects.order_by("order")),
        )
    }
    users = _users(review.answers, "updated_by")
    answers = []
    for row in review.answers:
        data = dict(row)
        data.pop("updated_by_username", None)
        updated_by = users.get(data.pop("updated_by_id", None))
        stamp = data.pop("updated_at", None)
        updated_at = parse_datetime(stamp) if stamp else None
        answer = Answer(question=questions[row["question_key"]], updated_at=updated_at, **data)
        answer.updated_by = updated_by
        answers.append(answer)
    return answers


def filter_answers(answers, *, pillar: str = "", phase: str = "", risk: str = "") -> list:
    risks = set(risk.split(",")) if risk else None
    return [
        a
        for a in answers
        if (not pillar or a.pillar_key == pillar)
        and (not phase or a.phase_key == phase)
        and (risks is None or a.risk in risks)
    ]


def snapshot_items(review: MilestoneReview) -> list[ImprovementItem]:
    users = _users(review.improvement_items, "owner")
    items = []
    for row in review.improvement_items:
        item = ImprovementItem(
            question_key=row["question_key"],
            choice_key=row["choice_key"],
            due_date=parse_date(row["due_date"]) if row.get("due_date") else None,
            status=row["status"],
            note=row.get("note", ""),
            version=row.get("version", 0),  # milestones recorded before items had versions
        )
        item.owner = users.get(row.get("owner_id"))
        items.append(item)
    return items
