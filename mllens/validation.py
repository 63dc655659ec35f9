"""A serializer's validation errors as problems, each with its JSON Pointer.

Services that check a document with the API's serializers (a workload document, a backup)
and the API itself report those problems the same way. Not part of the API layer: services
use it without importing ``mllens.api``.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions

from mllens.errors import ErrorDetail, pointer


def _flatten(detail: Any, path: list[str]) -> list[ErrorDetail]:
    """Turn DRF's nested ``ValidationError.detail`` into a flat list with pointers."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            sub = path if key == "non_field_errors" else [*path, str(key)]
            items.extend(_flatten(value, sub))
        return items
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            return [_item(item, path) for item in detail]
        items = []
        for index, value in enumerate(detail):
            items.extend(_flatten(value, [*path, str(index)]))
        return items
    return [_item(detail, path)]


def flatten_errors(detail: Any) -> list[ErrorDetail]:
    """DRF's ``ValidationError.detail`` as one error per problem, each with its JSON Pointer."""
    return _flatten(detail, [])


def _item(detail: Any, path: list[str]) -> ErrorDetail:
    code = str(getattr(detail, "code", "invalid") or "invalid").upper()
    return ErrorDetail(
        code=code,
        message=str(detail),
        field=".".join(path) if path else None,
        pointer=pointer(*path),
    )
