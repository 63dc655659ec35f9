"""``/healthz`` reports the database and the broker, and degrades rather than fails."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.support import require


@pytest.mark.django_db
def test_it_answers_ok_with_the_database_state(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # as without REDIS_URL
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["broker"]["status"] == "eager"


@pytest.mark.django_db
@pytest.mark.redis
def test_it_reports_a_live_redis_broker(client, settings):
    require(bool(settings.REDIS_URL), "Redis (set REDIS_URL)")
    body = client.get("/healthz").json()
    assert body["broker"]["status"] == "ok"
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_it_says_degraded_when_redis_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["broker"]["status"] == "down"
    assert body["database"]["status"] == "ok"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"status": "down", "error": "OperationalError"}


@pytest.mark.django_db
def test_it_needs_no_login(client):
    assert client.get("/healthz").status_code in {200, 503}
    assert client.post("/healthz").status_code == 405
