"""The people tests reuse the reviews tests' world: the tricky lens, a workload with an owner
(alice), a contributor (bob) and a reader (dora), tess in a team, fast password hashing."""

from __future__ import annotations

from tests.reviews.conftest import _fast_passwords, dora, tess, tricky, workload  # noqa: F401
