"""Turn uploaded bytes into JSON values, refusing everything the lens format does not allow.

``json.loads`` alone is too forgiving (it reads ``NaN``, keeps the last of duplicate keys) and too
fragile (deep nesting raises ``RecursionError``), so a cheap regex scan runs first.
"""

from __future__ import annotations

import json
import re
from typing import Any, NoReturn

from .problems import LensFormatError, Problem, pointer, show

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

# Outside strings, only brackets matter for depth, and bare NaN/Infinity are what json.loads
# would wrongly accept. A string token swallows everything up to its closing quote.
_SCAN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]|NaN|-?Infinity', re.DOTALL)


def parse_json(raw: bytes | str) -> Any:
    """Parse a lens file strictly.

    Raises ``LensFormatError`` with code LIMIT for more than ``MAX_BYTES`` UTF-8 bytes and
    CANNOT_PARSE for invalid UTF-8, a byte-order mark, bare NaN/Infinity, trailing commas,
    duplicate keys (pointer of the object), nesting deeper than ``MAX_DEPTH`` and anything else
    that is not JSON. Syntax problems carry the 1-based line and column.
    """
    text = _decode(raw)
    if not text.strip():
        _reject(Problem("CANNOT_PARSE", "", "the file is empty", line=1, column=1))
    problems = _scan(text)
    if problems:
        _reject(*problems)
    duplicates: list[tuple[dict[str, Any], list[str]]] = []
    try:
        data = json.loads(
            text,
            object_pairs_hook=lambda pairs: _object(pairs, duplicates),
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        _reject(_syntax_problem(text, exc))
    except (ValueError, RecursionError) as exc:
        # Integers beyond Python's digit limit, for example.
        _reject(Problem("CANNOT_PARSE", "", f"not valid JSON: {exc}"))
    if duplicates:
        _reject(*_duplicate_problems(data, duplicates))
    return data


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
        line, column = _line_column(before, len(before))
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


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of character ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def _scan(text: str) -> list[Problem]:
    problems = []
    depth = 0
    for match in _SCAN.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"':
            continue
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _line_column(text, match.start())
                message = f"nesting deeper than {MAX_DEPTH} levels at line {line}, column {column}"
                return [*problems, Problem("CANNOT_PARSE", "", message, line=line, column=column)]
        elif first in "]}":
            depth -= 1
        else:
            line, column = _line_column(text, match.start())
            message = f"{token} is not valid JSON (use null) at line {line}, column {column}"
            problems.append(Problem("CANNOT_PARSE", "", message, line=line, column=column))
    return problems


def _refuse_constant(name: str) -> Any:
    # The scan reports these with a position; this only guards against a scan that missed one.
    raise ValueError(f"{name} is not valid JSON")


def _syntax_problem(text: str, exc: json.JSONDecodeError) -> Problem:
    line, column, message = exc.lineno, exc.colno, exc.msg
    if exc.pos < len(text) and text[exc.pos] in "]}":
        before = text[: exc.pos].rstrip()
        if before.endswith(","):
            line, column = _line_column(text, len(before) - 1)
            message = f"trailing comma before {text[exc.pos]!r}"
    message = f"{message} at line {line}, column {column}"
    return Problem("CANNOT_PARSE", "", message, line=line, column=column)


def _object(pairs: list[tuple[str, Any]], duplicates: list) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated = []
        for key, _ in pairs:
            if key in seen and key not in repeated:
                repeated.append(key)
            seen.add(key)
        duplicates.append((obj, repeated))
    return obj


def _duplicate_problems(data: Any, duplicates: list) -> list[Problem]:
    """Find where each object with repeated keys sits; the hook cannot know its path."""
    wanted = {id(obj): keys for obj, keys in duplicates}
    problems: list[Problem] = []
    # Depth is at most MAX_DEPTH here, so an explicit stack is only for document order.
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if id(node) in wanted:
                names = ", ".join(show(key) for key in wanted[id(node)][:5])
                problems.append(Problem("CANNOT_PARSE", path, f"duplicate key {names} in object"))
            children = [(pointer(path, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            children = [(pointer(path, index), value) for index, value in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))
    return problems
