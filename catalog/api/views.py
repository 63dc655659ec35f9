"""Catalogue API: browse lenses and versions; import, publish, export, diff and delete."""

from __future__ import annotations

import re

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import lensformat, selectors, services
from catalog.api.lens_file import LensFile
from catalog.api.serializers import (
    ImportFileSerializer,
    ImportResultSerializer,
    LensDetailSerializer,
    LensDiffQuerySerializer,
    LensDiffSerializer,
    LensExportQuerySerializer,
    LensExportReportSerializer,
    LensImportErrorSerializer,
    LensSerializer,
    LensVersionTreeSerializer,
    PublishSerializer,
)
from catalog.lensdiff import lens_diff
from catalog.models import Lens
from mllens.api.errors import ErrorSerializer
from mllens.api.negotiation import DownloadMixin
from mllens.api.query import QueryParametersChecked, invalid_parameter
from mllens.api.responses import created
from mllens.errors import DomainError, ErrorDetail, invalid, problem

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class RawJSONParser(BaseParser):
    """Leaves the body unparsed: the lens validator reads the exact bytes (BOM, NaN, ...)."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}


class EscapedJSONRenderer(JSONRenderer):
    """JSON with non-ASCII characters as ``\\u`` escapes.

    Problems point at keys of the uploaded file, and a key may hold a lone surrogate, which
    UTF-8 cannot encode; escaped, it still reaches the client intact.
    """

    ensure_ascii = True


def lens_format_error(error: lensformat.LensFormatError) -> DomainError:
    """A rejected lens file in the one error shape: every problem, and the warnings too."""
    return DomainError(
        code=error.code,
        message=error.message,
        errors=list(error.problems),
        extra={"warnings": [warning.as_dict() for warning in error.warnings]},
    )


class LensFormatErrors:
    """Answers a ``LensFormatError`` from the lens-format checks as a ``DomainError``."""

    def handle_exception(self, exc):
        if isinstance(exc, lensformat.LensFormatError):
            exc = lens_format_error(exc)
        return super().handle_exception(exc)


class LensListView(LensFormatErrors, QueryParametersChecked, ListAPIView):
    serializer_class = LensSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular has no real user
            return Lens.objects.none()
        return selectors.lens_list_for_user(self.request.user)

    @extend_schema(responses={200: LensSerializer(many=True), **ERRORS}, tags=["lenses"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class LensDetailView(LensFormatErrors, QueryParametersChecked, APIView):
    @extend_schema(responses={200: LensDetailSerializer, **ERRORS}, tags=["lenses"])
    def get(self, request, slug: str):
        lens = selectors.lens_get_for_user(request.user, slug)
        versions = selectors.versions_for_user(request.user, lens)
        return Response(LensDetailSerializer(lens, context={"versions": versions}).data)

    @extend_schema(responses={204: None, **ERRORS, 409: ErrorSerializer}, tags=["lenses"])
    def delete(self, request, slug: str):
        lens = selectors.lens_get_for_user(request.user, slug)
        services.lens_delete(lens=lens, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LensVersionView(LensFormatErrors, QueryParametersChecked, APIView):
    @extend_schema(
        responses={200: LensVersionTreeSerializer, **ERRORS},
        description="The whole tree of a version. `version` is a published label, "
        "`latest` or `draft` (owners and staff only).",
        tags=["lenses"],
    )
    def get(self, request, slug: str, version: str):
        lens = selectors.lens_get_for_user(request.user, slug)
        found = _version(request, lens, version)
        return Response(LensVersionTreeSerializer(selectors.lens_version_tree(found)).data)


class LensImportView(LensFormatErrors, QueryParametersChecked, APIView):
    parser_classes = [RawJSONParser, MultiPartParser]
    renderer_classes = [EscapedJSONRenderer]

    @extend_schema(
        request={
            "application/json": LensFile,
            "multipart/form-data": ImportFileSerializer,
        },
        parameters=[
            OpenApiParameter("mode", str, enum=["strict", "lenient"], default="lenient"),
            OpenApiParameter(
                "lens",
                str,
                description="Slug of an existing lens (owners and staff; shipped lenses: staff) "
                "to import the file as a new draft of. The `mllens` extensions the file lacks "
                "(lifecycle phases, best-practice ids and aliases, design principles, "
                "foundational practices) are carried over from the previous version by "
                "question and choice id; the warnings list what was carried "
                "(EXTENSION_CARRIED_OVER) and what could not be matched (EXTENSION_NOT_MATCHED).",
            ),
        ],
        responses={
            201: ImportResultSerializer,
            400: LensImportErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        tags=["lenses"],
    )
    def post(self, request):
        mode = request.query_params.get("mode", "lenient")
        if mode not in {"strict", "lenient"}:
            raise invalid_parameter("mode", "Use strict or lenient.", "INVALID_CHOICE")
        lens = None
        if slug := request.query_params.get("lens"):
            lens = selectors.lens_get_for_user(request.user, slug)
        raw = _read_lens_upload(request)
        result = services.lens_import(
            raw=raw, user=request.user, strict=mode == "strict", lens=lens
        )
        lens = selectors.lens_get_for_user(request.user, result.lens.slug)
        body = ImportResultSerializer(
            {
                "lens": lens,
                "draft": result.draft,
                "warnings": [w.as_dict() for w in result.warnings],
                "created": result.created,
            }
        ).data
        return created(request, body, "api-lens-detail", slug=lens.slug)


def _too_big() -> lensformat.LensFormatError:
    return lensformat.LensFormatError(
        [lensformat.Problem("LIMIT", "", f"The file is larger than {lensformat.MAX_BYTES} bytes.")]
    )


def _read_lens_upload(request) -> bytes:
    """The uploaded bytes, refusing anything over the size limit before reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    content_type = request.content_type or ""
    if content_type.startswith("multipart/form-data"):
        if length > lensformat.MAX_BYTES + 64 * 1024:
            raise _too_big()
        upload = request.FILES.get("file")
        if upload is None:
            raise invalid(
                problem("REQUIRED", "This field is required.", "file"),
                message="Send the lens as a file field named 'file'.",
            )
        if upload.size > lensformat.MAX_BYTES:
            raise _too_big()
        return upload.read()
    if length > lensformat.MAX_BYTES:
        raise _too_big()
    try:
        return request.body
    except RequestDataTooBig:
        raise _too_big() from None


