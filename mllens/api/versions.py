"""The ``API-Version`` request header: clients of the shape /api/v1/ first shipped with.

One layer decides the shape, keyed by the version:

- :func:`legacy_shape` reads the header (any value but :data:`LEGACY` is the current shape;
  not DRF's versioning classes, which drf-spectacular does not document for a header);
- serializers and fields whose answer differs in that shape mix in :class:`VersionedSerializer`
  or :class:`VersionedField` and say the old shape in ``to_legacy_representation``; the
  dispatch by version is written here, once (lists: ``mllens.api.pagination.paginated``);
- :class:`DeprecationMiddleware` marks every answer to a request for the deprecated version
  with the ``Deprecation``, ``Sunset`` and ``Link; rel="deprecation"`` headers.

Views do not branch on the version.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from django.conf import settings

HEADER = "API-Version"
LEGACY = "2026-11-01"
CURRENT = "2026-12-06"
DEPRECATED_SINCE = datetime(2026, 12, 6, tzinfo=UTC)
SUNSET = datetime(2027, 6, 30, tzinfo=UTC)


def legacy_shape(request) -> bool:
    """Whether the answer to ``request`` takes the first v1 shape (no request: the current)."""
    return request is not None and request.headers.get(HEADER, "").strip() == LEGACY


class VersionedField:
    """A serializer field whose value the first v1 shape writes differently: it defines
    ``to_current_representation`` and ``to_legacy_representation``."""

    def to_representation(self, value):
        if legacy_shape(self.context.get("request")):
            return self.to_legacy_representation(value)
        return self.to_current_representation(value)


class VersionedSerializer:
    """A serializer whose answer the first v1 shape gives differently:
    ``to_legacy_representation(body, instance)`` turns the current answer into that one."""

    def to_representation(self, instance):
        body = super().to_representation(instance)
        if legacy_shape(self.context.get("request")):
            return self.to_legacy_representation(body, instance)
        return body


def deprecated(response):
    """Mark an answer given in a deprecated shape (RFC 9745 and RFC 8594 headers)."""
    response["Deprecation"] = f"@{int(DEPRECATED_SINCE.timestamp())}"
    response["Sunset"] = format_datetime(SUNSET, usegmt=True)
    response["Link"] = f'<{settings.API_DEPRECATION_POLICY_URL}>; rel="deprecation"'
    response[HEADER] = LEGACY
    return response


class DeprecationMiddleware:
    """Every answer under ``/api/v1/`` to a request for the deprecated version says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/api/v1/") and legacy_shape(request):
            deprecated(response)
        return response
