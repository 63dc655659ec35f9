"""Both spellings of every API path: with and without the trailing slash.

Clients differ in whether they add the slash, and Django's ``APPEND_SLASH`` answers the other
form with an HTML 301 that many clients follow as a GET, dropping a POST's or PATCH's body.
Under ``/api/`` each route therefore matches both forms itself (before the next route gets a
chance: ``lenses/import/`` is the import, not the lens called "import"), and
:class:`CommonMiddleware` never redirects there.
"""

from __future__ import annotations

from django.middleware import common
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern


class OptionalSlashPattern(RoutePattern):
    """A route that also matches its path with the trailing slash added or removed."""

    def match(self, path: str):
        found = super().match(path)
        if found is None and path:
            found = super().match(path[:-1] if path.endswith("/") else f"{path}/")
        return found


def with_optional_slashes(patterns: list) -> list:
    """Make every endpoint route in ``patterns`` (and the ``include()``s in it) slash-agnostic.

    Reversing still gives the route as written, so links and the schema keep one spelling.
    """
    for entry in patterns:
        if isinstance(entry, URLResolver):
            with_optional_slashes(entry.url_patterns)
        elif isinstance(entry, URLPattern) and type(entry.pattern) is RoutePattern:
            entry.pattern = OptionalSlashPattern(
                str(entry.pattern), name=entry.pattern.name, is_endpoint=True
            )
    return patterns


class CommonMiddleware(common.CommonMiddleware):
    """Django's, without the ``APPEND_SLASH`` redirect under ``/api/`` (see the module)."""

    def should_redirect_with_slash(self, request) -> bool:
        if request.path_info.startswith("/api/"):
            return False
        return super().should_redirect_with_slash(request)
