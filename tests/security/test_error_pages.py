"""With DEBUG off, errors show our pages (or the API's error shape), never a trace or a setting."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.security.urls_failing import SECRET_DETAIL

LEAKS = [
    b"Traceback",
    b"SECRET_KEY",
    b"DATABASES",
    b"settings.py",
    b"site-packages",
    SECRET_DETAIL.encode(),
    b"DEBUG = True",
]


def _assert_nothing_leaks(response) -> None:
    for leak in LEAKS:
        assert leak not in response.content, leak


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.security.urls_failing"
    assert settings.DEBUG is False


def test_it_shows_our_404_page(client, alice):
    client.force_login(alice)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Back to your workloads" in response.content
    assert b"app.css" in response.content  # our style
    _assert_nothing_leaks(response)


def test_it_answers_404_in_the_api_error_shape(client, alice):
    client.force_login(alice)
    response = client.get("/api/v1/no-such-call")
    assert response.status_code == 404
    assert response.json() == {"code": "NOT_FOUND", "message": "Not found.", "errors": []}


def test_it_shows_our_500_page_without_the_error(failing_urls, db):
    client = Client(raise_request_exception=False)
    response = client.get("/failing-page/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"app.css" in response.content
    _assert_nothing_leaks(response)


def test_it_answers_500_in_the_api_error_shape_without_the_error(failing_urls, alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = client.get("/api/v1/failing-call/")
    assert response.status_code == 500
    assert response.json()["code"] == "SERVER_ERROR"
    _assert_nothing_leaks(response)


def test_it_hides_the_browsable_api_when_debug_is_off():
    assert "rest_framework.renderers.BrowsableAPIRenderer" not in str(
        settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"]
    )


# --- Issue 12 finding 10: no static manifest (collectstatic never ran) ---------------------------


@pytest.fixture
def no_manifest(settings, tmp_path):
    """Production storage, as gunicorn loads it, over a STATIC_ROOT collectstatic never filled."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    assert settings.DEBUG is False


def test_it_shows_a_plain_error_page_when_the_static_manifest_is_missing(no_manifest, alice):
    """Issue 12 finding 10: without the manifest the 500 handler itself crashed (gunicorn's
    bare 500); now the error pages render without any static file."""
    client = Client(raise_request_exception=False)
    for path, status, text in [
        ("/login/", 500, b"Something went wrong"),
        ("/no-such-page/", 404, b"Page not found"),
        ("/?q=%00", 400, b"Bad request"),
        ("/api/docs/", 500, b"Something went wrong"),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert text in response.content, path
        assert b"/static/" not in response.content  # nothing that needs the manifest
        _assert_nothing_leaks(response)
    assert client.get("/api/v1/no-such-call").json()["code"] == "NOT_FOUND"


def test_it_says_why_in_healthz_and_the_system_check(no_manifest, db, client):
    """Issue 12 finding 10: /healthz said "ok" while every page failed; now it says why."""
    from mllens.checks import check_static_manifest

    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["static"]["status"] == "missing"
    assert "collectstatic" in body["static"]["detail"]
    assert [message.id for message in check_static_manifest()] == ["mllens.W001"]


def test_it_says_ok_once_the_static_files_are_collected(no_manifest, db, client, settings):
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    assert client.get("/healthz").json()["static"] == {"status": "ok"}
    response = Client(raise_request_exception=False).get("/login/")
    assert response.status_code == 200
    assert b"/static/css/app." in response.content  # the hashed name, from the manifest


def test_it_logs_the_missing_manifest_when_a_web_process_starts(tmp_path):
    """Issue 12 finding 10: start-up says what is wrong (gunicorn imports mllens.wsgi)."""
    import os
    import subprocess
    import sys

    from tests.fixtures.worker import ROOT

    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env |= {"SECRET_KEY": "startup-check", "STATIC_ROOT": str(tmp_path / "static")}
    started = subprocess.run(
        [sys.executable, "-c", "import mllens.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 0, started.stderr
    assert "static files manifest" in started.stderr
    assert "collectstatic" in started.stderr
