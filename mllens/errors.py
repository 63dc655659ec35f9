"""Domain errors that services raise and the API maps to one error shape.

Services never return error strings: they raise one of these, and
``mllens.api.errors.exception_handler`` turns it into ``{"code", "message", "errors"}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings


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


@dataclass
class DomainError(Exception):
    """Base of the errors services raise; ``status`` is the HTTP status it maps to."""

    code: str
    message: str
    errors: list[ErrorDetail] = field(default_factory=list)
    status: int = 400

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ConflictError(DomainError):
    """A write was based on a version that has moved on (HTTP 409)."""

    def __init__(self, message: str, *, current: dict | None = None) -> None:
        super().__init__(code="CONFLICT", message=message, status=409)
        self.current = current


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
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = f"The request body is larger than {limit} bytes."
    detail = ErrorDetail(code="LIMIT", message=f"At most {limit} bytes.", pointer="")
    return {"code": "PAYLOAD_TOO_LARGE", "message": message, "errors": [detail.as_dict()]}
