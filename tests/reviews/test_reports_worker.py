"""Reports through a real Celery worker and Redis; a worker killed mid-render; retries.

The end-to-end tests need Redis (``REDIS_URL``) and start worker processes: locally they
skip without it, under CI they fail.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from celery.exceptions import Retry
from django.db import OperationalError

from reviews.models import JobStatus, ReportJob
from tests.fixtures.reports import (
    KINDS,
    assert_pdf_describes,
    assert_pdf_matches_job,
    pillars_read,
    read_pdf,
    report_payload,
    report_workload,
    shown_counts,
)
from tests.fixtures.users import client_for

API = "/api/v1/reports/"
SLUG = "machine-learning"
TIMEOUT = 60


@pytest.fixture
def ml_workload_committed(transactional_db, alice, dora, ml_lens):
    """A fully answered ML Lens workload, committed so that worker processes see it."""
    from reviews.choices import Role

    return report_workload(owner=alice, lens=ml_lens, members=[(dora, Role.READER)])


def wait_for(job_id: int, client, *, until=("DONE", "FAILED"), timeout: float = TIMEOUT):
    """Poll the job through the API until its status is one of ``until``; the bodies seen."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"{API}{job_id}/").json()
        seen.append(data)
        if data["status"] in until:
            return seen
        time.sleep(0.05)
    pytest.fail(f"job {job_id} still {seen[-1]['status']} after {timeout} s: {seen[-1]}")


@pytest.mark.redis
@pytest.mark.worker
def test_it_renders_every_kind_through_a_real_worker(
    report_media, ml_workload_committed, alice, dora, celery_worker, tmp_path
):
    workload = ml_workload_committed
    owner, reader = client_for(alice), client_for(dora)  # the owner asks, a reader follows
    keys = {"review": "review-now", "improvement_plan": "improvement_plan-now"}
    keys["comparison"] = "comparison-now"
    jobs = {}
    for kind in KINDS:
        response = owner.post(API, report_payload(workload, SLUG, keys[kind]), format="json")
        assert response.status_code == 202, response.content
        assert response.json()["status"] == "QUEUED"
        jobs[kind] = response.json()["id"]
    for kind, job_id in jobs.items():
        seen = wait_for(job_id, reader)
        final = seen[-1]
        assert final["status"] == "DONE", final["error"]
        progress = [data["progress"] for data in seen]
        assert progress == sorted(progress)  # it only goes forward ...
        assert progress[-1] == 100  # ... to the end
        assert final["attempts"] == 1
        assert final["queue_seconds"] >= 0
        assert final["render_seconds"] > 0
        download = reader.get(final["download_url"])
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        pdf = read_pdf(b"".join(download.streaming_content), tmp_path)
        job = ReportJob.objects.select_related("workload", "lens").get(pk=job_id)
        assert_pdf_matches_job(pdf, job)
        assert final["page_count"] == pdf.pages
        assert_pdf_describes(
            pdf, name=workload.name, pillars=pillars_read(job), counts=shown_counts(job)
        )
        print(  # the benchmark figures, with -s
            f"\n{kind}: {job.render_ms} ms, {job.peak_memory_kb / 1024:.0f} MiB peak, "
            f"{job.page_count} pages, {job.size / 1024:.0f} KiB"
        )


