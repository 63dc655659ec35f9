"""The ``API-Version`` request header: clients of the shape /api/v1/ first shipped with.

Requests that send ``API-Version: 2026-11-01`` get the answers of that shape (bare arrays
for the lists that were arrays, lower-case report and comparison values) with the
``Deprecation``, ``Sunset`` and ``Link; rel="deprecation"`` headers; every other request gets
the current shape.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from django.conf import settings
from rest_framework.response import Response

HEADER = "API-Version"
LEGACY = "2026-11-01"
CURRENT = "2026-12-06"
DEPRECATED_SINCE = datetime(2026, 12, 6, tzinfo=UTC)
SUNSET = datetime(2027, 6, 30, tzinfo=UTC)


def legacy_shape(request) -> bool:
    """Whether the client asked for the shape of ``API-Version: 2026-11-01``."""
    return request.headers.get(HEADER, "").strip() == LEGACY


def deprecated(response: Response) -> Response:
    """Mark an answer given in a deprecated shape (RFC 9745 and RFC 8594 headers)."""
    response["Deprecation"] = f"@{int(DEPRECATED_SINCE.timestamp())}"
    response["Sunset"] = format_datetime(SUNSET, usegmt=True)
    response["Link"] = f'<{settings.API_DEPRECATION_POLICY_URL}>; rel="deprecation"'
    response[HEADER] = LEGACY
    return response


def versioned(request, response: Response) -> Response:
    """``response``, marked deprecated when it is in the first v1 shape the client asked for."""
    return deprecated(response) if legacy_shape(request) else response
