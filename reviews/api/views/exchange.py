"""``/workloads/<id>/export`` (JSON, CSV, XLSX) and ``/workloads/import`` (JSON)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.errors import DomainError, ErrorDetail
from reviews import selectors
from reviews.api.import_serializers import WorkloadDocumentSerializer
from reviews.api.serializers import WorkloadDetailSerializer
from reviews.api.views.common import ERRORS, READ_ERRORS, WorkloadScopedView
from reviews.choices import Role
from reviews.permissions import Action
from reviews.services import exchange

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class WorkloadExportView(WorkloadScopedView):
    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv", "xlsx"], default="json")],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, FORMATS["xlsx"]): OpenApiTypes.BINARY,
            **READ_ERRORS,
            400: ERRORS[400],
        },
        description="The whole workload as JSON (re-importable), or its answers as a table.",
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
        elif kind == "csv":
            response = HttpResponse(
                exchange.answers_csv(workload=workload), content_type=FORMATS["csv"]
            )
        elif kind == "xlsx":
            response = HttpResponse(
                exchange.answers_xlsx(workload=workload), content_type=FORMATS["xlsx"]
            )
        else:
            raise DomainError(
                code="VALIDATION_ERROR",
                message="Use format json, csv or xlsx.",
                errors=[ErrorDetail("INVALID_CHOICE", "json, csv or xlsx", field="format")],
            )
        response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
        return response


class WorkloadImportView(APIView):
    @extend_schema(
        request=WorkloadDocumentSerializer,
        responses={201: WorkloadDetailSerializer, **ERRORS},
        description="Create a workload from a document made by `/workloads/<id>/export`. "
        "You become an owner; members unknown here are skipped (see `warnings`). The whole "
        "document is checked with the API's rules first: any problem is a 400 listing every "
        "problem with its JSON Pointer, and nothing is written. At most "
        "`WORKLOAD_IMPORT_MAX_BYTES` bytes and `WORKLOAD_IMPORT_MAX_ITEMS` entries.",
        tags=["workloads"],
    )
    def post(self, request):
        workload, warnings = exchange.workload_import(
            document=_document(request), user=request.user
        )
        workload = selectors.workload_list_for_user(request.user).get(pk=workload.pk)
        body = WorkloadDetailSerializer(workload, context={"role": Role.OWNER.value}).data
        return Response({**body, "warnings": warnings}, status=status.HTTP_201_CREATED)


def _document(request):
    """The parsed body, refusing one over the size limit before reading it."""
    limit = settings.WORKLOAD_IMPORT_MAX_BYTES
    too_big = DomainError(
        code="INVALID_WORKLOAD_DOCUMENT",
        message=f"The document is larger than {limit} bytes.",
        errors=[ErrorDetail("LIMIT", f"At most {limit} bytes.", pointer="")],
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
