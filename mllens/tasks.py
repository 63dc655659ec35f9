"""Project-level tasks: the worker's own health probe."""

from __future__ import annotations

import socket

from celery import shared_task
from django.db import connection


@shared_task(name="mllens.ping", acks_late=False, max_retries=0)
def ping(token: str) -> dict:
    """Answer with the token, the worker's host and a database round trip.

    Used by ``/healthz``-style checks and the worker test: it proves the message went
    through the broker, the worker process imported Django and reached the database.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "hostname": socket.gethostname(), "database": one == 1}
