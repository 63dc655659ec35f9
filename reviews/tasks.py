"""Celery tasks of the reviews app: fetch by id, call a service."""

from __future__ import annotations

import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init
from django.conf import settings
from django.db import InterfaceError, OperationalError

from reviews.reports.failures import failure_code
from reviews.services.reports import report_fail, report_render, report_requeue

log = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, ConnectionError)


@shared_task(
    bind=True,
    name="reviews.render_report",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_report(self, job_id: int) -> dict:
    """Render report job ``job_id``; transient database errors retry with backoff."""
    try:
        job = report_render(job_id=job_id)
    except SoftTimeLimitExceeded:
        report_fail(job_id=job_id, code="TIMEOUT", seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT)
        return {"job": job_id, "status": "failed"}
    except TRANSIENT as error:
        if self.request.is_eager:
            # In-process (no broker): no one would run a retry later, and Celery's eager
            # retry escapes as an exception. Fail now; the user can retry the job.
            log.warning("report job %s: database unreachable (%s)", job_id, type(error).__name__)
            report_fail(job_id=job_id, code="DATABASE_UNAVAILABLE")
            return {"job": job_id, "status": "failed"}
        if self.request.retries >= self.max_retries:
            log.error("report job %s: gave up, database unreachable", job_id, exc_info=error)
            report_fail(job_id=job_id, code="GAVE_UP", retries=self.max_retries)
            raise
        countdown = 2 ** (self.request.retries + 1)
        # Queued again, not "running": a job found running when its task starts again
        # means a worker died under it (see report_render).
        report_requeue(job_id=job_id, note=f"retrying in {countdown} s")
        raise self.retry(exc=error, countdown=countdown) from error
    except Exception as error:
        # The trace goes to the log; the job keeps a stable message (no raw exception text).
        log.exception("report job %s failed", job_id)
        report_fail(job_id=job_id, code=failure_code(error))
        return {"job": job_id, "status": "failed"}
    return {"job": job_id, "status": job.status if job else "missing"}


@worker_init.connect
def _warm_up_renderer(**kwargs) -> None:
    """Pay WeasyPrint's start-up cost once per worker (prefork children inherit it)."""
    from reviews.reports.render import warm_up

    try:
        started = time.monotonic()
        warm_up()
        log.info("report renderer warmed up in %.1f s", time.monotonic() - started)
    except Exception:  # a broken warm-up must not stop the worker; renders report errors
        log.exception("report renderer warm-up failed")
