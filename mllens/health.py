"""``GET /healthz``: the state of the database, the broker and the static files, for load
balancers and people."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mllens.checks import static_manifest_problem


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"; say which
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def broker_status() -> dict:
    """``{"status": "ok" | "down" | "eager", ...}`` of the Celery broker (1 s timeout)."""
    return _check_broker()


def _check_broker() -> dict:
    url = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or not url.startswith(("redis://", "rediss://")):
        return {"status": "eager", "detail": "no REDIS_URL: tasks run in the web process"}
    import redis

    started = time.perf_counter()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError as error:
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_static() -> dict:
    if problem := static_manifest_problem():
        return {"status": "missing", "detail": problem}
    return {"status": "ok"}


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (``degraded``, with the reason, if the broker does not
    or the static files are not collected); 503 otherwise."""
    database = _check_database()
    broker = _check_broker()
    static = _check_static()
    if database["status"] != "ok":
        overall, code = "down", 503
    elif broker["status"] == "down" or static["status"] != "ok":
        overall, code = "degraded", 200
    else:
        overall, code = "ok", 200
    body = {"status": overall, "database": database, "broker": broker, "static": static}
    return JsonResponse(body, status=code)
