"""Reports: the request body of a report and a report job as read."""

from __future__ import annotations

from urllib.parse import urlsplit

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mllens.api.serializers import InputSerializer, UpperChoiceField, typed_json
from mllens.api.versions import VersionedField, VersionedSerializer
from reviews.api.serializers import USER_REF, user_ref
from reviews.api.shapes import MilestoneRefField
from reviews.models import JobStatus, ReportJob, ReportKind


class ReportOptionsSerializer(InputSerializer):
    pillars = serializers.ListField(
        child=serializers.CharField(max_length=128), required=False, max_length=20
    )
    include_notes = serializers.BooleanField(required=False, default=True)
    organisation = serializers.CharField(max_length=100, required=False, allow_blank=True)


class TargetField(VersionedField, MilestoneRefField):
    """A comparison's target as every milestone reference: a number, or ``"current"``; the
    number as a string (``"2"``, how the first v1 shape answered it) is still accepted."""

    default_error_messages = {"invalid": "A milestone number or 'current'."}

    def to_internal_value(self, data) -> str:
        if data == "" or data == "current":
            return data
        if isinstance(data, int) and not isinstance(data, bool) and data > 0:
            return str(data)
        if isinstance(data, str) and data.isascii() and data.isdigit() and int(data) > 0:
            return str(int(data))
        self.fail("invalid")

    def to_current_representation(self, value):
        if value in (None, ""):
            return None
        return value if value == "current" else int(value)

    def to_legacy_representation(self, value):
        return value


class ReportRequestSerializer(InputSerializer):
    workload = serializers.IntegerField()
    lens = serializers.SlugField()
    kind = UpperChoiceField(
        choices=ReportKind.choices, help_text="Lower-case values are accepted (deprecated)."
    )
    milestone = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    base = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    target = TargetField(required=False, allow_null=True)
    options = ReportOptionsSerializer(required=False)


class ReportJobSerializer(VersionedSerializer, serializers.ModelSerializer):
    workload = serializers.IntegerField(source="workload_id")
    lens = serializers.CharField(source="lens.slug")
    kind = UpperChoiceField(choices=ReportKind.choices)
    status = UpperChoiceField(choices=JobStatus.choices)
    target = TargetField(allow_null=True)
    options = typed_json(ReportOptionsSerializer)
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

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, job) -> str | None:
        """Absolute, like the lists' ``next`` (relative for clients of the first v1 shape)."""
        if job.status != JobStatus.DONE:
            return None
        path = f"/api/v1/reports/{job.pk}/download"
        request = self.context.get("request")
        return path if request is None else request.build_absolute_uri(path)

    def get_queue_position(self, job) -> int | None:
        if job.status != JobStatus.QUEUED:
            return None
        return getattr(job, "queued_ahead", 0) + 1

    def to_legacy_representation(self, body: dict, job) -> dict:
        if body["download_url"]:
            body["download_url"] = urlsplit(body["download_url"]).path
        return body


class ReportQuerySerializer(serializers.Serializer):
    workload = serializers.IntegerField(min_value=1, required=False, allow_null=True)
