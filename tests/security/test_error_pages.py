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
