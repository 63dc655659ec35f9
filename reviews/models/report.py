"""Report jobs: a requested PDF, its progress, and the stored file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog.models import Lens
from reviews.models.workload import Workload


class ReportKind(models.TextChoices):
    REVIEW = "review", "Review report"
    IMPROVEMENT_PLAN = "improvement_plan", "Improvement plan"
    COMPARISON = "comparison", "Milestone comparison"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class ReportJob(models.Model):
    workload = models.ForeignKey(Workload, on_delete=models.CASCADE, related_name="reports")
    lens = models.ForeignKey(Lens, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=ReportKind.choices)
    milestone = models.PositiveSmallIntegerField(null=True, blank=True)
    base = models.PositiveSmallIntegerField(null=True, blank=True)
    # A milestone number, or "current".
    target = models.CharField(max_length=16, blank=True)
    options = models.JSONField(default=dict, blank=True)
    # Same request, same key: used to hand back a queued or running job instead of a twin.
    request_key = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # The failure family (``reviews.reports.failures``): stable for scripts, unlike the text.
    error_code = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    peak_memory_kb = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workload", "-created_at"]),
            # The queue: positions count the queued jobs ahead, quotas a user's active ones.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="queued"),
                name="reviews_reportjob_queue",
            ),
            models.Index(
                fields=["requested_by"],
                condition=Q(status__in=["queued", "running"]),
                name="reviews_reportjob_active_by",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request_key"],
                condition=Q(status__in=["queued", "running"]),
                name="reviews_one_active_job_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"
