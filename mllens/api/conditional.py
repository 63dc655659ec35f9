"""Versions as ETags, and ``If-Match`` / ``If-None-Match`` on them.

Every mutable resource carries a ``version`` that each change of what the API shows of it
bumps; its strong ETag is that number in quotes (``ETag: "7"``). A PATCH, PUT or DELETE with
``If-Match`` goes ahead only while the version is still one of those listed (``*`` matches
any); otherwise 412 ``PRECONDITION_FAILED`` with the resource exactly as a GET shows it under
``current``, and nothing changes. Services compare under the write's own lock, so the check
and the write cannot be separated by another write.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from mllens.errors import ConflictError, DomainError, ErrorDetail

_ETAG = re.compile(r'"(\d+)"')


class PreconditionFailed(ConflictError):
    """``If-Match`` named a version that is no longer current (HTTP 412)."""

    def __init__(self, *, current: dict | None = None) -> None:
        super().__init__("The resource changed since the version in If-Match.", current=current)
        self.code = "PRECONDITION_FAILED"
        self.status = 412


def etag(version: int) -> str:
    return f'"{version}"'


def _versions(header: str, name: str) -> frozenset[int] | None:
    values = [value.strip() for value in header.split(",") if value.strip()]
    if "*" in values:
        return None
    versions = set()
    for value in values:
        if value.startswith("W/"):
            continue  # a weak tag never matches in the strong comparison If-Match uses
        match = _ETAG.fullmatch(value)
        if match is None:
            raise DomainError(
                code="VALIDATION_ERROR",
                message=f'Bad {name} header: use ETags as sent, such as "3".',
                errors=[ErrorDetail("INVALID", f"Not an ETag: {value[:40]}", field=name)],
            )
        versions.add(int(match.group(1)))
    return frozenset(versions)


def expected_versions(request) -> frozenset[int] | None:
    """The versions ``If-Match`` allows (None: no header, or ``*``); 400 if malformed."""
    header = request.headers.get("If-Match")
    return None if header is None else _versions(header, "If-Match")


def version_check(expected: frozenset[int] | None, version: int) -> None:
    """Raise :class:`PreconditionFailed` unless ``version`` is one ``If-Match`` allows."""
    if expected is not None and version not in expected:
        raise PreconditionFailed()


@contextmanager
def current_on_failure(read):
    """Fill a precondition failure's ``current`` with ``read()``: the GET representation."""
    try:
        yield
    except PreconditionFailed as failure:
        failure.current = read()
        raise


def tagged(request, response, version: int):
    """Give ``response`` the version's ETag; a GET whose ``If-None-Match`` has it gets 304."""
    response["ETag"] = etag(version)
    header = request.headers.get("If-None-Match")
    if request.method in ("GET", "HEAD") and header is not None and response.status_code == 200:
        values = {value.strip().removeprefix("W/") for value in header.split(",")}
        if "*" in values or etag(version) in values:
            response.status_code = 304
            response.data = None
    return response
