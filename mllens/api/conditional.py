"""Versions as ETags, and ``If-Match`` / ``If-None-Match`` on them.

Every mutable resource carries a ``version`` that each change of what the API shows of it
bumps; its strong ETag is that number in quotes (``ETag: "7"``). A PATCH, PUT or DELETE with
``If-Match`` goes ahead only while the version is still one of those listed (``*`` matches
any); otherwise 412 ``PRECONDITION_FAILED`` with the resource exactly as a GET shows it under
``current``, and nothing changes. Services compare under the write's own lock, so the check
and the write cannot be separated by another write (``mllens.errors.version_check``: the
domain's half, which services use; this module is the HTTP half).
"""

from __future__ import annotations

import re

from mllens.errors import DomainError, ErrorDetail

_ETAG = re.compile(r'"(\d+)"')


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
