"""Helpers for tests that need a real service."""

from __future__ import annotations

import os

import pytest

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def require(condition: bool, what: str) -> None:
    """Skip locally when a service is missing; fail under CI with the service's name."""
    if condition:
        return
    if CI:
        pytest.fail(f"required service missing under CI: {what}", pytrace=False)
    pytest.skip(f"needs {what}")


# A hostile input must be refused without holding a worker: these suites bound each request.
# The bound catches runaway work (a blow-up is seconds to minutes), not speed — the benchmark
# suite times the real figures — so it leaves room for a loaded two-core CI machine.
HOSTILE_REQUEST_BOUND_S = 10
