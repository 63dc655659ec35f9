"""Response headers Django does not set itself: a Content-Security-Policy on every response.

Scripts come only from our own origin (``static/js``); no inline script or event handler
runs, so markup that slips into lens text or notes cannot execute. Inline ``style``
attributes stay allowed: the server-rendered SVG charts and progress bars use them.
Forms post only to our own origin, and to the single sign-on providers' (the provider's
button posts to us, and the browser follows our redirect to the provider, which
``form-action`` governs too).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


@functools.lru_cache(maxsize=8)
def _policy(sso_origins: tuple[str, ...]) -> str:
    extra = "".join(f" {origin}" for origin in sso_origins)
    return "; ".join(d + extra if d == "form-action 'self'" else d for d in DIRECTIVES)


def content_security_policy() -> str:
    """The policy, with the origins of the configured OpenID Connect providers."""
    origins = []
    for provider in getattr(settings, "OIDC_PROVIDERS", ()):
        parts = urlsplit(provider["issuer"])
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return _policy(tuple(sorted(set(origins))))


CONTENT_SECURITY_POLICY = _policy(())


class ContentSecurityPolicyMiddleware:
    """Adds ``Content-Security-Policy`` unless the view already set one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response
