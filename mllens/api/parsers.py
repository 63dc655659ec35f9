"""The API's JSON parser: DRF's, plus the limits every JSON body must keep.

Deep nesting would exhaust the interpreter's recursion (``json`` itself, then serializers and
the error handler walking the data), and PostgreSQL cannot store the NUL character in text or
JSON. Both are refused here, once for every endpoint, as 400 ``PARSE_ERROR`` with the JSON
Pointer of the offending value.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers

from mllens.errors import DomainError, ErrorDetail, pointer

MAX_DEPTH = 32


def _refuse(code: str, message: str, path: tuple) -> DomainError:
    return DomainError(
        code="PARSE_ERROR",
        message=message,
        errors=[ErrorDetail(code=code, message=message, pointer=pointer(*path))],
    )


def _too_deep(path: tuple = ()) -> DomainError:
    return _refuse("TOO_DEEP", f"JSON nested deeper than {MAX_DEPTH} levels.", path)


def check_json(data: Any) -> None:
    """Raise ``DomainError`` (400) for nesting deeper than ``MAX_DEPTH`` or a NUL in a string."""
    nul = "JSON strings may not contain the NUL character (\\u0000)."
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise _refuse("NUL_CHARACTER", nul, path)
            continue
        if not isinstance(value, dict | list):
            continue
        if len(path) >= MAX_DEPTH:
            raise _too_deep(path)
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise _refuse("NUL_CHARACTER", nul, (*path, key))
                stack.append((item, (*path, key)))
        else:
            stack.extend((item, (*path, index)) for index, item in enumerate(value))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        check_json(data)
        return data
