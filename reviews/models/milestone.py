"""Milestones: numbered, named, immutable snapshots of a whole workload.

Nothing changes or deletes a milestone except deleting its workload (the database
cascade, which goes through Django's plain base manager). ``save()`` refuses updates,
``delete()`` refuses, and the default manager's ``update()``, ``delete()``, ``bulk_update()``
and upserting ``bulk_create()`` refuse too; on PostgreSQL a trigger refuses UPDATE as well.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from catalog.models import Lens, LensVersion
from mllens.errors import DomainError
from reviews.models.counts import RiskCounts
from reviews.models.workload import Workload

MAX_MILESTONES = 100


class MilestoneImmutableError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            code="MILESTONE_IMMUTABLE",
            message="Milestones never change; only deleting the workload removes them.",
            status=405,
        )


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise MilestoneImmutableError()

    def delete(self):
        raise MilestoneImmutableError()

    def bulk_update(self, objs, fields, batch_size=None):
        raise MilestoneImmutableError()

    def bulk_create(self, objs, *args, update_conflicts=False, **kwargs):
        # An upsert (INSERT ... ON CONFLICT DO UPDATE) would rewrite existing rows.
        if update_conflicts:
            raise MilestoneImmutableError()
        return super().bulk_create(objs, *args, **kwargs)


class ImmutableModel(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise MilestoneImmutableError()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise MilestoneImmutableError()


class Milestone(ImmutableModel, RiskCounts):
    """The workload at a point in time; risk counts are its totals over every lens."""

    workload = models.ForeignKey(Workload, on_delete=models.CASCADE, related_name="milestones")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    # The workload's fields as they were.
    workload_data = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the AWS Well-Architected Tool recorded it, for milestones imported from there
    # (``created_at`` is the import time; AWS cannot back-date milestones either way).
    recorded_in_aws_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workload", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workload", "number"], name="reviews_milestone_number"),
            models.UniqueConstraint(fields=["workload", "name"], name="reviews_milestone_name"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.name}"


class MilestoneReview(ImmutableModel, RiskCounts):
    """One lens review inside a milestone, with every answer and improvement item."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reviews")
    # PROTECT: a lens version a milestone refers to can never disappear.
    lens = models.ForeignKey(Lens, on_delete=models.PROTECT, related_name="+")
    lens_version = models.ForeignKey(LensVersion, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    pillar_notes = models.JSONField(default=dict)
    risk_summary = models.JSONField(default=dict)
    answers = models.JSONField(default=list)
    improvement_items = models.JSONField(default=list)

    class Meta:
        ordering = ["milestone", "id"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "lens"], name="reviews_milestone_lens"),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} · {self.lens_version}"


def _milestone_time(review: MilestoneReview):
    return review.milestone.created_at


# A snapshot review reads like a live one in serializers.
MilestoneReview.created_at = property(_milestone_time)
MilestoneReview.updated_at = property(_milestone_time)
