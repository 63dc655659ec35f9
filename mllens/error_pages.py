"""404 and 500 answers: the one JSON error shape under ``/api/``, our templates elsewhere.

Neither ever shows a stack trace or a setting (DEBUG is off in production); the templates
``404.html`` and ``500.html`` are plain pages in the app's style.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views import defaults


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    if _is_api(request):
        body = {"code": "NOT_FOUND", "message": "Not found.", "errors": []}
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        body = {
            "code": "SERVER_ERROR",
            "message": "Something went wrong on our side; it has been logged. Try again later.",
            "errors": [],
        }
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
