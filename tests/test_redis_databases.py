"""Broker, task results and cache each in a Redis database of their own (README, "Redis
databases")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from mllens.env import ConfigError, redis_database_url
from tests.support import require

ROOT = Path(__file__).resolve().parents[1]


def _loaded(**env: str) -> dict:
    code = (
        "import json, mllens.settings as s; print(json.dumps({'broker': s.CELERY_BROKER_URL, "
        "'results': s.CELERY_RESULT_BACKEND, 'cache': s.CACHES['default'].get('LOCATION'), "
        "'eager': s.CELERY_TASK_ALWAYS_EAGER}))"
    )
    skip = {"REDIS_URL", "REDIS_BROKER_URL", "REDIS_RESULT_URL", "REDIS_CACHE_URL", "DEBUG"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    environment |= {"SECRET_KEY": "redis-databases", **env}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_derives_three_databases_from_redis_url():
    """Issue 12 finding 11: REDIS_URL's db N is the broker, N+1 the results, N+2 the cache."""
    assert _loaded(REDIS_URL="redis://:secret@cache.internal:6379/3") == {
        "broker": "redis://:secret@cache.internal:6379/3",
        "results": "redis://:secret@cache.internal:6379/4",
        "cache": "redis://:secret@cache.internal:6379/5",
        "eager": False,
    }
    assert _loaded(REDIS_URL="redis://127.0.0.1:6379")["cache"] == "redis://127.0.0.1:6379/2"


def test_it_lets_each_database_be_set_on_its_own():
    loaded = _loaded(
        REDIS_URL="redis://127.0.0.1:6379/0",
        REDIS_CACHE_URL="redis://other:6379/7",
        REDIS_RESULT_URL="redis://other:6379/8",
    )
    assert loaded["broker"] == "redis://127.0.0.1:6379/0"
    assert loaded["results"] == "redis://other:6379/8"
    assert loaded["cache"] == "redis://other:6379/7"
    without = _loaded()
    assert (without["broker"], without["results"], without["eager"]) == ("memory://", None, True)


def test_it_refuses_a_database_that_leaves_no_room():
    assert redis_database_url("REDIS_URL", "redis://h:6379/13", 2) == "redis://h:6379/15"
    with pytest.raises(ConfigError, match="REDIS_URL"):
        redis_database_url("REDIS_URL", "redis://h:6379/14", 2)
    with pytest.raises(ConfigError, match="REDIS_URL"):
        redis_database_url("REDIS_URL", "redis://h:6379/?db=3", 1)


@pytest.mark.redis
def test_it_keeps_a_queued_task_when_the_cache_is_cleared():
    """Issue 12 finding 11: cache.clear() (the test suite calls it) used to flush the broker's
    database too, dropping queued report messages; now the message is still there."""
    require(bool(settings.REDIS_URL), "Redis (set REDIS_URL)")
    import redis

    from mllens.celery import app

    queue = f"test-cache-clear-{uuid.uuid4().hex[:12]}"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        app.send_task("reviews.tasks.report_render", args=[0], queue=queue)
        assert broker.llen(queue) == 1
        cache.set("counted", 1)
        cache.clear()
        assert cache.get("counted") is None
        assert broker.llen(queue) == 1
    finally:
        broker.delete(queue)
