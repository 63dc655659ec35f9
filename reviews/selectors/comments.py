"""Comment threads of a lens review: a question's, or an improvement item's."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.http import Http404

from catalog.models import Choice
from reviews.models import (
    Comment,
    CommentThread,
    LensReview,
    QuestionAssignee,
    Team,
    Workload,
)
from reviews.permissions import workloads_for_user
from reviews.selectors.answers import answer_get

# ``@name`` not preceded by a word character or another ``@`` (so e-mail addresses are not
# mentions); a name is what a username may hold (letters, digits and ``@.+-_``), without a
# trailing dot (the end of a sentence).
MENTION = re.compile(r"(?<![\w@])@([\w.+-]*[\w+-])")


def thread_target_check(review: LensReview, question_key: str, choice_key: str) -> None:
    """404 unless the review has the question (and the question the choice)."""
    answer = answer_get(review, question_key)
    if (
        choice_key
        and not Choice.objects.filter(question_id=answer.question_id, key=choice_key).exists()
    ):
        raise Http404("No such best practice in this question.")


def thread_find(review: LensReview, question_key: str, choice_key: str) -> CommentThread | None:
    return CommentThread.objects.filter(
        lens_review=review, question_key=question_key, choice_key=choice_key
    ).first()


def thread_comments(review: LensReview, question_key: str, choice_key: str) -> QuerySet[Comment]:
    """A thread's comments, oldest first (an empty list for a thread nobody started)."""
    return (
        Comment.objects.filter(
            thread__lens_review=review,
            thread__question_key=question_key,
            thread__choice_key=choice_key,
        )
        .select_related("author")
        .order_by("id")
    )


def comment_get(review: LensReview, question_key: str, choice_key: str, comment_id: int):
    comment = thread_comments(review, question_key, choice_key).filter(pk=comment_id).first()
    if comment is None:
        raise Http404("No such comment in this thread.")
    return comment


def mentions_in(workload: Workload, body: str) -> list[dict]:
    """The members ``body`` mentions, in order of first mention: ``@username`` of a user who
    is a member (directly or through a team) and ``@team`` of a member team. Other ``@words``
    are left as text."""
    names = list(dict.fromkeys(MENTION.findall(body)))
    if not names:
        return []
    users = set(
        get_user_model()
        .objects.filter(username__in=names)
        .filter(
            Q(workload_memberships__workload=workload)
            | Q(review_teams__workload_memberships__workload=workload)
        )
        .values_list("username", flat=True)
    )
    teams = set(
        Team.objects.filter(name__in=names, workload_memberships__workload=workload).values_list(
            "name", flat=True
        )
    )
    found = []
    for name in names:
        if name in users:
            found.append({"type": "USER", "name": name})
        elif name in teams:
            found.append({"type": "TEAM", "name": name})
    return found


def mention_candidates(workload: Workload) -> list[dict]:
    """Who may be mentioned in the workload's threads (the review page's autocomplete)."""
    users = (
        get_user_model()
        .objects.filter(
            Q(workload_memberships__workload=workload)
            | Q(review_teams__workload_memberships__workload=workload)
        )
        .distinct()
        .order_by("username")
        .values_list("username", flat=True)
    )
    teams = (
        Team.objects.filter(workload_memberships__workload=workload)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
    return [{"type": "USER", "name": name} for name in users] + [
        {"type": "TEAM", "name": name} for name in teams if MENTION.fullmatch(f"@{name}")
    ]


def assignee_find(review: LensReview, question_key: str):
    return (
        QuestionAssignee.objects.filter(lens_review=review, question_key=question_key)
        .select_related("user", "team", "assigned_by")
        .first()
    )


def questions_assigned_to(user):
    """The questions assigned to ``user`` (directly or to one of their teams) in workloads they
    may see, soonest due first (no due date last)."""
    return (
        QuestionAssignee.objects.filter(lens_review__workload__in=workloads_for_user(user))
        .filter(Q(user=user) | Q(team__members=user))
        .select_related("lens_review__workload", "lens_review__lens")
        .distinct()
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )
