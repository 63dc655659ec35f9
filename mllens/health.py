"""``GET /healthz``: the state of the database and the broker, for load balancers and people."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
    if not settings.REDIS_URL:
        return {"status": "eager", "detail": "no REDIS_URL: tasks run in the web process"}
    import redis

    started = time.perf_counter()
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError as error:
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (``degraded`` if the broker does not); 503 otherwise."""
    database = _check_database()
    broker = _check_broker()
    if database["status"] != "ok":
        overall, code = "down", 503
    elif broker["status"] == "down":
        overall, code = "degraded", 200
    else:
        overall, code = "ok", 200
    return JsonResponse({"status": overall, "database": database, "broker": broker}, status=code)
