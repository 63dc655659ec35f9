"""Timestamps in every form AWS review files carry them, read as aware UTC datetimes."""

from __future__ import annotations

import math
from datetime import UTC, datetime


def parse_timestamp(value) -> datetime | None:
    """Epoch seconds (number or numeric text, fraction allowed), or ISO 8601 with ``T`` or a
    space between date and time (``str(datetime)`` and ``isoformat()``), with ``Z``, an
    offset or none (taken as UTC). ``None`` when the value is none of these."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return _from_epoch(float(text))
    except ValueError:
        pass
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _from_epoch(seconds: float) -> datetime | None:
    if not math.isfinite(seconds):
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
