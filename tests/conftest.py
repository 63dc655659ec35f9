"""Shared fixtures: users, API clients, the real Celery worker and the browser.

Under ``CI=true`` a missing service is a failure naming it, never a skip.
"""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.support import CHROMIUM, CI

pytest_plugins = [
    "tests.fixtures.users",
    "tests.fixtures.worker",
    "tests.fixtures.milestones",
    "tests.fixtures.reports",
    "tests.fixtures.security",
    "tests.fixtures.mail",
]


def pytest_sessionstart(session):
    if CI:
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
        if missing:
            pytest.exit(f"CI=true but {', '.join(missing)} is not set", returncode=3)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright cannot download its own browser here)."""
    found = os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)
    if not found:
        if CI:
            pytest.fail(f"required browser missing under CI: {CHROMIUM}", pytrace=False)
        pytest.skip(f"needs Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


def pytest_configure(config):
    """Serve static files from the source tree: tests never run collectstatic."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # The suite makes thousands of API calls as the same few users within the hour; the tests
    # of the limit turn it on.
    settings.API_RATE_LIMIT = ""
    # Users are made per test; the production hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The live server speaks plain http on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
