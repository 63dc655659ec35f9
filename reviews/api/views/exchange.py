"""``/workloads/<id>/export`` (JSON, CSV, XLSX, the AWS labs' shape) and ``/workloads/import``
(JSON, or a review from the AWS tool)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.negotiation import DownloadMixin
from mllens.api.query import QueryParametersChecked, invalid_parameter
from mllens.api.responses import created
from mllens.errors import DomainError, problem
from reviews.api.import_serializers import (
    AwsImportReport,
    AwsReviewFile,
    WorkloadDocumentSerializer,
    WorkloadImportedSerializer,
)
from reviews.api.serializers import WorkloadDetailSerializer
from reviews.api.views.common import ERRORS, READ_ERRORS, WorkloadScopedView
from reviews.choices import Role
from reviews.permissions import Action
from reviews.selectors.workloads import workload_list_for_user
from reviews.services import exchange
from reviews.services.awswa.export import aws_review_export
from reviews.services.awswa.service import aws_review_import

AWS_FORMAT = "aws-wa-tool"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class WorkloadExportView(DownloadMixin, WorkloadScopedView):
    download_media_types = ("application/json", "text/csv", FORMATS["xlsx"])

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv", "xlsx", AWS_FORMAT],
                default="json",
                description=f"`{AWS_FORMAT}`: the AWS labs exportImportWAFR.py file shape.",
            )
        ],
        responses={
            (200, "application/json"): PolymorphicProxySerializer(
                component_name="WorkloadExport",
                serializers=[WorkloadDocumentSerializer, AwsReviewFile],
                resource_type_field_name=None,
            ),
            (200, "text/csv"): OpenApiTypes.STR,
            (200, FORMATS["xlsx"]): OpenApiTypes.BINARY,
            **READ_ERRORS,
            400: ERRORS[400],
        },
        description="The whole workload as JSON (re-importable), or its answers as a table. "
        "`Accept` may name the format's media type (or `*/*`); errors are JSON.",
        tags=["workloads"],
    )
    def get(self, request, workload_id):
        workload = self.workload(need=Action.EXPORT)
        kind = request.query_params.get("format", "json")
        stem = slugify(workload.name) or f"workload-{workload.pk}"
        if kind == "json":
            response = JsonResponse(
                exchange.workload_export(workload=workload),
                json_dumps_params={"indent": 2, "ensure_ascii": False},
            )
        elif kind == AWS_FORMAT:
            response = JsonResponse(
                aws_review_export(workload=workload),
                json_dumps_params={"indent": 4, "ensure_ascii": False},
            )
            kind = "json"
            stem += "-aws-wa-tool"
        elif kind == "csv":
            response = HttpResponse(
                exchange.answers_csv(workload=workload), content_type=FORMATS["csv"]
            )
        elif kind == "xlsx":
            response = HttpResponse(
                exchange.answers_xlsx(workload=workload), content_type=FORMATS["xlsx"]
            )
        else:
            raise invalid_parameter(
                "format", f"Use json, csv, xlsx or {AWS_FORMAT}.", "INVALID_CHOICE"
            )
        response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
        return response


def _flag(request, name: str) -> bool:
    value = request.query_params.get(name, "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise invalid_parameter(name, "Use true or false.")
    return value in ("true", "1")


class WorkloadImportView(QueryParametersChecked, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", AWS_FORMAT],
                default="json",
                description=f"`{AWS_FORMAT}`: a review from the AWS Well-Architected Tool "
                "(an exportImportWAFR.py file or a bundle of API responses); the body is then "
                "that file, not a workload document.",
            ),
            OpenApiParameter(
                "dry_run",
                bool,
                default=False,
                description=f"With `{AWS_FORMAT}`: answer what would be created, every item "
                "that cannot be mapped and every risk difference; write nothing.",
            ),
            OpenApiParameter(
                "skip_unmapped",
                bool,
                default=False,
                description=f"With `{AWS_FORMAT}`: import even though some items cannot be "
                "mapped (they are listed in `report.unmapped`).",
            ),
        ],
        request=WorkloadDocumentSerializer,
        responses={
            201: WorkloadImportedSerializer,
            200: OpenApiResponse(AwsImportReport, description="A dry run's report."),
            **ERRORS,
        },
        description="Create a workload from a document made by `/workloads/<id>/export`, or "
        f"(`format={AWS_FORMAT}`) from a review exported from the AWS tool. "
        "You become an owner; members unknown here are skipped (see `warnings`). The whole "
        "document is checked with the API's rules first: any problem is a 400 listing every "
        "problem with its JSON Pointer, and nothing is written. At most "
        "`WORKLOAD_IMPORT_MAX_BYTES` bytes and `WORKLOAD_IMPORT_MAX_ITEMS` entries.",
        tags=["workloads"],
    )
    def post(self, request):
        kind = request.query_params.get("format", "json")
        if kind == AWS_FORMAT:
            return self._aws(request)
        if kind != "json":
            raise invalid_parameter("format", f"Use json or {AWS_FORMAT}.", "INVALID_CHOICE")
        workload, warnings = exchange.workload_import(
            document=_document(request), user=request.user
        )
        return _created(request, workload, {"warnings": warnings})

    def _aws(self, request):
        dry_run = _flag(request, "dry_run")
        workload, report = aws_review_import(
            document=_document(request),
            user=request.user,
            dry_run=dry_run,
            skip_unmapped=_flag(request, "skip_unmapped"),
        )
        if dry_run:
            return Response(report)
        return _created(request, workload, {"warnings": report["warnings"], "report": report})


def _created(request, workload, extra: dict) -> Response:
    workload = workload_list_for_user(request.user).get(pk=workload.pk)
    body = WorkloadDetailSerializer(workload, context={"role": Role.OWNER.value}).data
    return created(request, {**body, **extra}, "api-workload-detail", workload_id=workload.pk)


def _document(request):
    """The parsed body, refusing one over the size limit before reading it."""
    limit = settings.WORKLOAD_IMPORT_MAX_BYTES
    too_big = DomainError(
        code="INVALID_WORKLOAD_DOCUMENT",
        message=f"The document is larger than {limit} bytes.",
        errors=[problem("LIMIT", f"At most {limit} bytes.")],
    )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise too_big
    try:
        return request.data
    except RequestDataTooBig:
        raise too_big from None
