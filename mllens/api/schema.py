"""OpenAPI post-processing: the error answers every operation can give, declared once.

Views declare what is specific to them (400, 404, 409, ...). Some answers can come from any
operation and are added here: 401 ``NOT_AUTHENTICATED`` / ``AUTHENTICATION_FAILED`` with its
``WWW-Authenticate: Token`` challenge, and 403 (not allowed, or a session's failed CSRF check),
from every operation that needs a signed-in user; 429 ``THROTTLED`` with the rate-limit headers
from those too (when the deployment sets ``API_RATE_LIMIT``); and 503 ``DATABASE_UNAVAILABLE``
when the database drops out mid-request. Operations that take a body can also answer 413
``PAYLOAD_TOO_LARGE`` and 415 ``UNSUPPORTED_MEDIA_TYPE``; and any path answers 405
``METHOD_NOT_ALLOWED`` to a method it does not take.
"""

from __future__ import annotations

ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = ("get", "put", "post", "patch", "delete")
_STRING = {"schema": {"type": "string"}}
_INTEGER = {"schema": {"type": "integer"}}


def _error(description: str, headers: dict | None = None) -> dict:
    answer = {"content": {"application/json": {"schema": ERROR_REF}}, "description": description}
    if headers:
        answer["headers"] = headers
    return answer


UNAUTHENTICATED = _error(
    "No token (nor session), or a bad one: authenticate again.",
    {"WWW-Authenticate": {**_STRING, "description": "`Token`: send `Authorization: Token <key>`"}},
)
THROTTLED = _error(
    "Over the per-user rate limit (`API_RATE_LIMIT`).",
    {
        "Retry-After": {**_INTEGER, "description": "Seconds until a request may succeed"},
        "RateLimit-Limit": {**_INTEGER, "description": "Requests allowed per window"},
        "RateLimit-Remaining": {**_INTEGER, "description": "Requests left in this window"},
        "RateLimit-Reset": {**_INTEGER, "description": "Seconds until the window frees a request"},
    },
)

METHOD_NOT_ALLOWED = _error(
    "`METHOD_NOT_ALLOWED`: the path does not take this method.",
    {"Allow": {**_STRING, "description": "The methods the path takes"}},
)


def declare_common_errors(result, generator, request, public):
    """drf-spectacular hook: add 401, 403, 405, 406, 413, 415, 429, 500 and 503 where they can
    happen, and 400 on every list (bad paging parameters)."""
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            security = operation.get("security") or []
            needs_user = bool(security) and {} not in security
            if needs_user:
                responses["401"] = UNAUTHENTICATED
                if "403" not in responses:
                    responses["403"] = _error("Not allowed, or a session's CSRF check failed.")
                if "429" not in responses:
                    responses["429"] = THROTTLED
            if "requestBody" in operation:
                # Any body: over DATA_UPLOAD_MAX_MEMORY_SIZE, or of a type (or a broken
                # multipart) the parsers cannot read.
                responses.setdefault("413", _error("The body is larger than the server takes."))
                responses.setdefault("415", _error("The body's media type cannot be read."))
            parameters = {p.get("name") for p in operation.get("parameters", [])}
            if "page_size" in parameters:
                # Every list refuses bad paging parameters (`INVALID_PARAMETER`).
                responses.setdefault("400", _error("A parameter is not valid."))
            # An `Accept` no representation of the answer satisfies; and the fault of last resort.
            responses.setdefault("406", _error("No representation matches `Accept`."))
            # A method the path does not take (its `Allow` header lists those it does).
            responses.setdefault("405", METHOD_NOT_ALLOWED)
            responses.setdefault("500", _error("`SERVER_ERROR`: an unexpected fault, logged."))
            if "503" not in responses:
                responses["503"] = _error("The database (or the task broker) is not reachable.")
    return result
