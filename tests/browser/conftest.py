"""Browser tests share committed data with the live server thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page


@pytest.fixture(autouse=True)
def _committed_data(transactional_db):
    """The live server runs in another thread: data must be committed, not rolled back."""


@pytest.fixture
def shots(pytestconfig) -> Path:
    """Screenshots go to Playwright's artefacts folder (``--output``, test-results/)."""
    folder = Path(pytestconfig.getoption("--output"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def errors(page: Page):
    """Script errors on the page; every test that asks for this ends with none."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    yield found
    assert found == []
