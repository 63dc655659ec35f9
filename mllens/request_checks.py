"""Refuse requests whose path, query string or headers hold a NUL character, before any view
runs.

PostgreSQL cannot compare or store text with NUL (``\\x00``), and no URL of the app needs one;
letting it through makes lookups fail deep in the database driver. The API answers 400 in its
error shape, pages with the 400 page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from mllens.error_pages import bad_request_response
from mllens.errors import ErrorDetail

MESSAGE = "The request contains a NUL character (%00), which mllens never accepts."


def _nul_problems(request: HttpRequest) -> list[ErrorDetail]:
    problems = []
    if "\x00" in request.path_info or "\x00" in request.path:
        problems.append(ErrorDetail(code="NUL_CHARACTER", message=MESSAGE, field="path"))
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            field = name.replace("\x00", "\\u0000")
            problems.append(ErrorDetail(code="NUL_CHARACTER", message=MESSAGE, field=field))
    for key, value in request.META.items():
        # An API token or any other header reaches database lookups too.
        if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
            header = key[5:].replace("_", "-").title()
            problems.append(ErrorDetail(code="NUL_CHARACTER", message=MESSAGE, field=header))
    return problems


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if problems := _nul_problems(request):
            return bad_request_response(request, MESSAGE, problems)
        return self.get_response(request)
