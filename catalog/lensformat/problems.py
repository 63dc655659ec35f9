"""What the lens-format checks report: a ``Problem`` per finding, ``LensFormatError`` to reject."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from mllens.errors import pointer as json_pointer

ERROR = "error"
WARNING = "warning"
INFO = "info"

# A hostile file can produce one problem per byte; nobody reads past the first few hundred.
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One finding about a submitted lens.

    ``pointer`` is an RFC 6901 JSON Pointer into the submitted document (``""`` is the whole
    document); it may name a member that is missing. ``line`` and ``column`` (1-based) are set when
    the position in the raw text is known, which is the case for JSON syntax errors.
    """

    code: str
    pointer: str
    message: str
    severity: str = ERROR
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict with every field, ``None`` included."""
        return asdict(self)


def cap(problems: list[Problem], total: int, what: str, *, stopped: bool = False) -> list[Problem]:
    """Keep at most ``MAX_PROBLEMS`` of ``total`` problems, the last a LIMIT note on the rest."""
    total = max(total, len(problems))
    if total <= MAX_PROBLEMS:
        return list(problems)
    kept = problems[: MAX_PROBLEMS - 1]
    message = f"{total - len(kept)} more {what} omitted"
    if stopped:
        message += f"; checking stopped after {total:,} errors"
    return [*kept, Problem("LIMIT", "", message, kept[-1].severity)]


class LensFormatError(Exception):
    """A lens document that cannot be accepted, with every error found.

    ``problems`` holds the errors in document order (at most ``MAX_PROBLEMS``; a final LIMIT problem
    says how many more were omitted). ``warnings`` holds the warnings and infos found on the way,
    so an import page can show them next to the errors. ``code`` is the first error's code and
    ``message`` a one-line summary. ``total`` and ``warning_total`` count problems the caller
    found but did not keep; ``stopped`` says the caller gave up before the end of the document.
    """

    def __init__(
        self,
        problems: list[Problem],
        warnings: list[Problem] | None = None,
        *,
        total: int = 0,
        warning_total: int = 0,
        stopped: bool = False,
    ) -> None:
        if not problems:
            raise ValueError("LensFormatError needs at least one problem")
        total = max(total, len(problems))
        self.problems = cap(problems, total, "errors", stopped=stopped)
        self.warnings = cap(list(warnings or ()), warning_total, "warnings")
        first = self.problems[0]
        self.code = first.code
        where = f" at {first.pointer}" if first.pointer else ""
        more = f" (and {total - 1} more)" if total > 1 else ""
        self.message = f"{first.code}{where}: {first.message}{more}"
        super().__init__(self.message)


def pointer(base: str, *parts: str | int) -> str:
    """Append reference tokens to a JSON Pointer, escaping ``~`` and ``/`` as RFC 6901 says."""
    return base + json_pointer(*parts)


def show(value: str, limit: int = 40) -> str:
    """Quote a user-supplied string for a message: shortened, with control characters escaped."""
    return repr(value if len(value) <= limit else value[:limit] + "...")


def json_type(value: Any) -> str:
    """Name a Python value by its JSON type, for TYPE messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"
