"""Comment threads on a question of a lens review, or on one of its improvement items."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from reviews.choices import ThreadStatus
from reviews.limits import MAX_COMMENT
from reviews.models.review import LensReview


class CommentThread(models.Model):
    """The state of one thread: a question's (``choice_key`` empty) or an improvement item's.

    Created with its first comment, or when someone resolves a thread that has none yet."""

    lens_review = models.ForeignKey(
        LensReview, on_delete=models.CASCADE, related_name="comment_threads"
    )
    question_key = models.CharField(max_length=128)
    choice_key = models.CharField(max_length=128, blank=True)
    status = models.CharField(
        max_length=16, choices=ThreadStatus.choices, default=ThreadStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # 0 until it is first resolved, as a thread nobody started reads.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["lens_review", "question_key", "choice_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["lens_review", "question_key", "choice_key"], name="reviews_one_thread"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}/{self.choice_key}: {self.status}"


class Comment(models.Model):
    """One comment. Edits keep the earlier bodies in ``history``; a deletion keeps the row
    (its body moves to ``history``), so the thread reads as it happened."""

    thread = models.ForeignKey(CommentThread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=MAX_COMMENT, blank=True)
    # [{"type": "USER"|"TEAM", "name": ...}]: who the body mentions, parsed when written.
    mentions = models.JSONField(default=list, blank=True)
    # [{"body": ..., "replaced_at": ISO time}]: earlier bodies, oldest first.
    history = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["thread", "id"]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.thread}"


class QuestionAssignee(models.Model):
    """Who is to answer a question of a lens review (a member user or team), and by when."""

    lens_review = models.ForeignKey(LensReview, on_delete=models.CASCADE, related_name="assignees")
    question_key = models.CharField(max_length=128)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "reviews.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["lens_review", "question_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["lens_review", "question_key"], name="reviews_one_assignee"
            ),
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(team__isnull=True))
                | (models.Q(user__isnull=True) & models.Q(team__isnull=False)),
                name="reviews_assignee_user_xor_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.user or self.team}"
