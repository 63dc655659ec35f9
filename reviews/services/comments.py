"""Writing comment threads: comment, edit or delete one's own comment, resolve and reopen."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mllens.errors import PermissionDeniedError, invalid, problem, version_check
from reviews.choices import ThreadStatus
from reviews.models import Comment, CommentThread, LensReview, QuestionAssignee, Team
from reviews.selectors.answers import answer_get
from reviews.selectors.comments import mentions_in, thread_target_check
from reviews.services.activity import activity_record
from reviews.services.locks import workload_hold


def _where(question_key: str, choice_key: str) -> str:
    return f"{question_key} / {choice_key}" if choice_key else question_key


def _data(comment: Comment, question_key: str, choice_key: str) -> dict:
    return {"question": question_key, "choice": choice_key or None, "comment": comment.pk}


def _thread_for_update(review: LensReview, question_key: str, choice_key: str) -> CommentThread:
    workload_hold(review.workload_id)
    thread_target_check(review, question_key, choice_key)
    thread, _ = CommentThread.objects.select_for_update().get_or_create(
        lens_review=review, question_key=question_key, choice_key=choice_key
    )
    return thread


def _body_checked(body: str) -> str:
    if not body.strip():
        raise invalid(
            problem("BLANK", "A comment needs some text.", "body"),
            message="A comment needs some text.",
        )
    return body


@transaction.atomic
def comment_create(
    *, review: LensReview, question_key: str, choice_key: str = "", actor, body: str
) -> Comment:
    """Add a comment to the thread (started if it has none yet). Mentions are parsed here."""
    body = _body_checked(body)
    thread = _thread_for_update(review, question_key, choice_key)
    comment = Comment.objects.create(
        thread=thread, author=actor, body=body, mentions=mentions_in(review.workload, body)
    )
    activity_record(
        workload=review.workload,
        actor=actor,
        verb="comment.create",
        obj=comment,
        summary=f"commented on {_where(question_key, choice_key)}",
        data=_data(comment, question_key, choice_key),
    )
    return comment


def _own(comment: Comment, actor) -> None:
    if comment.author_id != actor.pk:
        raise PermissionDeniedError("Only the author of a comment may change or delete it.")
    if comment.deleted_at is not None:
        raise invalid(
            problem("DELETED", "This comment was deleted.", "body"),
            message="A deleted comment cannot be changed.",
        )


def _locked(comment: Comment) -> Comment:
    workload_hold(comment.thread.lens_review.workload_id)
    locked = Comment.objects.select_for_update(of=("self",)).select_related("author")
    return locked.get(pk=comment.pk)


@transaction.atomic
def comment_edit(*, comment: Comment, actor, body: str, expected=None) -> Comment:
    """Change one's own comment; the earlier body goes to ``history`` (shown as edited)."""
    body = _body_checked(body)
    thread = comment.thread
    comment = _locked(comment)
    version_check(expected, comment.version)
    _own(comment, actor)
    if body == comment.body:
        return comment
    now = timezone.now()
    comment.history = [*comment.history, {"body": comment.body, "replaced_at": now.isoformat()}]
    comment.body = body
    comment.mentions = mentions_in(thread.lens_review.workload, body)
    comment.edited_at = now
    comment.version += 1
    comment.save()
    activity_record(
        workload_id=thread.lens_review.workload_id,
        actor=actor,
        verb="comment.update",
        obj=comment,
        summary=f"edited a comment on {_where(thread.question_key, thread.choice_key)}",
        data=_data(comment, thread.question_key, thread.choice_key),
    )
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor, expected=None) -> None:
    """Delete one's own comment: its place in the thread stays (shown as deleted) and its
    body is kept in ``history``."""
    thread = comment.thread
    comment = _locked(comment)
    version_check(expected, comment.version)
    _own(comment, actor)
    now = timezone.now()
    comment.history = [*comment.history, {"body": comment.body, "replaced_at": now.isoformat()}]
    comment.body = ""
    comment.mentions = []
    comment.deleted_at = now
    comment.version += 1
    comment.save()
    activity_record(
        workload_id=thread.lens_review.workload_id,
        actor=actor,
        verb="comment.delete",
        obj=comment,
        summary=f"deleted a comment on {_where(thread.question_key, thread.choice_key)}",
        data=_data(comment, thread.question_key, thread.choice_key),
    )


