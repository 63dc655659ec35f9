"""Report jobs: request (enqueued after commit), render (in the worker), retry, delete, purge."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import resource
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from mllens.errors import DomainError, invalid, problem
from mllens.health import broker_status
from reviews.models import JobStatus, ReportJob, ReportKind
from reviews.models.report import ACTIVE
from reviews.reports.context import BUILDERS
from reviews.reports.failures import ReportDataError, failure_message
from reviews.reports.render import html_to_pdf, render_html
from reviews.selectors.reports import lens_at, lens_pillar_keys, milestone_exists
from reviews.services.activity import activity_record

log = logging.getLogger(__name__)

# A job found "running" when its task starts again lost its worker mid-render (the message
# was redelivered); after this many starts it is failed instead of killing worker after worker.
MAX_ATTEMPTS = 3
ENQUEUE_FAILED = failure_message("BROKER_UNAVAILABLE")
# What a user over the report quota is told to wait before asking again (seconds): about
# the time a worker takes for one report.
QUOTA_RETRY_AFTER = 10

TEMPLATES = {
    ReportKind.REVIEW: "reports/review.html",
    ReportKind.IMPROVEMENT_PLAN: "reports/improvement_plan.html",
    ReportKind.COMPARISON: "reports/comparison.html",
}


class TooManyReports(DomainError):
    """The user already has ``REPORT_JOBS_PER_USER`` reports queued or running (HTTP 429)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            code="TOO_MANY_REPORTS",
            message=f"You already have {limit} reports queued or rendering, the most one "
            "person may have at a time. Ask again when one of them has finished.",
            status=429,
        )
        self.retry_after = QUOTA_RETRY_AFTER


def _ensure_quota(user) -> None:
    """Refuse a new job when ``user`` has ``REPORT_JOBS_PER_USER`` active ones already.

    Call inside a transaction: the user's row is locked first, so parallel requests of one
    user count one after the other and none slips past the limit.
    """
    limit = settings.REPORT_JOBS_PER_USER
    if not limit or user is None:
        return
    get_user_model().objects.select_for_update().filter(pk=user.pk).only("pk").first()
    active = ReportJob.objects.filter(requested_by=user, status__in=ACTIVE)
    # A job whose worker or message was lost is failed here, so it stops counting.
    if sum(report_mark_stale(job).status in ACTIVE for job in active) >= limit:
        raise TooManyReports(limit)


class BrokerUnavailable(DomainError):
    def __init__(self) -> None:
        super().__init__(
            code="BROKER_UNAVAILABLE",
            message="Reports cannot be queued right now: the task broker (Redis) is not "
            "reachable. Everything else keeps working; try again in a minute.",
            status=503,
        )


