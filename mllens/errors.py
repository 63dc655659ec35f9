"""Domain errors that services raise and the API maps to one error shape.

Services never return error strings: they raise one of these, and
``mllens.api.errors.exception_handler`` turns it into ``{"code", "message", "errors"}``
plus the error's own ``extra`` fields. A problem in a request is built with :func:`problem`
(its JSON Pointer from :func:`pointer`, the one place tokens are escaped) and a 400 carrying
problems with :func:`invalid`.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ErrorDetail:
    """One problem: a machine-readable code, a message, and where (field or JSON Pointer)."""

    code: str
    message: str
    pointer: str | None = None
    field: str | None = None

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.field is not None:
            data["field"] = self.field
        if self.pointer is not None:
            data["pointer"] = self.pointer
        return data


def escape(token: str | int) -> str:
    """One JSON Pointer reference token (RFC 6901: ``~`` is ``~0``, ``/`` is ``~1``)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*path: str | int) -> str:
    """The JSON Pointer of ``path`` (``""``, the whole document, for no path)."""
    return "".join("/" + escape(token) for token in path)


def problem(code: str, message: str, *path: str | int, query: str | None = None) -> ErrorDetail:
    """One problem at ``path`` in the request body (``field`` dotted, ``pointer`` a JSON
    Pointer), or at the query parameter ``query`` (``field`` only: no document to point into)."""
    if query is not None:
        return ErrorDetail(code, message, field=query)
    return ErrorDetail(
        code, message, field=".".join(str(p) for p in path) or None, pointer=pointer(*path)
    )


@dataclass
class DomainError(Exception):
    """Base of the errors services raise; ``status`` is the HTTP status it maps to and
    ``extra`` the further top-level fields of its body (``current``, ``warnings`` ...)."""

    code: str
    message: str
    errors: list[ErrorDetail] = field(default_factory=list)
    status: int = 400
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def body(self) -> dict:
        """The error as the API answers it."""
        errors = [error.as_dict() for error in self.errors]
        return {"code": self.code, "message": self.message, "errors": errors, **self.extra}


def invalid(
    *problems: ErrorDetail, message: str | None = None, code: str = "VALIDATION_ERROR"
) -> DomainError:
    """The 400 carrying ``problems``; its message is ``message`` or theirs (at most five)."""
    if message is None:
        message = "; ".join(p.message for p in problems[:5])
        if len(problems) > 5:
            message += f" (and {len(problems) - 5} more)"
    return DomainError(code=code, message=message, errors=list(problems))


class ConflictError(DomainError):
    """A write was based on a version that has moved on (HTTP 409); ``current`` (the body's
    ``current``) is the object as it is now, in the shape a GET gives."""

    def __init__(self, message: str, *, current: dict | None = None) -> None:
        super().__init__(code="CONFLICT", message=message, status=409)
        self.current = current

    @property
    def current(self) -> dict | None:
        return self.extra.get("current")

    @current.setter
    def current(self, value: dict | None) -> None:
        if value is None:
            self.extra.pop("current", None)
        else:
            self.extra["current"] = value


class NotFoundError(DomainError):
    """The object does not exist, or the user may not see it (HTTP 404; never 403)."""

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(code="NOT_FOUND", message=message, status=404)


class PermissionDeniedError(DomainError):
    """The user may see the object but not do this to it (HTTP 403)."""

    def __init__(self, message: str = "You may not do this.") -> None:
        super().__init__(code="PERMISSION_DENIED", message=message, status=403)


def too_large_body() -> dict:
    """The 413 body for a request over ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    from django.conf import settings  # this module is otherwise plain Python

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = f"The request body is larger than {limit} bytes."
    detail = problem("LIMIT", f"At most {limit} bytes.")
    return DomainError("PAYLOAD_TOO_LARGE", message, [detail], status=413).body()


class PreconditionFailed(ConflictError):
    """A write named the versions it expects (``If-Match``) and another is current (HTTP 412)."""

    def __init__(self, *, current: dict | None = None) -> None:
        super().__init__("The resource changed since the version in If-Match.", current=current)
        self.code = "PRECONDITION_FAILED"
        self.status = 412


def version_check(expected: frozenset[int] | None, version: int) -> None:
    """Raise :class:`PreconditionFailed` unless ``version`` is one of ``expected`` (None: any).

    Services call it under the write's own lock, so no other write comes between."""
    if expected is not None and version not in expected:
        raise PreconditionFailed()


@contextmanager
def current_on_failure(read):
    """Fill a precondition failure's ``current`` with ``read()``: the object as a GET shows it."""
    try:
        yield
    except PreconditionFailed as failure:
        failure.current = read()
        raise
