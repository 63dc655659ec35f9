"""Examples for the OpenAPI document: a realistic request and answer for every operation.

Each app keeps a table of its operations' examples by operation id, next to its serializers
(``catalog/api/examples.py``, ``reviews/api/examples.py``), like the summaries in
``mllens.api.operations``: ``"request"`` for the JSON body, a status code for an answer. The
error answers every operation can give share one example per status here (the body of a 409
or 412 that carries ``current`` gets the operation's own resource example under it); a table
names a status to give an operation's own error instead. ``tests/test_api_examples.py`` checks
that every request body and every JSON answer has an example, and that each one is valid
against its own schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mllens.api.schema import METHODS
from mllens.errors import DomainError, ErrorDetail

# The host the examples' links name; a deployment's links name its own.
BASE = "https://mllens.example.com/api/v1"


@dataclass(frozen=True)
class Example:
    """One named example; a table entry may be a plain value (one example) or a list of these."""

    summary: str
    value: Any


def user(id_: int, username: str) -> dict:
    return {"id": id_, "username": username}


ALICE, BOB = user(1, "alice"), user(2, "bob")


def page(results: list, path: str, count: int | None = None, next_: str | None = None) -> dict:
    """The list envelope around ``results`` (the first page of a list at ``path``)."""
    return {
        "count": len(results) if count is None else count,
        "next": f"{BASE}{path}{next_}" if next_ else None,
        "previous": None,
        "results": results,
    }


def item(code: str, message: str, *, field: str | None = None, pointer: str | None = None):
    """An entry of an error's ``errors``, as the API writes one."""
    return ErrorDetail(code, message, pointer=pointer, field=field)


def error(code: str, message: str, *errors: ErrorDetail | dict) -> dict:
    """An error body, built as the API builds it (``DomainError.body``)."""
    details = [e if isinstance(e, ErrorDetail) else ErrorDetail(**e) for e in errors]
    return DomainError(code=code, message=message, errors=details).body()


# One example per error status, for every operation that can answer it.
ERRORS: dict[str, Example] = {
    "400": Example(
        "A field is not valid",
        error(
            "VALIDATION_ERROR",
            "This field may not be blank.",
            item("BLANK", "This field may not be blank.", field="name", pointer="/name"),
        ),
    ),
    "401": Example(
        "No token",
        error("NOT_AUTHENTICATED", "Authentication credentials were not provided."),
    ),
    "403": Example(
        "Not allowed",
        error("PERMISSION_DENIED", "You do not have permission to perform this action."),
    ),
    "404": Example("Not found, or not yours to see", error("NOT_FOUND", "Not found.")),
    "405": Example("Another method", error("METHOD_NOT_ALLOWED", 'Method "PUT" not allowed.')),
    "406": Example(
        "Accept cannot be met",
        error("NOT_ACCEPTABLE", "Could not satisfy the request Accept header."),
    ),
    "409": Example(
        "The Idempotency-Key was used for another request",
        error(
            "IDEMPOTENCY_MISMATCH",
            "This Idempotency-Key was used with another method, path, query or body.",
            item("CONFLICT", "Use a new key for a new request.", field="Idempotency-Key"),
        ),
    ),
    "412": Example(
        "Changed since the ETag you sent",
        error("PRECONDITION_FAILED", "The resource changed since the version in If-Match."),
    ),
    "413": Example(
        "The body is too large",
        error(
            "PAYLOAD_TOO_LARGE",
            "The request body is larger than 2621440 bytes.",
            item("LIMIT", "At most 2621440 bytes."),
        ),
    ),
    "415": Example(
        "Not JSON",
        error("UNSUPPORTED_MEDIA_TYPE", 'Unsupported media type "text/plain" in request.'),
    ),
    "429": Example(
        "Over the rate limit",
        error("THROTTLED", "Request was throttled. Expected available in 42 seconds."),
    ),
    "500": Example(
        "A fault on our side",
        error(
            "SERVER_ERROR",
            "Something went wrong on our side; it has been logged. Try again later.",
        ),
    ),
    "503": Example(
        "The database is restarting",
        error(
            "DATABASE_UNAVAILABLE",
            "The database did not answer. Reload and try again in a few seconds.",
        ),
    ),
}

