"""One error shape for the whole API: ``{"code", "message", "errors": [...]}``.

Every failure family (DRF's own exceptions, Django's 404 and permission errors, our
``DomainError`` subclasses, which carry their own extra fields) goes through
:func:`exception_handler`, so clients parse errors one way. This module knows no app.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from mllens.api.error_codes import ERROR_CODES
from mllens.errors import DomainError, ErrorDetail, too_large_body
from mllens.validation import flatten_errors

log = logging.getLogger(__name__)

_CODES = {
    exceptions.NotAuthenticated: "NOT_AUTHENTICATED",
    exceptions.AuthenticationFailed: "AUTHENTICATION_FAILED",
    exceptions.PermissionDenied: "PERMISSION_DENIED",
    exceptions.NotFound: "NOT_FOUND",
    exceptions.MethodNotAllowed: "METHOD_NOT_ALLOWED",
    exceptions.NotAcceptable: "NOT_ACCEPTABLE",
    exceptions.UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
    exceptions.Throttled: "THROTTLED",
    exceptions.ParseError: "PARSE_ERROR",
}


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(required=False)
    pointer = serializers.CharField(required=False)


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (documented in the OpenAPI schema)."""

    code = serializers.ChoiceField(choices=ERROR_CODES)
    message = serializers.CharField()
    errors = ErrorItemSerializer(many=True)


def error_response(
    code: str, message: str, errors: list[ErrorDetail] | None = None, status_code: int = 400
) -> Response:
    body = {"code": code, "message": message, "errors": [e.as_dict() for e in errors or []]}
    return Response(body, status=status_code)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's hook: map every known failure to the one error shape."""
    if isinstance(exc, RequestDataTooBig):
        return Response(too_large_body(), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, DomainError):
        response = Response(exc.body(), status=exc.status)
        if retry_after := getattr(exc, "retry_after", None):
            response["Retry-After"] = str(retry_after)
        return response

    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database went away mid-request (restart, failover, dropped connection). Services
        # write in transactions, so nothing is half-written; the next request reconnects
        # (CONN_HEALTH_CHECKS). A 503 with Retry-After tells clients this is worth retrying.
        log.warning("database unavailable: %s", type(exc).__name__)
        response = error_response(
            "DATABASE_UNAVAILABLE",
            "The database did not answer. Reload and try again in a few seconds.",
            [],
            status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "5"
        return response

    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        message = errors[0].message if len(errors) == 1 else f"{len(errors)} fields are invalid."
        # A body whose only fault is keys the endpoint does not take says so at the top too.
        codes = {error.code for error in errors}
        code = codes.pop() if codes in ({"UNKNOWN_FIELD"}, {"READ_ONLY_FIELD"}) else None
        return error_response(
            code or "VALIDATION_ERROR", message, errors, status.HTTP_400_BAD_REQUEST
        )

    if isinstance(exc, exceptions.APIException):
        code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), None)
        code = code or str(exc.default_code).upper()
        response = error_response(code, str(exc.detail), [], exc.status_code)
        if getattr(exc, "auth_header", None):
            response["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(int(exc.wait))
        return response
    return None
