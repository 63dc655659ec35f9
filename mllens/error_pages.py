"""400, 404 and 500 answers: the one JSON error shape under ``/api/``, our templates elsewhere.

Neither ever shows a stack trace or a setting (DEBUG is off in production); the templates
``400.html``, ``404.html`` and ``500.html`` are plain pages in the app's style. When a template
cannot be rendered — a missing static manifest makes ``{% static %}`` raise, for one — the
answer is a self-contained page with inline style, never a crash of the error handler itself.
"""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.html import escape
from django.views import defaults

from mllens.errors import ErrorDetail, too_large_body

log = logging.getLogger(__name__)

SERVER_ERROR = "Something went wrong on our side; it has been logged. Try again later."

_PLAIN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · mllens</title>
<style>
body {{ margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #f5f7fa; color: #1b2430; }}
main {{ max-width: 36rem; margin: 4rem auto; padding: 2rem; background: #fff;
        border: 1px solid #d9dee5; border-radius: 8px; }}
h1 {{ margin-top: 0; font-size: 1.5rem; }} a {{ color: #1f5fbf; }}
</style></head>
<body><main><h1>{title}</h1><p>{message}</p><p><a href="/">Back to your workloads</a></p></main>
</body></html>
"""


def plain_page(title: str, message: str, status: int) -> HttpResponse:
    """A page that needs no template, no static file and no database."""
    return HttpResponse(_PLAIN.format(title=escape(title), message=escape(message)), status=status)


def _is_api(request) -> bool:
    # /api/docs/ is a page for people; the rest of /api/ answers machines.
    return request.path.startswith("/api/") and not request.path.startswith("/api/docs/")


def _error_json(code: str, message: str, status: int, errors=()) -> JsonResponse:
    body = {"code": code, "message": message, "errors": [e.as_dict() for e in errors]}
    return JsonResponse(body, status=status)


def _standalone(template: str, status: int, title: str, message: str) -> HttpResponse:
    try:
        body = loader.get_template(template).render({"message": message})
    except Exception:  # the error page must not fail: say why in the log, answer plainly
        log.exception("%s could not be rendered; answering with the plain page", template)
        return plain_page(title, message, status)
    return HttpResponse(body, status=status)


def bad_request_response(request, message: str, errors: list[ErrorDetail]) -> HttpResponse:
    """400 for input no view may see: the error shape under ``/api/``, the 400 page elsewhere."""
    if _is_api(request):
        return _error_json("BAD_REQUEST", message, 400, errors)
    return _standalone("400.html", 400, "Bad request", message)


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig) and _is_api(request):
        return JsonResponse(too_large_body(), status=413)
    return bad_request_response(request, "The request could not be understood.", [])


def page_not_found(request, exception):
    if _is_api(request):
        return _error_json("NOT_FOUND", "Not found.", 404)
    try:
        return defaults.page_not_found(request, exception)
    except Exception:
        log.exception("404.html could not be rendered; answering with the plain page")
        return plain_page("Page not found", "There is nothing here, or it is not shared.", 404)


def server_error(request):
    if _is_api(request):
        return _error_json("SERVER_ERROR", SERVER_ERROR, 500)
    return _standalone(
        "500.html",
        500,
        "Something went wrong",
        "The error has been logged. Your saved work is safe; try again in a moment.",
    )
