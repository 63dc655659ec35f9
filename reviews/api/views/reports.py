"""``/api/v1/reports/``: request PDF reports, follow their progress, download them."""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Lens
from mllens.api.errors import ErrorSerializer
from mllens.api.pagination import Pagination
from mllens.errors import DomainError, ErrorDetail
from reviews.api.serializers import user_ref
from reviews.api.views.common import ERRORS, READ_ERRORS
from reviews.choices import Role
from reviews.models import JobStatus, ReportJob, ReportKind
from reviews.permissions import workload_get_for_user, workloads_for_user
from reviews.services.reports import (
    report_delete,
    report_mark_stale,
    report_request,
    report_retry,
)


class ReportOptionsSerializer(serializers.Serializer):
    pillars = serializers.ListField(
        child=serializers.CharField(max_length=128), required=False, max_length=20
    )
    include_notes = serializers.BooleanField(required=False, default=True)
    organisation = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ReportRequestSerializer(serializers.Serializer):
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
        ]

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


def _jobs_for(user):
    return ReportJob.objects.filter(workload__in=workloads_for_user(user)).select_related(
        "lens", "requested_by"
    )


def _job(user, job_id) -> ReportJob:
    job = _jobs_for(user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such report.")
    return report_mark_stale(job)


class ReportListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("workload", int)],
        responses={200: ReportJobSerializer(many=True), **READ_ERRORS},
        tags=["reports"],
    )
    def get(self, request):
        jobs = _jobs_for(request.user)
        if workload := request.query_params.get("workload"):
            if not workload.isdigit():
                raise DomainError(
                    code="VALIDATION_ERROR",
                    message="workload is a number.",
                    errors=[ErrorDetail("INVALID", "A number.", field="workload")],
                )
            jobs = jobs.filter(workload_id=int(workload))
        paginator = Pagination()
        page = paginator.paginate_queryset(jobs.order_by("-created_at", "-id"), request, self)
        return paginator.get_paginated_response(ReportJobSerializer(page, many=True).data)

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportJobSerializer, **ERRORS, 503: ErrorSerializer},
        description="Queue a report. An identical request while one is queued or running "
        "returns that job. 503 when the task broker is unreachable.",
        tags=["reports"],
    )
    def post(self, request):
        payload = ReportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        workload, _ = workload_get_for_user(request.user, data["workload"], need=Role.READER)
        lens = Lens.objects.filter(slug=data["lens"], reviews__workload=workload).first()
        if (
            lens is None
            and not workload.milestones.filter(reviews__lens__slug=data["lens"]).exists()
        ):
            raise DomainError(
                code="VALIDATION_ERROR",
                message="This lens is not applied to the workload.",
                errors=[ErrorDetail("NOT_APPLIED", "Not applied.", field="lens", pointer="/lens")],
            )
        lens = lens or Lens.objects.get(slug=data["lens"])
        for name in ("milestone", "base"):
            number = data.get(name)
            if number and not workload.milestones.filter(number=number).exists():
                raise DomainError(
                    code="VALIDATION_ERROR",
                    message=f"No milestone {number}.",
                    errors=[
                        ErrorDetail(
                            "NOT_FOUND", "No such milestone.", field=name, pointer=f"/{name}"
                        )
                    ],
                )
        target = data.get("target") or ""
        if target.isdigit() and not workload.milestones.filter(number=int(target)).exists():
            raise DomainError(
                code="VALIDATION_ERROR",
                message=f"No milestone {target}.",
                errors=[
                    ErrorDetail(
                        "NOT_FOUND", "No such milestone.", field="target", pointer="/target"
                    )
                ],
            )
        job, _ = report_request(
            workload=workload,
            lens=lens,
            kind=data["kind"],
            user=request.user,
            milestone=data.get("milestone"),
            base=data.get("base"),
            target=target,
            options=dict(data.get("options") or {}),
        )
        job = _jobs_for(request.user).get(pk=job.pk)
        return Response(ReportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ReportDetailView(APIView):
    @extend_schema(responses={200: ReportJobSerializer, **READ_ERRORS}, tags=["reports"])
    def get(self, request, job_id: int):
        return Response(ReportJobSerializer(_job(request.user, job_id)).data)

    @extend_schema(responses={204: None, **ERRORS}, tags=["reports"])
    def delete(self, request, job_id: int):
        job = _job(request.user, job_id)
        workload_get_for_user(request.user, job.workload_id, need=Role.CONTRIBUTOR)
        report_delete(job=job, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportRetryView(APIView):
    @extend_schema(
        request=None,
        responses={202: ReportJobSerializer, **ERRORS, 409: ErrorSerializer, 503: ErrorSerializer},
        tags=["reports"],
    )
    def post(self, request, job_id: int):
        job = report_retry(job=_job(request.user, job_id), user=request.user)
        return Response(ReportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ReportDownloadView(APIView):
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **READ_ERRORS,
            409: ErrorSerializer,
        },
        tags=["reports"],
    )
    def get(self, request, job_id: int):
        job = _job(request.user, job_id)
        if job.status != JobStatus.DONE or not job.file:
            raise DomainError(code="NOT_READY", message=f"The report is {job.status}.", status=409)
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type="application/pdf",
        )
