"""``/api/v1/reports/``: request PDF reports, follow their progress, download them."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Lens, Pillar
from mllens.api.errors import ErrorSerializer
from mllens.api.negotiation import DownloadMixin
from mllens.api.pagination import NewestFirstPagination, paginated
from mllens.api.responses import located
from mllens.api.serializers import EmptyBodySerializer
from mllens.api.versions import versioned
from mllens.errors import DomainError, ErrorDetail
from reviews.api.report_serializers import (
    ReportJobSerializer,
    ReportQuerySerializer,
    ReportRequestSerializer,
)
from reviews.api.views.common import ERRORS, READ_ERRORS
from reviews.models import JobStatus, MilestoneReview, ReportJob, ReportKind
from reviews.permissions import Action, workload_get_for_user, workloads_for_user
from reviews.services.reports import (
    report_delete,
    report_mark_stale,
    report_request,
    report_retry,
)


def _queued_ahead() -> Subquery:
    """How many queued jobs (anyone's) a worker takes before this one: older ones first."""
    ahead = ReportJob.objects.filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")),
        status=JobStatus.QUEUED,
    )
    return Coalesce(
        Subquery(ahead.order_by().values("status").annotate(n=Count("pk")).values("n")[:1]), 0
    )


def _jobs_for(user):
    return (
        ReportJob.objects.filter(workload__in=workloads_for_user(user))
        .select_related("lens", "requested_by")
        .annotate(queued_ahead=_queued_ahead())
    )


def _job(user, job_id) -> ReportJob:
    job = _jobs_for(user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such report.")
    return report_mark_stale(job)


def _shown(request, job: ReportJob, status_code: int = 200) -> Response:
    body = ReportJobSerializer(job, context={"request": request}).data
    return versioned(request, Response(body, status=status_code))


class ReportListView(APIView):
    pagination_class = NewestFirstPagination
    query_serializer = ReportQuerySerializer

    @extend_schema(
        parameters=[OpenApiParameter("workload", int)],
        responses={200: ReportJobSerializer(many=True), **READ_ERRORS, 400: ErrorSerializer},
        tags=["reports"],
    )
    def get(self, request):
        jobs = _jobs_for(request.user)
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
        data = payload.validated_data
        workload, _ = workload_get_for_user(
            request.user, data["workload"], need=Action.REPORT_REQUEST
        )
        kind = data["kind"]
        milestone, base, target = data.get("milestone"), data.get("base"), data.get("target") or ""
        if kind == ReportKind.COMPARISON:
            milestone, target = None, target or "current"
        else:  # only comparisons have a base and a target
            base, target = None, ""
        for name, number in (("milestone", milestone), ("base", base), ("target", target)):
            if number and number != "current" and not _milestone_exists(workload, number):
                raise _invalid(name, "NOT_FOUND", f"No milestone {number}.")
        # The state the report reads must have the lens: now, or the milestone it is taken at.
        at = milestone if kind != ReportKind.COMPARISON else target
        lens = _lens_at(workload, data["lens"], at)
        if lens is None:
            where = "to the workload" if at in (None, "", "current") else f"at milestone {at}"
            raise _invalid("lens", "NOT_APPLIED", f"This lens is not applied {where}.")
        options = _options(lens, data.get("options") or {})
        job, _ = report_request(
            workload=workload,
            lens=lens,
            kind=kind,
            user=request.user,
            milestone=milestone,
            base=base,
            target=target,
            options=options,
        )
        return _queued(request, job)


def _queued(request, job) -> Response:
    """202 with the job as its owner reads it, and its URL under ``Location``."""
    job = _jobs_for(request.user).get(pk=job.pk)
    response = _shown(request, job, status.HTTP_202_ACCEPTED)
    return located(request, response, "api-report-detail", job_id=job.pk)


def _invalid(field: str, code: str, message: str) -> DomainError:
    return DomainError(
        code="VALIDATION_ERROR",
        message=message,
        errors=[ErrorDetail(code, message, field=field, pointer="/" + field.replace(".", "/"))],
    )


def _milestone_exists(workload, number) -> bool:
    return workload.milestones.filter(number=int(number)).exists()


def _lens_at(workload, slug: str, milestone) -> Lens | None:
    if milestone in (None, "", "current"):
        return Lens.objects.filter(slug=slug, reviews__workload=workload).first()
    review = (
        MilestoneReview.objects.filter(
            milestone__workload=workload, milestone__number=int(milestone), lens__slug=slug
        )
        .select_related("lens")
        .first()
    )
    return review.lens if review else None


def _options(lens: Lens, options: dict) -> dict:
    """Options in one canonical form, so identical requests share one job."""
    canonical = {"include_notes": options.get("include_notes", True)}
    if pillars := options.get("pillars"):
        known = set(Pillar.objects.filter(lens_version__lens=lens).values_list("key", flat=True))
        if unknown := sorted(set(pillars) - known):
            raise _invalid("options.pillars", "UNKNOWN_PILLAR", f"No pillar {unknown[0]!r}.")
        canonical["pillars"] = sorted(set(pillars))
    if organisation := (options.get("organisation") or "").strip():
        canonical["organisation"] = organisation
    return canonical


class ReportDetailView(APIView):
    @extend_schema(responses={200: ReportJobSerializer, **READ_ERRORS}, tags=["reports"])
    def get(self, request, job_id: int):
        return _shown(request, _job(request.user, job_id))

    @extend_schema(responses={204: None, **ERRORS}, tags=["reports"])
    def delete(self, request, job_id: int):
        job = _job(request.user, job_id)
        workload_get_for_user(request.user, job.workload_id, need=Action.REPORT_DELETE)
        report_delete(job=job, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportRetryView(APIView):
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


class ReportDownloadView(DownloadMixin, APIView):
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
