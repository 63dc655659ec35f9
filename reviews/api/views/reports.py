"""``/api/v1/reports/``: request PDF reports, follow their progress, download them."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.errors import ErrorSerializer
from mllens.api.negotiation import DownloadMixin
from mllens.api.pagination import NewestFirstPagination, paginated
from mllens.api.query import QueryParametersChecked
from mllens.api.responses import located
from mllens.api.serializers import EmptyBodySerializer
from mllens.errors import DomainError
from reviews.api.report_serializers import (
    ReportJobSerializer,
    ReportQuerySerializer,
    ReportRequestSerializer,
)
from reviews.api.views.common import ERRORS, READ_ERRORS
from reviews.models import JobStatus, ReportJob
from reviews.permissions import Action, workload_get_for_user
from reviews.selectors.reports import report_job_get, report_jobs_for
from reviews.services.reports import (
    report_delete,
    report_mark_stale,
    report_order,
    report_retry,
)


def _job(user, job_id) -> ReportJob:
    """The job (404 unless the user may read its workload), marked failed if its task was lost."""
    return report_mark_stale(report_job_get(user, job_id))


def _shown(request, job: ReportJob, status_code: int = 200) -> Response:
    body = ReportJobSerializer(job, context={"request": request}).data
    return Response(body, status=status_code)


class ReportListView(QueryParametersChecked, APIView):
    pagination_class = NewestFirstPagination
    query_serializer = ReportQuerySerializer

    @extend_schema(
        parameters=[OpenApiParameter("workload", int)],
        responses={200: ReportJobSerializer(many=True), **READ_ERRORS, 400: ErrorSerializer},
        tags=["reports"],
    )
    def get(self, request):
        jobs = report_jobs_for(request.user)
        if workload := request.query_params.get("workload"):  # a number (mllens.api.query)
            # A workload the user may not see does not exist for them, here too.
            workload_get_for_user(request.user, workload, need=Action.REPORT_DOWNLOAD)
            jobs = jobs.filter(workload_id=int(workload))
        return paginated(
            self,
            jobs.order_by("-created_at", "-id"),
            lambda page: (
                ReportJobSerializer(
                    [report_mark_stale(j) for j in page], many=True, context={"request": request}
                ).data
            ),
            NewestFirstPagination,
            was_array=False,
        )

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportJobSerializer, **ERRORS, 429: ErrorSerializer, 503: ErrorSerializer},
        description="Queue a report. An identical request while one is queued or running "
        "returns that job. 429 `TOO_MANY_REPORTS` (with `Retry-After`) when you already have "
        "`REPORT_JOBS_PER_USER` reports queued or running; 503 when the task broker is "
        "unreachable.",
        tags=["reports"],
    )
    def post(self, request):
        payload = ReportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        workload, _ = workload_get_for_user(
            request.user, data.pop("workload"), need=Action.REPORT_REQUEST
        )
        job, _ = report_order(workload=workload, user=request.user, **data)
        return _queued(request, job)


def _queued(request, job) -> Response:
    """202 with the job as its owner reads it, and its URL under ``Location``."""
    response = _shown(request, report_job_get(request.user, job.pk), status.HTTP_202_ACCEPTED)
    return located(request, response, "api-report-detail", job_id=job.pk)


class ReportDetailView(QueryParametersChecked, APIView):
    @extend_schema(responses={200: ReportJobSerializer, **READ_ERRORS}, tags=["reports"])
    def get(self, request, job_id: int):
        return _shown(request, _job(request.user, job_id))

    @extend_schema(responses={204: None, **ERRORS}, tags=["reports"])
    def delete(self, request, job_id: int):
        job = _job(request.user, job_id)
        workload_get_for_user(request.user, job.workload_id, need=Action.REPORT_DELETE)
        report_delete(job=job, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportRetryView(QueryParametersChecked, APIView):
    @extend_schema(
        request=None,
        responses={
            202: ReportJobSerializer,
            **ERRORS,
            409: ErrorSerializer,
            429: ErrorSerializer,
            503: ErrorSerializer,
        },
        tags=["reports"],
    )
    def post(self, request, job_id: int):
        EmptyBodySerializer(data=request.data).is_valid(raise_exception=True)
        job = _job(request.user, job_id)
        workload_get_for_user(request.user, job.workload_id, need=Action.REPORT_REQUEST)
        job = report_retry(job=job, user=request.user)
        return _queued(request, job)


class ReportDownloadView(QueryParametersChecked, DownloadMixin, APIView):
    download_media_types = ("application/pdf",)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **READ_ERRORS,
            409: ErrorSerializer,
            410: ErrorSerializer,
        },
        description="The PDF, as an attachment. `Accept: application/pdf` (or `*/*`) is "
        "accepted; errors are JSON in the one error shape.",
        tags=["reports"],
    )
    def get(self, request, job_id: int):
        job = _job(request.user, job_id)
        if job.status != JobStatus.DONE:
            raise DomainError(code="NOT_READY", message=f"The report is {job.status}.", status=409)
        gone = DomainError(
            code="FILE_MISSING",
            message="The PDF of this report is no longer stored; request it again.",
            status=410,
        )
        if not job.file:  # e.g. restored from a backup, which holds no PDFs
            raise gone
        try:
            handle = job.file.open("rb")
        except FileNotFoundError:
            raise gone from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=job.filename,
            content_type="application/pdf",
        )
