"""Turn uploaded bytes into JSON values, refusing everything the lens format does not allow.

``json.loads`` alone is too forgiving (it reads ``NaN``, keeps the last of duplicate keys) and too
fragile (deep nesting raises ``RecursionError``), so a token scan (``jsonscan``) runs first.
"""

from __future__ import annotations

import json
import re
from typing import Any, NoReturn

from .jsonscan import container_at, line_column, scan
from .problems import LensFormatError, Problem

MAX_BYTES = 500_000
MAX_DEPTH = 32

# The BOMs of UTF-32 LE/BE start like UTF-16 LE/BE, so the longer ones are tried first.
_BOMS = (
    (b"\xef\xbb\xbf", "UTF-8"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def parse_json(raw: bytes | str) -> Any:
    """Parse a lens file strictly.

    Raises ``LensFormatError`` with code LIMIT for more than ``MAX_BYTES`` UTF-8 bytes and
    CANNOT_PARSE for invalid UTF-8, a byte-order mark, bare NaN/Infinity (pointer of the value),
    trailing commas (pointer of their object or array), duplicate keys (pointer of the member),
    nesting deeper than ``MAX_DEPTH`` and anything else that is not JSON (pointer of the object
    or array where parsing stopped). Syntax problems carry the 1-based line and column.
    """
    text = _decode(raw)
    if not text.strip():
        _reject(Problem("CANNOT_PARSE", "", "the file is empty", line=1, column=1))
    # The pointer-tracking scan is slow in Python; run it only once something is wrong.
    if _suspect(text) and (problems := scan(text, max_depth=MAX_DEPTH)):
        _reject(*problems)
    duplicates: list[bool] = []
    try:
        data = json.loads(
            text,
            object_pairs_hook=lambda pairs: _object(pairs, duplicates),
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        _reject(*(scan(text, max_depth=MAX_DEPTH) or [_syntax_problem(text, exc)]))
    except (ValueError, RecursionError) as exc:
        # Integers beyond Python's digit limit, for example.
        _reject(Problem("CANNOT_PARSE", "", f"not valid JSON: {exc}"))
    if duplicates:
        found = scan(text, max_depth=MAX_DEPTH)
        _reject(*(found or [Problem("CANNOT_PARSE", "", "duplicate keys in an object")]))
    return data


# Outside strings, only brackets matter for depth, and bare NaN/Infinity are what json.loads
# would wrongly accept. A string token swallows everything up to its closing quote.
_QUICK = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]|NaN|-?Infinity', re.DOTALL)


def _suspect(text: str) -> bool:
    """True when ``text`` nests deeper than ``MAX_DEPTH`` or holds a bare NaN or Infinity."""
    depth = 0
    for match in _QUICK.finditer(text):
        first = match.group()[0]
        if first == '"':
            continue
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif first in "]}":
            depth -= 1
        else:
            return True
    return False


def _object(pairs: list[tuple[str, Any]], duplicates: list[bool]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        duplicates.append(True)
    return obj


def _reject(*problems: Problem) -> NoReturn:
    raise LensFormatError(list(problems))


def _decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        # Every character is at least one UTF-8 byte, so long strings need not be encoded.
        if len(raw) > MAX_BYTES:
            _reject(_too_large())
        size = len(raw.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            _reject(_too_large(size))
        if raw.startswith("\ufeff"):
            _reject(_bom("UTF-8"))
        return raw
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise TypeError(f"raw must be bytes or str, not {type(raw).__name__}")
    data = bytes(raw)
    if len(data) > MAX_BYTES:
        _reject(_too_large(len(data)))
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            _reject(_bom(encoding))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        line, column = line_column(before, len(before))
        byte = data[exc.start]
        message = f"not valid UTF-8: byte 0x{byte:02x} at line {line}, column {column}"
        _reject(Problem("CANNOT_PARSE", "", message, line=line, column=column))


def _too_large(size: int | None = None) -> Problem:
    if size is None:
        message = f"the file is larger than the limit of {MAX_BYTES:,} bytes"
    else:
        message = f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes"
    return Problem("LIMIT", "", message)


def _bom(encoding: str) -> Problem:
    message = f"the file starts with a {encoding} byte-order mark; save it as UTF-8 without one"
    return Problem("CANNOT_PARSE", "", message, line=1, column=1)


def _refuse_constant(name: str) -> Any:
    # The scan reports these with a position; this only guards against a scan that missed one.
    raise ValueError(f"{name} is not valid JSON")


def _syntax_problem(text: str, exc: json.JSONDecodeError) -> Problem:
    """A syntax error at its line and column, pointing at the object or array it is in."""
    message = f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    return Problem(
        "CANNOT_PARSE",
        container_at(text, exc.pos),
        message,
        line=exc.lineno,
        column=exc.colno,
    )
