"""Lens reviews, their answers with history, and tracked improvement items."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from catalog.choices import Risk
from catalog.models import Lens, LensVersion, Question
from reviews.choices import ItemStatus, NotApplicableReason
from reviews.limits import MAX_NOTES
from reviews.models.counts import RiskCounts
from reviews.models.workload import Workload


class LensReview(RiskCounts):
    """One lens version applied to one workload.

    ``risk_summary`` holds the counts per pillar, per phase and per pillar × phase cell
    (``{"pillars": {key: {risk: n}}, "phases": {...}, "matrix": {"pillar|phase": {...}}}``),
    adjusted by the answer service whenever one answer's risk changes.
    """

    workload = models.ForeignKey(Workload, on_delete=models.CASCADE, related_name="lens_reviews")
    lens = models.ForeignKey(Lens, on_delete=models.PROTECT, related_name="reviews")
    lens_version = models.ForeignKey(LensVersion, on_delete=models.PROTECT, related_name="reviews")
    notes = models.TextField(max_length=MAX_NOTES, blank=True)
    pillar_notes = models.JSONField(default=dict, blank=True)
    risk_summary = models.JSONField(default=dict, blank=True)
    # Bumped by every change of what the API shows of the review (its ETag; If-Match).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workload", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workload", "lens"], name="reviews_one_review_per_lens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workload} · {self.lens_version}"


class Answer(models.Model):
    """The answer to one question of one lens review; ``version`` guards against lost updates."""

    lens_review = models.ForeignKey(LensReview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    # Denormalised from the question so lists filter and milestones snapshot without joins.
    question_key = models.CharField(max_length=128)
    pillar_key = models.CharField(max_length=128)
    phase_key = models.CharField(max_length=128, blank=True)
    order = models.PositiveSmallIntegerField()
    selected_choices = models.JSONField(default=list, blank=True)
    # Only choices that are NOT_APPLICABLE: {choice_key: {"reason": ..., "notes": ...}}.
    choice_statuses = models.JSONField(default=dict, blank=True)
    is_applicable = models.BooleanField(default=True)
    reason = models.CharField(max_length=32, choices=NotApplicableReason.choices, blank=True)
    notes = models.TextField(max_length=MAX_NOTES, blank=True)
    risk = models.CharField(max_length=16, choices=Risk.choices, default=Risk.UNANSWERED)
    version = models.PositiveIntegerField(default=0)
    needs_review = models.BooleanField(default=False)
    # Where the content came from: the template, its version, and the answer's own version
    # that applying wrote (a later version means the workload changed it since).
    template = models.ForeignKey(
        "reviews.ReviewTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template_version = models.PositiveIntegerField(null=True, blank=True)
    template_answer_version = models.PositiveIntegerField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lens_review", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["lens_review", "question_key"], name="reviews_one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.risk}"


class AnswerChange(models.Model):
    """One accepted change of an answer: who, when, and the answer before and after."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["answer", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="reviews_change_version"),
        ]

    def __str__(self) -> str:
        return f"{self.answer} v{self.version}"


class ImprovementItem(models.Model):
    """Tracking of one improvement item (a question's unselected best practice).

    The item itself is derived from the answers; this row only holds what people added —
    owner, due date, status, note — and is kept across answer changes.
    """

    lens_review = models.ForeignKey(
        LensReview, on_delete=models.CASCADE, related_name="improvement_items"
    )
    question_key = models.CharField(max_length=128)
    choice_key = models.CharField(max_length=128)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    note = models.TextField(max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lens_review", "question_key", "choice_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["lens_review", "question_key", "choice_key"], name="reviews_one_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}/{self.choice_key}: {self.status}"