def _version(request, lens: Lens, label: str):
    """The version, or 404; for a stale ``draft``, a 404 that names the latest published one."""
    try:
        return selectors.lens_version_get_for_user(request.user, lens, label)
    except selectors.VersionNotFound as missing:
        if missing.latest is None:
            raise
        latest = missing.latest.version
        url = reverse("api-lens-version", args=[lens.slug, latest])
        raise DomainError(
            code="NOT_FOUND",
            message="No such version: the draft has been published or discarded. "
            f"The latest published version is {latest!r}.",
            errors=[
                ErrorDetail(
                    "LATEST_VERSION",
                    f"The latest published version is {latest!r}: {url}",
                    field="version",
                )
            ],
            status=404,
        ) from None


class LensPublishView(LensFormatErrors, QueryParametersChecked, APIView):
    @extend_schema(
        request=PublishSerializer,
        responses={200: LensDetailSerializer, **ERRORS, 409: ErrorSerializer},
        tags=["lenses"],
    )
    def post(self, request, slug: str):
        lens = selectors.lens_get_for_user(request.user, slug)
        payload = PublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.lens_publish(lens=lens, user=request.user, **payload.validated_data)
        lens = selectors.lens_get_for_user(request.user, slug)
        versions = selectors.versions_for_user(request.user, lens)
        return Response(LensDetailSerializer(lens, context={"versions": versions}).data)


