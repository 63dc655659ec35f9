"""DRF throttles: per client address (anonymous callers), and per user for the API's limit.

:class:`ApiRateThrottle` limits each signed-in user's API calls (a token is one user's, so this
is per token too) to ``API_RATE_LIMIT``. It leaves what it counted on the request, and
:class:`RateLimitHeadersMiddleware` reports it in the IETF draft's ``RateLimit-Limit``,
``RateLimit-Remaining`` and ``RateLimit-Reset`` headers; a 429 also carries ``Retry-After``
(``mllens.api.errors``).
"""

from __future__ import annotations

import math

from django.conf import settings
from rest_framework import throttling

from mllens.addresses import client_address


class ClientAddressMixin:
    """Identify anonymous callers by the client's address through trusted proxies only."""

    def get_ident(self, request) -> str:
        return client_address(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class ApiRateThrottle(throttling.SimpleRateThrottle):
    """``API_RATE_LIMIT`` requests per user in a sliding window; off when the setting is empty."""

    scope = "api"
    cache_format = "throttle_api_%(ident)s"

    def get_rate(self) -> str | None:
        return settings.API_RATE_LIMIT or None

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None  # anonymous calls are refused (401) or limited by their own throttles
        return self.cache_format % {"ident": request.user.pk}

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            remaining = max(self.num_requests - len(self.history), 0)
            # A sliding window: a request is freed when the oldest one counted leaves it.
            oldest = self.history[-1] if self.history else self.now
            reset = max(math.ceil(oldest + self.duration - self.now), 0)
            request._request.rate_limit = (self.num_requests, remaining, reset)
        return allowed


class RateLimitHeadersMiddleware:
    """Report the caller's API rate limit on every answer that counted against it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        counted = getattr(request, "rate_limit", None)
        if counted is not None:
            limit, remaining, reset = counted
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        return response
