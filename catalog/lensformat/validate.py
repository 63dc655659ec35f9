"""The entry points: ``validate`` a parsed document, or ``load`` raw bytes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .context import Context, StopChecking
from .jsonparse import parse_json
from .lens import lens
from .problems import Problem


@dataclass(frozen=True)
class ValidatedLens:
    """An accepted lens: its canonical document and the warnings and infos found on the way."""

    document: dict[str, Any]
    warnings: list[Problem]


def validate(document: Any, *, strict: bool = False) -> ValidatedLens:
    """Check a parsed lens document against the custom-lens format and our extension.

    Every problem is collected, each with a JSON Pointer. Lenient mode (the default) accepts the
    quirks of real published lenses with a warning and repairs what it safely can: unknown keys
    and question-level ``additionalResources`` are dropped, repeated ``additionalResources`` types
    merged, rules after ``default`` dropped and a missing ``default`` rule added. Strict mode
    accepts only what the AWS importer would, plus our ``mllens`` extension.

    Returns the canonical document (input shape, spec key order, repairs applied); raises
    ``LensFormatError`` when there is any error.
    """
    ctx = Context(strict=strict)
    try:
        canonical = lens(ctx, document)
    except StopChecking:
        canonical = None
    ctx.raise_if_errors()
    # An unusable document always records an error, so this only narrows the type.
    assert canonical is not None
    return ValidatedLens(document=canonical, warnings=ctx.warnings())


def load(raw: bytes | str, *, strict: bool = False) -> ValidatedLens:
    """Parse a lens file with ``parse_json`` and check it with ``validate``."""
    return validate(parse_json(raw), strict=strict)
