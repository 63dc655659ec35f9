"""A task goes through Redis to a real Celery worker process and back."""

from __future__ import annotations

import uuid

import pytest

from mllens.tasks import ping

pytestmark = [pytest.mark.redis, pytest.mark.worker]


def test_it_runs_a_task_in_a_real_worker(celery_worker):
    token = uuid.uuid4().hex
    result = ping.delay(token).get(timeout=30)
    assert result["token"] == token
    assert result["database"] is True


def test_it_sends_tasks_as_json_only():
    from mllens.celery import app

    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
