"""A token scan of raw JSON text that knows the JSON Pointer of every position.

``json.loads`` reports a position but not where in the document it is, and it accepts bare
``NaN``, keeps the last of duplicate keys and recurses without limit. This scan runs first and
reports those cases (and trailing commas) with the pointer of the offending value as well as its
line and column, so an author can find the spot both in an editor and in the tree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .problems import Problem, pointer, show

# Outside strings: brackets, separators, bare NaN/Infinity and any other literal. A string token
# swallows everything up to its closing quote (or the end of the text, when it is unterminated).
_TOKEN = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{},:]|NaN|-?Infinity|[^\s\[\]{},:"]+', re.DOTALL
)


@dataclass
class _Frame:
    """One open object or array: its pointer, and the member or item being read."""

    ptr: str
    is_object: bool
    index: int = 0
    key: str | None = None
    expect_key: bool = True
    keys: set[str] = field(default_factory=set)

    def member(self) -> str:
        """The pointer of the value being read in this container."""
        if self.is_object:
            return self.ptr if self.key is None else pointer(self.ptr, self.key)
        return pointer(self.ptr, self.index)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of character ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def _problem(text: str, offset: int, ptr: str, message: str) -> Problem:
    line, column = line_column(text, offset)
    return Problem(
        "CANNOT_PARSE", ptr, f"{message} at line {line}, column {column}", line=line, column=column
    )


class _Walker:
    """Follows the open objects and arrays token by token."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []

    @property
    def top(self) -> _Frame | None:
        return self.stack[-1] if self.stack else None

    def here(self) -> str:
        """The pointer of the value at the current position."""
        return self.stack[-1].member() if self.stack else ""

    def container(self) -> str:
        """The pointer of the innermost open object or array."""
        return self.stack[-1].ptr if self.stack else ""

    def reading_key(self) -> bool:
        top = self.top
        return top is not None and top.is_object and top.expect_key

    def feed(self, token: str) -> None:
        first, top = token[0], self.top
        if first in "[{":
            self.stack.append(_Frame(self.here(), is_object=first == "{"))
        elif first in "]}":
            if self.stack:
                self.stack.pop()
        elif top is None:
            return
        elif first == ",":
            if top.is_object:
                top.expect_key, top.key = True, None
            else:
                top.index += 1
        elif first == ":":
            top.expect_key = False
        elif first == '"' and self.reading_key():
            key = _decode_key(token)
            if key is not None:
                top.key = key


def _decode_key(token: str) -> str | None:
    try:
        key = json.loads(token)
    except ValueError:
        return None  # broken or unterminated: json.loads reports it with its position
    return key if isinstance(key, str) else None


def scan(text: str, *, max_depth: int) -> list[Problem]:
    """Report bare NaN/Infinity, trailing commas, duplicate keys and nesting past ``max_depth``.

    NaN and Infinity point at the value, a trailing comma at its object or array, a duplicate
    key at the member it names; each with the line and column. Other syntax errors are left
    to ``json.loads``; ``container_at`` locates them.
    """
    problems: list[Problem] = []
    walker = _Walker()
    last, last_at = "", 0  # the previous token, to spot "," right before a closing bracket
    for match in _TOKEN.finditer(text):
        token, at = match.group(), match.start()
        first, top = token[0], walker.top
        if first in "[{" and len(walker.stack) >= max_depth:
            message = f"nesting deeper than {max_depth} levels"
            return [*problems, _problem(text, at, walker.here(), message)]
        if first in "]}" and last == "," and top is not None:
            closing = "object" if top.is_object else "array"
            message = f"trailing comma before the end of this {closing}"
            problems.append(_problem(text, last_at, top.ptr, message))
        elif token in ("NaN", "Infinity", "-Infinity"):
            message = f"{token} is not valid JSON (use null)"
            problems.append(_problem(text, at, walker.here(), message))
        elif first == '"' and top is not None and walker.reading_key():
            key = _decode_key(token)
            if key is not None and key in top.keys:
                message = f"duplicate key {show(key)}; only one of them would be kept"
                problems.append(_problem(text, at, pointer(top.ptr, key), message))
            elif key is not None:
                top.keys.add(key)
        walker.feed(token)
        last, last_at = first, at
    return problems


def container_at(text: str, offset: int) -> str:
    """The pointer of the innermost object or array open at ``offset`` (``""`` at top level)."""
    walker = _Walker()
    for match in _TOKEN.finditer(text, 0, offset):
        walker.feed(match.group())
    return walker.container()