# A GET's 400 is about its query; a 409 or 412 that carries ``current``, a version conflict.
QUERY_400 = Example(
    "A query parameter the operation does not take",
    error(
        "UNKNOWN_PARAMETER",
        "Unknown query parameter: nmae (this endpoint takes page, page_size).",
        item("UNKNOWN_PARAMETER", "Not a parameter of this endpoint.", field="nmae"),
    ),
)
STALE_409 = Example(
    "Changed since you loaded it",
    error("CONFLICT", "The resource changed since you loaded it."),
)

TOKEN = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # noqa: S105 (an example, no real token)
EXAMPLES: dict[str, dict[str, Any]] = {
    "auth_token_create": {
        "request": {"username": "alice", "password": "correct horse battery staple"},
        "200": {"token": TOKEN},
        "400": Example(
            "Wrong username or password",
            error("INVALID_CREDENTIALS", "Unable to log in with these credentials."),
        ),
        "403": Example(
            "A self-made account whose address is not verified yet",
            error(
                "EMAIL_UNVERIFIED",
                "Verify your e-mail address first: follow the link in the mail we sent you "
                "when you signed up.",
            ),
        ),
    },
    "auth_token_destroy": {},
}


def _tables() -> dict[str, dict[str, Any]]:
    from catalog.api.examples import EXAMPLES as CATALOG
    from people.api.examples import EXAMPLES as PEOPLE
    from reviews.api.examples import EXAMPLES as REVIEWS

    return {**EXAMPLES, **CATALOG, **REVIEWS, **PEOPLE}


def _examples(entry) -> dict:
    listed = isinstance(entry, list) and entry and isinstance(entry[0], Example)
    named = [
        e if isinstance(e, Example) else Example("Example", e)
        for e in (entry if listed else [entry])
    ]
    return {e.summary: {"summary": e.summary, "value": e.value} for e in named}


def _json(part: dict | None) -> dict | None:
    return (part or {}).get("content", {}).get("application/json")


def _value(entry) -> Any:
    """The value of a table entry (the first example of a list)."""
    first = entry[0] if isinstance(entry, list) else entry
    return first.value if isinstance(first, Example) else first


def _resource_example(table: dict, methods: dict, tables: dict) -> Any:
    """The resource a ``current`` shows: as this operation answers it, else as a GET of the
    path shows it (not a list's page), else as another write of the path answers it."""
    for entry in [table.get("200")] + [
        tables.get(methods[m]["operationId"], {}).get("200")
        for m in ("get", "patch", "put")
        if m in methods
    ]:
        value = _value(entry) if entry is not None else None
        if isinstance(value, dict) and "results" not in value:
            return value
    return None


def attach_examples(result, generator, request, public):
    """drf-spectacular hook: each operation's examples, and the shared error examples."""
    tables = _tables()
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in METHODS:
                continue
            table = tables.get(operation["operationId"], {})
            body = _json(operation.get("requestBody"))
            if body is not None and "request" in table:
                body["examples"] = _examples(table["request"])
            for code, answer in operation.get("responses", {}).items():
                content = _json(answer)
                if content is None:
                    continue
                if code in table:
                    content["examples"] = _examples(table[code])
                elif code in ERRORS:
                    example = QUERY_400 if (method, code) == ("get", "400") else ERRORS[code]
                    if content["schema"].get("$ref", "").endswith("Conflict"):
                        example = STALE_409 if code == "409" else example
                        current = _resource_example(table, methods, tables)
                        example = Example(example.summary, {**example.value, "current": current})
                    content["examples"] = _examples(example)
    return result