def _request_key(workload_id, lens_id, kind, milestone, base, target, options) -> str:
    raw = json.dumps(
        [workload_id, lens_id, kind, milestone, base, target, options], sort_keys=True, default=str
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def _enqueue(job_id: int) -> None:
    from reviews.tasks import render_report

    try:
        render_report.apply_async(
            args=[job_id],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception as error:  # broker errors come in many types (kombu, redis, socket)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # The task ran right here and gave up (it marked the job failed); this runs
            # in an on_commit hook of the request, which must not turn into a 500.
            log.exception("report job %s failed in eager mode", job_id)
            ReportJob.objects.filter(pk=job_id, status__in=ACTIVE).update(
                status=JobStatus.FAILED,
                error=failure_message("RENDER_FAILED"),
                error_code="RENDER_FAILED",
                finished_at=timezone.now(),
            )
            return
        log.warning("could not enqueue report job %s: %s", job_id, error)
        ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            error=ENQUEUE_FAILED,
            error_code="BROKER_UNAVAILABLE",
            finished_at=timezone.now(),
        )


def report_order(
    *,
    workload,
    user,
    lens: str,
    kind: str,
    milestone=None,
    base=None,
    target: str = "",
    options: dict | None = None,
) -> tuple[ReportJob, bool]:
    """A report as the API requests it: the lens by slug, milestone numbers as sent.

    Only comparisons have a base and a target (``"current"`` unless given); the milestones
    named must exist and the lens must be applied to the state the report reads (400 at the
    field at fault otherwise). Options are made canonical, so identical requests share one
    job. Then :func:`report_request`.
    """
    target = target or ""
    if kind == ReportKind.COMPARISON:
        milestone, target = None, target or "current"
    else:
        base, target = None, ""
    for name, number in (("milestone", milestone), ("base", base), ("target", target)):
        if number and number != "current" and not milestone_exists(workload, number):
            raise invalid(problem("NOT_FOUND", f"No milestone {number}.", name))
    at = milestone if kind != ReportKind.COMPARISON else target
    found = lens_at(workload, lens, at)
    if found is None:
        where = "to the workload" if at in (None, "", "current") else f"at milestone {at}"
        raise invalid(problem("NOT_APPLIED", f"This lens is not applied {where}.", "lens"))
    return report_request(
        workload=workload,
        lens=found,
        kind=kind,
        user=user,
        milestone=milestone,
        base=base,
        target=target,
        options=_canonical_options(found, options or {}),
    )


def _canonical_options(lens, options: dict) -> dict:
    """Options in one canonical form, so identical requests share one job."""
    canonical = {"include_notes": options.get("include_notes", True)}
    if pillars := options.get("pillars"):
        if unknown := sorted(set(pillars) - lens_pillar_keys(lens)):
            message = f"No pillar {unknown[0]!r}."
            raise invalid(problem("UNKNOWN_PILLAR", message, "options", "pillars"))
        canonical["pillars"] = sorted(set(pillars))
    if organisation := (options.get("organisation") or "").strip():
        canonical["organisation"] = organisation
    return canonical


def report_request(
    *,
    workload,
    lens,
    kind: str,
    user,
    milestone=None,
    base=None,
    target: str = "",
    options: dict | None = None,
) -> tuple[ReportJob, bool]:
    """Queue a report (or return the identical one already queued or running).

    The task is sent after the transaction commits, so the worker always finds the row.
    Raises ``BrokerUnavailable`` (503) when Redis cannot be reached, ``TooManyReports``
    (429) when the user already has ``REPORT_JOBS_PER_USER`` jobs queued or running.
    """
    options = options or {}
    if kind == ReportKind.COMPARISON:
        if base is None:
            raise invalid(
                problem("REQUIRED", "This field is required.", "base"),
                message="A comparison needs a base milestone.",
            )
        target = str(target or "current")
    key = _request_key(workload.pk, lens.pk, kind, milestone, base, target, options)
    if not settings.CELERY_TASK_ALWAYS_EAGER and broker_status()["status"] != "ok":
        raise BrokerUnavailable()
    existing = ReportJob.objects.filter(request_key=key, status__in=ACTIVE).first()
    if existing and report_mark_stale(existing).status in ACTIVE:
        return existing, False
    try:
        with transaction.atomic():
            _ensure_quota(user)
            job = ReportJob.objects.create(
                workload=workload,
                lens=lens,
                kind=kind,
                milestone=milestone,
                base=base,
                target=target,
                options=options,
                request_key=key,
                requested_by=user,
            )
            activity_record(
                workload=workload,
                actor=user,
                verb="report.request",
                obj=job,
                summary=f"requested {ReportKind(kind).label.lower()}",
            )
            transaction.on_commit(lambda: _enqueue(job.pk))
    except IntegrityError:  # an identical request won the race
        twin = ReportJob.objects.filter(request_key=key, status__in=ACTIVE).first()
        if twin is None:  # ... and finished already: ask again
            return report_request(
                workload=workload,
                lens=lens,
                kind=kind,
                user=user,
                milestone=milestone,
                base=base,
                target=target,
                options=options,
            )
        return twin, False
    job.refresh_from_db()
    if job.status == JobStatus.FAILED and job.error == ENQUEUE_FAILED:
        # The broker went away between the health check and the send: no job was queued.
        job.delete()
        raise BrokerUnavailable()
    return job, True


def report_retry(*, job: ReportJob, user) -> ReportJob:
    """Queue a failed job again (same request), as ``user``'s: it counts in their quota."""
    if job.status != JobStatus.FAILED:
        raise DomainError(
            code="NOT_FAILED", message="Only failed reports can be retried.", status=409
        )
    if not settings.CELERY_TASK_ALWAYS_EAGER and broker_status()["status"] != "ok":
        raise BrokerUnavailable()
    with transaction.atomic():
        _ensure_quota(user)
        updated = ReportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED,
            requested_by=user,
            progress=0,
            error="",
            error_code="",
            attempts=0,
            # Requested again: queue time (and the lost-message check) counts from now.
            created_at=timezone.now(),
            started_at=None,
            finished_at=None,
        )
        if not updated:
            raise DomainError(
                code="NOT_FAILED", message="Only failed reports can be retried.", status=409
            )
        activity_record(
            workload=job.workload,
            actor=user,
            verb="report.retry",
            obj=job,
            summary=f"retried {job.get_kind_display().lower()}",
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    if job.status == JobStatus.FAILED and job.error == ENQUEUE_FAILED:
        raise BrokerUnavailable()
    return job


def _progress(job_id: int, value: int, **fields) -> None:
    ReportJob.objects.filter(pk=job_id).update(progress=value, **fields)


def _reset_peak_memory() -> None:
    """Start a new high-water mark of resident memory, so the peak is this render's (Linux)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_memory_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _filename(job: ReportJob) -> str:
    name = f"{slugify(job.workload.name)[:60] or 'workload'}-{job.kind.replace('_', '-')}"
    if job.kind == ReportKind.COMPARISON:
        target = job.target or "current"
        name += f"-milestone-{job.base}-to-{'now' if target == 'current' else target}"
    elif job.milestone:
        name += f"-milestone-{job.milestone}"
    return f"{name}-{timezone.now():%Y%m%d-%H%M}.pdf"


def report_render(*, job_id: int) -> ReportJob | None:
    """Render one job (called by the worker). Idempotent for a redelivered message.

    A job deleted while it renders stays deleted (its file is removed again). A job that
    lost its worker ``MAX_ATTEMPTS`` times is failed rather than tried once more.
    """
    job = ReportJob.objects.select_related("workload", "lens").filter(pk=job_id).first()
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return job
    if job.status == JobStatus.RUNNING and job.attempts >= MAX_ATTEMPTS:
        report_fail(job_id=job.pk, code="WORKER_LOST", attempts=job.attempts)
        job.refresh_from_db()
        return job
    _reset_peak_memory()
    started = time.monotonic()
    _progress(
        job.pk, 5, status=JobStatus.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1
    )
    try:
        context = BUILDERS[ReportKind(job.kind)](job)
    except (LookupError, TypeError, ValueError) as error:
        raise ReportDataError(f"report job {job.pk}: unreadable stored data") from error
    _progress(job.pk, 25)
    html = render_html(TEMPLATES[ReportKind(job.kind)], context)
    _progress(job.pk, 40)
    pdf = html_to_pdf(html, on_layout=lambda pages: _progress(job.pk, 80))
    filename = _filename(job)
    current = ReportJob.objects.filter(pk=job.pk).first()
    if current is None:
        return None
    if current.file:  # from an earlier render of a retried job
        current.file.delete(save=False)
    storage = job.file.storage
    # A short stored name (the file column holds 100 characters); people get ``filename``.
    stored = storage.save(
        job.file.field.generate_filename(job, f"{job.workload_id}/{job.pk}.pdf"),
        ContentFile(pdf.content),
    )
    fields = {
        "file": stored,
        "filename": filename,
        "page_count": pdf.page_count,
        "size": len(pdf.content),
        "sha256": hashlib.sha256(pdf.content).hexdigest(),
        "render_ms": round((time.monotonic() - started) * 1000),
        "peak_memory_kb": _peak_memory_kb(),
        "status": JobStatus.DONE,
        "progress": 100,
        "error": "",
        "error_code": "",
        "finished_at": timezone.now(),
    }
    # An update, not save(): save() would insert the row again if it was deleted meanwhile.
    if not ReportJob.objects.filter(pk=job.pk).update(**fields):
        storage.delete(stored)
        return None
    job.refresh_from_db()
    return job


def report_fail(*, job_id: int, code: str, **params) -> None:
    """Mark the job failed with the stable code and message of failure family ``code``
    (see ``reviews.reports.failures``); the cause itself belongs in the log."""
    ReportJob.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED,
        error=failure_message(code, **params),
        error_code=code,
        finished_at=timezone.now(),
    )


def report_requeue(*, job_id: int, note: str) -> None:
    """Put a running job back in the queue before a retry (best effort: the database may be
    the thing that is down)."""
    try:
        ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.QUEUED, progress=0, error=f"Temporary failure, {note}."
        )
    except DatabaseError:
        log.warning("could not requeue report job %s", job_id)


LOST_IN_QUEUE = failure_message("QUEUE_LOST")


def report_mark_stale(job: ReportJob) -> ReportJob:
    """Fail a job that will never finish instead of leaving it active forever.

    A job running past the hard time limit lost its worker. A job queued for longer than
    ``REPORT_QUEUE_TIMEOUT`` lost its message: a broker without persistence forgets its
    queue when it restarts, and an identical request would otherwise get the dead job back.
    """
    now = timezone.now()
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    if job.status == JobStatus.RUNNING and job.started_at and now - job.started_at > limit:
        report_fail(job_id=job.pk, code="WORKER_TIMEOUT")
        job.refresh_from_db()
    queued_since = max(job.created_at, job.started_at or job.created_at)
    if job.status == JobStatus.QUEUED and now - queued_since > timedelta(
        seconds=settings.REPORT_QUEUE_TIMEOUT
    ):
        ReportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED, error=LOST_IN_QUEUE, error_code="QUEUE_LOST", finished_at=now
        )
        job.refresh_from_db()
    return job


def report_delete(*, job: ReportJob, user) -> None:
    """Delete a job and its PDF."""
    if job.file:
        job.file.delete(save=False)
    activity_record(
        workload=job.workload,
        actor=user,
        verb="report.delete",
        obj=job,
        summary=f"deleted {job.get_kind_display().lower()} #{job.pk}",
    )
    job.delete()


def reports_purge(*, older_than_days: int) -> int:
    """Delete finished jobs (and their files) older than ``older_than_days``."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    count = 0
    for job in ReportJob.objects.filter(created_at__lt=cutoff).exclude(status__in=ACTIVE):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count


def report_files_delete_for_workload(workload) -> None:
    """Remove the stored PDFs of a workload about to be deleted (rows go by cascade)."""
    for job in ReportJob.objects.filter(workload=workload).exclude(file=""):
        job.file.delete(save=False)