def _kill_child_once_running(worker, job_id: int, timeout: float = 30) -> int:
    """SIGKILL the pool child as soon as the job is running; the killed pid."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = ReportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        if status == JobStatus.RUNNING:
            children = worker.children()
            assert len(children) == 1, children
            os.kill(children[0], signal.SIGKILL)
            return children[0]
        assert status == JobStatus.QUEUED, status  # not finished before we could kill it
        time.sleep(0.01)
    pytest.fail(f"job {job_id} did not start within {timeout} s")


@pytest.mark.redis
@pytest.mark.worker
def test_it_finishes_or_fails_a_job_whose_worker_was_killed_mid_render(
    report_media, ml_workload_committed, alice, prefork_worker
):
    owner = client_for(alice)
    body = report_payload(ml_workload_committed, SLUG, "review-now")
    job_id = owner.post(API, body, format="json").json()["id"]
    killed = _kill_child_once_running(prefork_worker, job_id)
    final = wait_for(job_id, owner)[-1]
    # Redelivered (acks_late + reject_on_worker_lost) to a fresh child, which renders it.
    assert final["status"] in ("DONE", "FAILED")
    if final["status"] == "FAILED":
        assert final["error"]
        assert "Traceback" not in final["error"]
    else:
        assert final["attempts"] == 2
        assert final["page_count"] > 10
    assert killed not in prefork_worker.children()
    assert prefork_worker.process.poll() is None  # the worker itself lives on
    print(f"\nkilled pool child {killed}: job {final['status']} after {final['attempts']} starts")


# --- Retries (no worker needed) --------------------------------------------------------------


def test_it_retries_transient_database_errors_with_backoff_then_fails(workload, monkeypatch):
    """As in the worker: the task's request is not eager, so it schedules retries."""
    from reviews.tasks import render_report

    job = ReportJob.objects.create(
        workload=workload, lens=workload.lens_reviews.get().lens, kind="review", request_key="k"
    )
    starts = []

    def unreachable(*, job_id):
        ReportJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
        starts.append(job_id)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("reviews.tasks.report_render", unreachable)
    scheduled = []
    task = render_report._get_current_object()

    def retry(self, exc=None, countdown=None, **options):  # records instead of sending
        scheduled.append((countdown, type(exc).__name__))
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(type(task), "retry", retry)
    for attempt in range(task.max_retries):
        task.push_request(retries=attempt, is_eager=False, called_directly=False)
        try:
            with pytest.raises(Retry):
                task.run(job.pk)
        finally:
            task.pop_request()
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED
        assert job.error == f"Temporary failure, retrying in {2 ** (attempt + 1)} s."
    assert scheduled == [(2, "OperationalError"), (4, "OperationalError"), (8, "OperationalError")]
    task.push_request(retries=task.max_retries, is_eager=False, called_directly=False)
    try:
        with pytest.raises(OperationalError):
            task.run(job.pk)
    finally:
        task.pop_request()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert (job.error_code, job.error) == (
        "GAVE_UP",
        "Gave up after 3 retries: the database was not reachable. Retry it later.",
    )
    assert len(starts) == 4
    assert len(scheduled) == 3


def test_it_gives_up_a_job_that_keeps_killing_its_worker(workload):
    from reviews.services.reports import MAX_ATTEMPTS, report_render

    job = ReportJob.objects.create(
        workload=workload,
        lens=workload.lens_reviews.get().lens,
        kind="review",
        request_key="k",
        status=JobStatus.RUNNING,
        attempts=MAX_ATTEMPTS,
    )
    job = report_render(job_id=job.pk)
    assert job.status == JobStatus.FAILED
    assert f"stopped {MAX_ATTEMPTS} times" in job.error
    assert job.error_code == "WORKER_LOST"
    assert not job.file


def test_it_sends_only_the_job_id_after_commit(
    workload, alice, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import json

    from reviews.services.reports import report_request
    from reviews.tasks import render_report

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr("reviews.services.reports.broker_status", lambda: {"status": "ok"})
    sent = []
    monkeypatch.setattr(render_report, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        job, created = report_request(
            workload=workload, lens=workload.lens_reviews.get().lens, kind="review", user=alice
        )
        assert sent == []  # not before the job row is committed
    assert created
    assert [call["args"] for call in sent] == [[job.pk]]
    assert json.loads(json.dumps(sent[0]["args"])) == [job.pk]
    task = render_report._get_current_object()
    assert task.acks_late
    assert task.reject_on_worker_lost
    assert task.time_limit > task.soft_time_limit > 0
    assert task.app.conf.task_serializer == "json"
    assert task.app.conf.accept_content == ["json"]
