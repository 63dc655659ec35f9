"""Review templates: answers given once (by a platform team) for many workloads to apply."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog.models import Lens, LensVersion
from reviews.choices import NotApplicableReason, Role
from reviews.limits import MAX_NOTES
from reviews.models.workload import Team


class ReviewTemplate(models.Model):
    """Pre-set answers for chosen questions of one or more lenses.

    ``version`` is its ETag and the version applied answers record: every change of the
    template or of one of its answers bumps it.
    """

    name = models.CharField(max_length=100)
    description = models.TextField(max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TemplateMember(models.Model):
    """A user or a team with a role on a template (the workload roles' meaning)."""

    template = models.ForeignKey(ReviewTemplate, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="template_memberships",
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="template_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["template", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(team__isnull=True))
                | (Q(user__isnull=True) & Q(team__isnull=False)),
                name="reviews_tmember_user_xor_team",
            ),
            models.UniqueConstraint(
                fields=["template", "user"],
                condition=Q(user__isnull=False),
                name="reviews_tmember_unique_user",
            ),
            models.UniqueConstraint(
                fields=["template", "team"],
                condition=Q(team__isnull=False),
                name="reviews_tmember_unique_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.team} ({self.role})"


class TemplateLens(models.Model):
    """One lens of a template, at the lens version its answers were given for."""

    template = models.ForeignKey(ReviewTemplate, on_delete=models.CASCADE, related_name="lenses")
    lens = models.ForeignKey(Lens, on_delete=models.PROTECT, related_name="+")
    lens_version = models.ForeignKey(LensVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["template", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "lens"], name="reviews_template_one_lens")
        ]

    def __str__(self) -> str:
        return f"{self.template_id} · {self.lens_version_id}"


class TemplateAnswer(models.Model):
    """The pre-set answer of one question: the content of a workload answer, versioned."""

    template_lens = models.ForeignKey(
        TemplateLens, on_delete=models.CASCADE, related_name="answers"
    )
    question_key = models.CharField(max_length=128)
    selected_choices = models.JSONField(default=list, blank=True)
    choice_statuses = models.JSONField(default=dict, blank=True)
    is_applicable = models.BooleanField(default=True)
    reason = models.CharField(max_length=32, choices=NotApplicableReason.choices, blank=True)
    notes = models.TextField(max_length=MAX_NOTES, blank=True)
    risk = models.CharField(max_length=16, default="UNANSWERED")
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["template_lens", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template_lens", "question_key"], name="reviews_template_one_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.risk}"
