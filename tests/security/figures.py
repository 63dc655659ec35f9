"""Figures of the last run (matrix cases, fuzz cases, hostile lenses, ...) for the README.

Each test records what it checked in ``var/security-figures.json`` (not ``test-results/``,
which Playwright empties); the README's "Security and reliability" section quotes them.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

from tests.fixtures.worker import ROOT

FIGURES = Path(ROOT) / "var" / "security-figures.json"


def record(name: str, value) -> None:
    """Set figure ``name`` (merged into the file; safe across processes)."""
    FIGURES.parent.mkdir(exist_ok=True)
    with FIGURES.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        try:
            figures = json.loads(handle.read() or "{}")
        except ValueError:
            figures = {}
        figures[name] = value
        handle.seek(0)
        handle.truncate()
        json.dump(figures, handle, indent=2, sort_keys=True)
        handle.write("\n")
