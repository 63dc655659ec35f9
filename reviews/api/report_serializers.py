"""Reports: the request body of a report and a report job as read."""

from __future__ import annotations

from rest_framework import serializers

from mllens.api.serializers import InputSerializer
from reviews.api.serializers import USER_REF, user_ref
from reviews.models import JobStatus, ReportJob, ReportKind


class ReportOptionsSerializer(InputSerializer):
    pillars = serializers.ListField(
        child=serializers.CharField(max_length=128), required=False, max_length=20
    )
    include_notes = serializers.BooleanField(required=False, default=True)
    organisation = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ReportRequestSerializer(InputSerializer):
    workload = serializers.IntegerField()
    lens = serializers.SlugField()
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    milestone = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    base = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    target = serializers.CharField(required=False, allow_blank=True, max_length=16)
    options = ReportOptionsSerializer(required=False)

    def validate_target(self, value: str) -> str:
        if value and value != "current" and not value.isdigit():
            raise serializers.ValidationError("A milestone number or 'current'.")
        return value


class ReportJobSerializer(serializers.ModelSerializer):
    workload = serializers.IntegerField(source="workload_id")
    lens = serializers.CharField(source="lens.slug")
    requested_by = serializers.SerializerMethodField()
    queue_seconds = serializers.SerializerMethodField()
    render_seconds = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    queue_position = serializers.SerializerMethodField(
        help_text="1 for the next job a worker takes, 2 for the one after it, and so on; "
        "null unless the job is queued."
    )

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "workload",
            "lens",
            "kind",
            "milestone",
            "base",
            "target",
            "options",
            "status",
            "progress",
            "error",
            "error_code",
            "attempts",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "queue_seconds",
            "render_seconds",
            "page_count",
            "size",
            "sha256",
            "filename",
            "download_url",
            "queue_position",
        ]

    @USER_REF
    def get_requested_by(self, job) -> dict | None:
        return user_ref(job.requested_by)

    def get_queue_seconds(self, job) -> float | None:
        if not job.started_at:
            return None
        return round((job.started_at - job.created_at).total_seconds(), 3)

    def get_render_seconds(self, job) -> float | None:
        if not (job.started_at and job.finished_at):
            return None
        return round((job.finished_at - job.started_at).total_seconds(), 3)

    def get_download_url(self, job) -> str | None:
        return f"/api/v1/reports/{job.pk}/download" if job.status == JobStatus.DONE else None

    def get_queue_position(self, job) -> int | None:
        if job.status != JobStatus.QUEUED:
            return None
        return getattr(job, "queued_ahead", 0) + 1


class ReportQuerySerializer(serializers.Serializer):
    workload = serializers.IntegerField(min_value=1, required=False, allow_null=True)
