"""``/api/v1/reports/``: requesting, following, downloading, retrying and deleting reports.

Tasks run in this process (``eager_reports``). Inside a test's transaction the task, sent
on commit, does not run unless the test executes the on-commit callbacks: the job stays
queued, which is what most of these tests want.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from reviews.models import JobStatus, ReportJob
from reviews.services.milestones import milestone_create
from tests.reviews.helpers import assert_error, review_url

API = "/api/v1/reports/"
SLUG = "tricky-rules-lens"

pytestmark = pytest.mark.usefixtures("eager_reports", "report_media")


def detail(job, tail: str = "") -> str:
    return f"{API}{job.pk if hasattr(job, 'pk') else job}/{tail}"


def body(workload, /, **fields) -> dict:
    return {"workload": workload.pk, "lens": SLUG, "kind": "review", **fields}


@pytest.fixture
def milestone(workload, alice):
    return milestone_create(workload=workload, name="Baseline", actor=alice)


@pytest.fixture
def done_job(workload, alice) -> ReportJob:
    """A finished review report of the workload, with a (tiny) stored PDF."""
    content = b"%PDF-1.7\n% a report\n%%EOF\n"
    job = ReportJob.objects.create(
        workload=workload,
        lens=workload.lens_reviews.get().lens,
        kind="review",
        request_key="done",
        status=JobStatus.DONE,
        progress=100,
        requested_by=alice,
        filename="fraud-model-review-20261123-1200.pdf",
        page_count=1,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    job.file.save(f"{workload.pk}/{job.pk}-{job.filename}", ContentFile(content))
    return job


def failed_job(workload, alice, **fields) -> ReportJob:
    return ReportJob.objects.create(
        workload=workload,
        lens=workload.lens_reviews.get().lens,
        kind="review",
        request_key=f"failed-{ReportJob.objects.count()}",
        status=JobStatus.FAILED,
        error="Rendering failed: boom",
        attempts=2,
        requested_by=alice,
        **fields,
    )


# --- Requesting ------------------------------------------------------------------------------


def test_it_answers_202_with_a_queued_job_and_sends_the_task_after_commit(
    clients, workload, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = clients["owner"].post(API, body(workload), format="json")
    assert response.status_code == 202, response.content
    data = response.json()
    assert data["status"] == "QUEUED"
    assert data["progress"] == 0
    assert data["download_url"] is None
    assert (data["workload"], data["lens"], data["kind"]) == (workload.pk, SLUG, "REVIEW")
    assert data["requested_by"]["username"] == "alice"
    assert data["options"] == {"include_notes": True}
    assert len(callbacks) == 1  # the task is sent once the job row is committed
    assert ReportJob.objects.get(pk=data["id"]).status == JobStatus.QUEUED


def test_it_renders_the_job_when_the_task_runs(
    clients, workload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["owner"].post(API, body(workload), format="json")
    assert response.status_code == 202, response.content
    done_job = ReportJob.objects.get(pk=response.json()["id"])
    data = clients["owner"].get(detail(done_job)).json()
    assert data["status"] == "DONE"
    assert data["progress"] == 100
    assert data["error"] == ""
    assert data["attempts"] == 1
    assert data["page_count"] >= 3
    assert data["size"] == done_job.file.size
    with done_job.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == data["sha256"]
    assert data["render_seconds"] >= 0
    assert data["queue_seconds"] >= 0
    assert data["filename"].startswith("fraud-model-review-")
    assert data["filename"].endswith(".pdf")
    assert data["download_url"] == f"http://testserver/api/v1/reports/{done_job.pk}/download"
    assert done_job.render_ms > 0
    assert done_job.peak_memory_kb > 0


def test_it_stores_reports_of_workloads_with_long_names(
    clients, workload, alice, django_capture_on_commit_callbacks
):
    from reviews.services.workloads import workload_update

    workload_update(workload=workload, user=alice, name="Quarterly churn model " * 4 + "x" * 12)
    with django_capture_on_commit_callbacks(execute=True):
        plan = body(workload, kind="improvement_plan")
        response = clients["owner"].post(API, plan, format="json")
    job = ReportJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.DONE, job.error
    # The stored name fits its column (PostgreSQL would refuse it), people get the long one.
    assert len(job.file.name) <= ReportJob._meta.get_field("file").max_length
    assert len(job.filename) <= ReportJob._meta.get_field("filename").max_length
    assert job.filename.startswith("quarterly-churn-model-quarterly-churn-model-quarterly-")
    assert "-improvement-plan-" in job.filename


def test_it_returns_the_same_job_for_identical_requests_while_queued_or_running(clients, workload):
    first = clients["owner"].post(API, body(workload), format="json").json()
    again = clients["contributor"].post(API, body(workload), format="json")
    assert again.status_code == 202
    assert again.json()["id"] == first["id"]
    ReportJob.objects.filter(pk=first["id"]).update(status=JobStatus.RUNNING, progress=40)
    running = clients["contributor"].post(API, body(workload), format="json").json()
    assert (running["id"], running["status"]) == (first["id"], "RUNNING")
    # Spelled differently, the same request: options in another order, defaults written out.
    spelled = body(workload, options={"include_notes": True})
    assert clients["owner"].post(API, spelled, format="json").json()["id"] == first["id"]
    other = clients["owner"].post(API, body(workload, kind="improvement_plan"), format="json")
    assert other.json()["id"] != first["id"]
    ReportJob.objects.filter(pk=first["id"]).update(status=JobStatus.DONE)
    fresh = clients["owner"].post(API, body(workload), format="json").json()
    assert fresh["id"] not in (first["id"], other.json()["id"])
    assert ReportJob.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"kind": "slides"}, "kind", "INVALID_CHOICE"),
        ({"lens": "no-such-lens"}, "lens", "NOT_APPLIED"),
        ({"milestone": 9}, "milestone", "NOT_FOUND"),
        ({"milestone": 0}, "milestone", "MIN_VALUE"),
        ({"kind": "comparison"}, "base", "REQUIRED"),
        ({"kind": "comparison", "base": 1, "target": "next"}, "target", "INVALID"),
        ({"kind": "comparison", "base": 1, "target": "7"}, "target", "NOT_FOUND"),
        ({"kind": "comparison", "base": 5}, "base", "NOT_FOUND"),
        ({"options": {"pillars": ["pillar1", "nope"]}}, "options.pillars", "UNKNOWN_PILLAR"),
        ({"options": {"organisation": "x" * 101}}, "options.organisation", "MAX_LENGTH"),
        ({"workload": "abc"}, "workload", "INVALID"),
    ],
)
def test_it_rejects_invalid_requests_with_the_error_shape(
    clients, workload, milestone, change, field, code
):
    response = clients["owner"].post(API, body(workload, **change), format="json")
    data = assert_error(response, 400, "VALIDATION_ERROR", field=field)
    assert [e["code"] for e in data["errors"]] == [code]
    assert not ReportJob.objects.exists()


def test_it_takes_a_report_at_a_milestone_only_if_the_lens_was_applied_then(
    clients, workload, alice, ml_lens, milestone
):
    from reviews.services.lens_reviews import lens_review_create

    now = body(workload, lens="machine-learning")
    assert_error(
        clients["owner"].post(API, now, format="json"), 400, "VALIDATION_ERROR", field="lens"
    )
    lens_review_create(workload=workload, lens=ml_lens, actor=alice)
    assert clients["owner"].post(API, now, format="json").status_code == 202
    then = body(workload, lens="machine-learning", milestone=milestone.number)
    data = assert_error(
        clients["owner"].post(API, then, format="json"), 400, "VALIDATION_ERROR", field="lens"
    )
    assert "milestone 1" in data["message"]
    taken = clients["owner"].post(API, body(workload, milestone=1), format="json")
    assert (taken.status_code, taken.json()["milestone"]) == (202, 1)


def test_it_keeps_only_the_fields_each_kind_uses(clients, workload, milestone):
    review = body(workload, milestone=1, base=1, target="1")
    data = clients["owner"].post(API, review, format="json").json()
    assert (data["milestone"], data["base"], data["target"]) == (1, None, None)
    comparison = body(workload, kind="comparison", milestone=1, base=1)
    data = clients["owner"].post(API, comparison, format="json").json()
    assert (data["milestone"], data["base"], data["target"]) == (None, 1, "current")


# --- Who sees what ---------------------------------------------------------------------------


def test_it_hides_reports_from_outsiders(clients, workload, done_job):
    outsider = clients["outsider"]
    assert_error(outsider.get(API, {"workload": workload.pk}), 404, "NOT_FOUND")
    assert outsider.get(API).json()["results"] == []
    assert_error(outsider.get(detail(done_job)), 404, "NOT_FOUND")
    assert_error(outsider.get(detail(done_job, "download")), 404, "NOT_FOUND")
    assert_error(outsider.post(detail(done_job, "retry")), 404, "NOT_FOUND")
    assert_error(outsider.delete(detail(done_job)), 404, "NOT_FOUND")
    assert_error(outsider.post(API, body(workload), format="json"), 404, "NOT_FOUND")
    assert ReportJob.objects.filter(pk=done_job.pk).exists()
    assert clients["anonymous"].get(detail(done_job)).status_code == 401


def test_it_lets_readers_download_but_not_request_retry_or_delete(
    clients, workload, done_job, alice
):
    """Issue 12 finding 5: readers download reports that exist; requesting, retrying and
    deleting are for contributors (request, retry) and owners (delete)."""
    reader = clients["reader"]
    response = reader.post(API, body(workload, kind="improvement_plan"), format="json")
    assert_error(response, 403, "PERMISSION_DENIED")
    failed = failed_job(workload, alice)
    assert_error(reader.post(detail(failed, "retry")), 403, "PERMISSION_DENIED")
    assert not ReportJob.objects.filter(status__in=["queued", "running"]).exists()
    download = reader.get(detail(done_job, "download"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert_error(reader.delete(detail(done_job)), 403, "PERMISSION_DENIED")
    assert reader.get(detail(done_job)).status_code == 200
    contributor = clients["contributor"].post(API, body(workload), format="json")
    assert contributor.status_code == 202
    assert contributor.json()["requested_by"]["username"] == "bob"


def test_it_lists_the_reports_of_one_workload(clients, workload, alice, tricky):
    from tests.reviews.factories import WorkloadFactory

    other = WorkloadFactory(name="Other", owner=alice, lenses=[tricky])
    mine = clients["owner"].post(API, body(workload), format="json").json()
    theirs = clients["owner"].post(API, body(other), format="json").json()
    listed = clients["owner"].get(API, {"workload": workload.pk}).json()
    assert [job["id"] for job in listed["results"]] == [mine["id"]]
    everything = clients["owner"].get(API).json()
    assert {job["id"] for job in everything["results"]} == {mine["id"], theirs["id"]}
    # bob is a member of the first workload only.
    assert [job["id"] for job in clients["contributor"].get(API).json()["results"]] == [mine["id"]]
    assert_error(clients["contributor"].get(API, {"workload": other.pk}), 404, "NOT_FOUND")
    assert_error(clients["owner"].get(API, {"workload": "abc"}), 400, "INVALID_PARAMETER")


# --- Download, retry, delete -----------------------------------------------------------------


def test_it_streams_the_pdf_with_its_filename(clients, done_job):
    response = clients["owner"].get(detail(done_job, "download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{done_job.filename}"'
    content = b"".join(response.streaming_content)
    assert len(content) == done_job.size
    with done_job.file.open("rb") as handle:
        assert content == handle.read()


def test_it_answers_409_for_the_download_of_an_unfinished_report(clients, workload, alice):
    queued = clients["owner"].post(API, body(workload), format="json").json()
    assert_error(clients["owner"].get(detail(queued["id"], "download")), 409, "NOT_READY")
    failed = failed_job(workload, alice)
    assert_error(clients["owner"].get(detail(failed, "download")), 409, "NOT_READY")


def test_it_answers_410_when_the_stored_pdf_is_gone(clients, done_job):
    default_storage.delete(done_job.file.name)
    assert_error(clients["owner"].get(detail(done_job, "download")), 410, "FILE_MISSING")


def test_it_retries_only_failed_reports(
    clients, workload, alice, done_job, django_capture_on_commit_callbacks
):
    assert_error(clients["owner"].post(detail(done_job, "retry")), 409, "NOT_FAILED")
    queued = clients["owner"].post(API, body(workload, kind="improvement_plan"), format="json")
    assert_error(clients["owner"].post(detail(queued.json()["id"], "retry")), 409, "NOT_FAILED")
    failed = failed_job(workload, alice)
    with django_capture_on_commit_callbacks() as callbacks:
        response = clients["contributor"].post(detail(failed, "retry"))
    assert response.status_code == 202
    data = response.json()
    assert data["requested_by"]["username"] == "bob"  # requested again: bob's quota
    assert (data["status"], data["error"], data["progress"], data["attempts"]) == (
        "QUEUED",
        "",
        0,
        0,
    )
    assert len(callbacks) == 1
    for callback in callbacks:
        callback()
    failed.refresh_from_db()
    assert failed.status == JobStatus.DONE
    assert failed.file


def test_it_deletes_the_job_and_its_file(clients, done_job):
    name = done_job.file.name
    assert default_storage.exists(name)
    assert_error(clients["contributor"].delete(detail(done_job)), 403, "PERMISSION_DENIED")
    response = clients["owner"].delete(detail(done_job))
    assert response.status_code == 204
    assert not ReportJob.objects.filter(pk=done_job.pk).exists()
    assert not default_storage.exists(name)
    assert_error(clients["owner"].get(detail(done_job)), 404, "NOT_FOUND")


def test_it_does_not_bring_back_a_job_deleted_while_it_rendered(
    workload, alice, monkeypatch, report_media
):
    from reviews.reports import render
    from reviews.services.reports import report_render

    job = ReportJob.objects.create(
        workload=workload, lens=workload.lens_reviews.get().lens, kind="review", request_key="k"
    )
    real = render.html_to_pdf

    def delete_meanwhile(html, **kwargs):
        ReportJob.objects.filter(pk=job.pk).delete()
        return real(html, **kwargs)

    monkeypatch.setattr("reviews.services.reports.html_to_pdf", delete_meanwhile)
    assert report_render(job_id=job.pk) is None
    assert not ReportJob.objects.exists()
    assert not list(report_media.rglob("*.pdf"))


# --- Housekeeping ----------------------------------------------------------------------------


def _aged(workload, status: str, days: int, *, with_file: bool) -> ReportJob:
    job = ReportJob.objects.create(
        workload=workload,
        lens=workload.lens_reviews.get().lens,
        kind="review",
        request_key=f"{status}-{days}-{ReportJob.objects.count()}",
        status=status,
    )
    if with_file:
        job.file.save(f"{workload.pk}/{job.pk}-old.pdf", ContentFile(b"%PDF-1.7 old"))
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days))
    job.refresh_from_db()
    return job


def test_it_purges_old_finished_jobs_and_their_files_but_keeps_active_ones(workload):
    old_done = _aged(workload, JobStatus.DONE, 40, with_file=True)
    old_failed = _aged(workload, JobStatus.FAILED, 40, with_file=False)
    old_queued = _aged(workload, JobStatus.QUEUED, 40, with_file=False)
    old_running = _aged(workload, JobStatus.RUNNING, 40, with_file=False)
    recent_done = _aged(workload, JobStatus.DONE, 5, with_file=True)
    out = StringIO()
    call_command("purge_reports", "--days", "30", stdout=out)
    assert "deleted 2 report job(s) older than 30 day(s)" in out.getvalue()
    assert set(ReportJob.objects.values_list("pk", flat=True)) == {
        old_queued.pk,
        old_running.pk,
        recent_done.pk,
    }
    assert not default_storage.exists(old_done.file.name)
    assert default_storage.exists(recent_done.file.name)
    assert old_failed.pk not in ReportJob.objects.values_list("pk", flat=True)
    with pytest.raises(CommandError):
        call_command("purge_reports", "--days", "-1")


def test_it_shows_a_job_running_past_the_time_limit_as_failed(clients, workload, alice, settings):
    limit = settings.CELERY_TASK_TIME_LIMIT + 60
    lost = ReportJob.objects.create(
        workload=workload,
        lens=workload.lens_reviews.get().lens,
        kind="review",
        request_key="lost",
        status=JobStatus.RUNNING,
        progress=40,
        started_at=timezone.now() - timedelta(seconds=limit + 5),
    )
    busy = ReportJob.objects.create(
        workload=workload,
        lens=lost.lens,
        kind="improvement_plan",
        request_key="busy",
        status=JobStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=limit - 30),
    )
    listed = {
        j["id"]: j for j in clients["owner"].get(API, {"workload": workload.pk}).json()["results"]
    }
    assert listed[lost.pk]["status"] == "FAILED"
    assert listed[busy.pk]["status"] == "RUNNING"
    data = clients["owner"].get(detail(lost)).json()
    assert data["status"] == "FAILED"
    assert "worker stopped" in data["error"]
    assert "Retry" in data["error"]
    assert data["finished_at"]
    # Failed, it can be retried; an identical request makes a new job.
    assert clients["owner"].post(detail(lost, "retry")).status_code == 202


# --- Without the broker ----------------------------------------------------------------------


@pytest.fixture
def broker_down(settings):
    """Redis is unreachable: settings and the Celery app point at a closed port."""
    from mllens.celery import app

    down = "redis://127.0.0.1:1/0"
    settings.REDIS_URL = down
    settings.CELERY_BROKER_URL = down
    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = down, False
    yield
    app.conf.broker_url, app.conf.task_always_eager = old


def test_it_answers_503_and_creates_no_job_when_redis_is_down(
    clients, workload, alice, broker_down
):
    response = clients["owner"].post(API, body(workload), format="json")
    data = assert_error(response, 503, "BROKER_UNAVAILABLE")
    assert "Redis" in data["message"]
    assert not ReportJob.objects.exists()
    failed = failed_job(workload, alice)
    assert_error(clients["owner"].post(detail(failed, "retry")), 503, "BROKER_UNAVAILABLE")
    assert ReportJob.objects.get(pk=failed.pk).status == JobStatus.FAILED
    # Everything else keeps working.
    assert clients["owner"].get("/api/v1/workloads/").status_code == 200
    assert clients["owner"].get(review_url(workload, SLUG)).status_code == 200
    assert clients["owner"].get(API).status_code == 200
    assert clients["owner"].get(detail(failed)).status_code == 200
    health = clients["owner"].get("/healthz")
    assert (health.status_code, health.json()["broker"]["status"]) == (200, "down")


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_and_keeps_no_job_when_the_send_fails_after_the_check(
    clients, workload, broker_down, monkeypatch
):
    from kombu.exceptions import OperationalError as BrokerError

    from reviews.tasks import render_report

    monkeypatch.setattr("reviews.services.reports.broker_status", lambda: {"status": "ok"})

    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(render_report, "apply_async", refuse)
    # A real commit: the task is sent when the request's transaction ends.
    response = clients["owner"].post(API, body(workload), format="json")
    assert_error(response, 503, "BROKER_UNAVAILABLE")
    assert not ReportJob.objects.exists()


def test_it_fails_the_job_without_a_500_when_an_eager_render_gives_up(
    clients, workload, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("reviews.tasks.report_render", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["owner"].post(API, body(workload), format="json")
    assert response.status_code == 202
    job = ReportJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.FAILED
    assert (job.error_code, job.error) == (
        "DATABASE_UNAVAILABLE",
        "The database was not reachable while rendering. Retry it later.",
    )
