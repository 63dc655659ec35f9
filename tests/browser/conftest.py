"""Browser tests share committed data with the live server thread."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _committed_data(transactional_db):
    """The live server runs in another thread: data must be committed, not rolled back."""
