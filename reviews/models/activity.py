"""The audit trail: every write in the reviews app, with actor, time, object and summary."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Activity(models.Model):
    # Kept (with workload NULL) after a workload is deleted, so the deletion stays on record.
    workload = models.ForeignKey(
        "reviews.Workload",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=128, blank=True)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "activity"
        indexes = [models.Index(fields=["workload", "-at"])]

    def __str__(self) -> str:
        return self.summary
