"""Issue 17: the third-party API docs page still declares its language and has a title."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_it_serves_the_api_docs_with_a_language_and_a_title(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<title>" in html


@pytest.mark.django_db
def test_it_leaves_the_docs_init_script_alone(client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