class LensExportView(LensFormatErrors, QueryParametersChecked, DownloadMixin, APIView):
    query_serializer = LensExportQuerySerializer
    download_media_types = ("application/json",)

    @extend_schema(
        parameters=[
            OpenApiParameter("version", str, description="Label, `latest` (default) or `draft`"),
            OpenApiParameter("format", str, enum=["aws", "full"], default="full"),
            OpenApiParameter(
                "fit",
                bool,
                default=False,
                description="`aws` only: shorten texts over AWS limits instead of answering 409",
            ),
            OpenApiParameter(
                "report",
                bool,
                default=False,
                description="Answer the export's warnings as JSON instead of the file",
            ),
        ],
        responses={
            (200, "application/json"): PolymorphicProxySerializer(
                component_name="LensExport",
                serializers=[LensFile, LensExportReportSerializer],
                resource_type_field_name=None,
            ),
            **ERRORS,
            409: ErrorSerializer,
        },
        description="The file, as an attachment. Its header `X-Export-Warnings` counts the "
        "changes made (texts shortened by `fit=true`); when there are any, a `Link` header "
        '(`rel="describedby"`) names the same export with `report=true`, which answers '
        "`{format, fit, filename, warnings}` with each change and its JSON Pointer. A lens that "
        "breaks AWS limits answers 409 `NOT_AWS_VALID` for `format=aws` without `fit=true`.",
        tags=["lenses"],
    )
    def get(self, request, slug: str):
        lens = selectors.lens_get_for_user(request.user, slug)
        label = request.query_params.get("version") or "latest"
        export_format = request.query_params.get("format") or "full"
        if export_format not in {"aws", "full"}:
            raise invalid_parameter("format", "Use aws or full.", "INVALID_CHOICE")
        fit, report = _flag(request, "fit"), _flag(request, "report")
        version = _version(request, lens, label)
        try:
            exported = lensformat.export_document(version.document, format=export_format, fit=fit)
        except lensformat.NotAwsValidError as error:
            raise _not_aws_valid(error) from None
        warnings = [problem.as_dict() for problem in exported.warnings]
        # Labels are free text; the header must stay one well-formed line.
        safe_label = re.sub(r"[^A-Za-z0-9._-]+", "_", version.version) or "draft"
        filename = f"{lens.slug}-{safe_label}-{export_format}.json"
        if report:
            body = {"format": export_format, "fit": fit, "filename": filename}
            return Response({**body, "warnings": warnings})
        response = JsonResponse(
            exported.document, json_dumps_params={"indent": 2, "ensure_ascii": False}
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Export-Warnings"] = str(len(warnings))
        if warnings:
            query = request.GET.copy()
            query["report"] = "true"
            report_url = f"{request.path}?{query.urlencode()}"
            response["Link"] = f'<{report_url}>; rel="describedby"'
        return response


_FLAGS = {"true": True, "1": True, "false": False, "0": False, "": False}


def _flag(request, name: str) -> bool:
    value = request.query_params.get(name, "")
    if value.lower() not in _FLAGS:
        raise invalid_parameter(name, "Use true or false.")
    return _FLAGS[value.lower()]


def _not_aws_valid(error: lensformat.NotAwsValidError) -> DomainError:
    count = len(error.problems)
    return DomainError(
        code="NOT_AWS_VALID",
        message=f"This lens breaks AWS limits in {count} place{'s' if count != 1 else ''}; "
        "fix them and import again, export format=full, or add fit=true to shorten the texts.",
        errors=[ErrorDetail(p.code, p.message, pointer=p.pointer) for p in error.problems],
        status=409,
    )


class LensDiffView(LensFormatErrors, QueryParametersChecked, APIView):
    query_serializer = LensDiffQuerySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, required=True),
            OpenApiParameter("to", str, required=True),
        ],
        responses={
            200: LensDiffSerializer,
            **ERRORS,
        },
        tags=["lenses"],
    )
    def get(self, request, slug: str):
        lens = selectors.lens_get_for_user(request.user, slug)
        labels = {name: request.query_params.get(name) for name in ("from", "to")}
        for name, value in labels.items():
            if not value:
                raise invalid_parameter(name, f"The {name!r} version is required.", "REQUIRED")
        before = _version(request, lens, labels["from"])
        after = _version(request, lens, labels["to"])
        diff = lens_diff(before.document, after.document)
        return Response({"from": before.version or "draft", "to": after.version or "draft", **diff})