@transaction.atomic
def thread_set_status(
    *,
    review: LensReview,
    question_key: str,
    choice_key: str = "",
    actor,
    status: str,
    expected=None,
) -> CommentThread:
    """Resolve or reopen a thread (a no-op when it already has that status)."""
    thread = _thread_for_update(review, question_key, choice_key)
    version_check(expected, thread.version)
    if thread.status == status:
        return thread
    resolved = status == ThreadStatus.RESOLVED
    thread.status = status
    thread.resolved_by = actor if resolved else None
    thread.resolved_at = timezone.now() if resolved else None
    thread.version += 1
    thread.save()
    activity_record(
        workload=review.workload,
        actor=actor,
        verb="thread.resolve" if resolved else "thread.reopen",
        obj=thread,
        summary=f"{'resolved' if resolved else 'reopened'} the thread on "
        f"{_where(question_key, choice_key)}",
        data={"question": question_key, "choice": choice_key or None},
    )
    return thread


def _member_principal(workload, user: str | None, team: str | None):
    """The member user or team named; a 400 (``NOT_MEMBER`` at the field) otherwise."""
    if user:
        found = (
            get_user_model()
            .objects.filter(username=user)
            .filter(
                Q(workload_memberships__workload=workload)
                | Q(review_teams__workload_memberships__workload=workload)
            )
            .first()
        )
        field = "user"
    else:
        found = Team.objects.filter(name=team, workload_memberships__workload=workload).first()
        field = "team"
    if found is None:
        raise invalid(
            problem("NOT_MEMBER", "Not a member.", field),
            message="A question is assigned to a member of the workload.",
        )
    return found


def _assignee_locked(review: LensReview, question_key: str, expected) -> QuestionAssignee | None:
    """The question's assignment, locked (None: nobody), after the If-Match check (an
    unassigned question is version 0); 404 for a question the review lacks."""
    workload_hold(review.workload_id)
    answer_get(review, question_key)
    assignee = (
        QuestionAssignee.objects.select_for_update()
        .filter(lens_review=review, question_key=question_key)
        .first()
    )
    version_check(expected, assignee.version if assignee else 0)
    return assignee


@transaction.atomic
def question_assign(
    *,
    review: LensReview,
    question_key: str,
    actor,
    user: str | None = None,
    team: str | None = None,
    due_date=None,
    expected=None,
) -> QuestionAssignee:
    """Assign the question to a member user or team (exactly one), with an optional due date;
    replaces an earlier assignment."""
    if bool(user) == bool(team):
        raise invalid(
            problem("REQUIRED", "Name a user or a team, not both.", "user"),
            message="Assign the question to one user or one team.",
        )
    principal = _member_principal(review.workload, user, team)
    assignee = _assignee_locked(review, question_key, expected)
    if assignee is None:
        assignee = QuestionAssignee(lens_review=review, question_key=question_key, version=0)
    assignee.user = principal if user else None
    assignee.team = principal if team else None
    assignee.due_date = due_date
    assignee.assigned_by = actor
    assignee.version += 1
    assignee.save()
    activity_record(
        workload=review.workload,
        actor=actor,
        verb="question.assign",
        obj=assignee,
        summary=f"assigned {question_key} to {user or team}",
        data={"question": question_key, "user": user, "team": team},
    )
    return assignee


@transaction.atomic
def question_unassign(*, review: LensReview, question_key: str, actor, expected=None) -> None:
    """Take the question's assignment away (a no-op when it has none)."""
    assignee = _assignee_locked(review, question_key, expected)
    if assignee is None:
        return
    activity_record(
        workload=review.workload,
        actor=actor,
        verb="question.unassign",
        obj=assignee,
        summary=f"unassigned {question_key}",
        data={"question": question_key},
    )
    assignee.delete()
