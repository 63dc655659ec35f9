"""What a failed report says (issue 12 finding 14): a stable code and message, never the
exception's own text; the trace goes to the log."""

from __future__ import annotations

import logging

import pytest

from reviews.models import Answer, JobStatus, ReportJob
from reviews.reports.failures import MESSAGES
from reviews.tasks import render_report

pytestmark = pytest.mark.usefixtures("eager_reports", "report_media")

SLUG = "tricky-rules-lens"


def _job(workload, alice, **fields) -> ReportJob:
    return ReportJob.objects.create(
        workload=workload,
        lens=workload.lens_reviews.get().lens,
        kind="review",
        request_key=f"k{ReportJob.objects.count()}",
        requested_by=alice,
        **fields,
    )


def _render(job) -> ReportJob:
    render_report.apply(args=[job.pk])
    job.refresh_from_db()
    return job


def test_it_shows_a_stable_message_for_unreadable_stored_data_and_logs_the_trace(
    clients, workload, alice, caplog
):
    """Issue 12 finding 14: an answer holding an unknown reason ('EVIL') fails the report
    with INVALID_DATA and a message for people; the raw ``ValueError: 'EVIL' is not a valid
    NotApplicableReason`` is only in the log, with its trace."""
    Answer.objects.filter(lens_review__workload=workload, question_key="p1q1").update(
        choice_statuses={"p1q1_c1": {"reason": "EVIL", "notes": ""}}
    )
    job = _job(workload, alice)
    with caplog.at_level(logging.ERROR, logger="reviews.tasks"):
        job = _render(job)
    assert (job.status, job.error_code) == (JobStatus.FAILED, "INVALID_DATA")
    assert job.error == MESSAGES["INVALID_DATA"]
    assert "EVIL" not in job.error
    assert "ValueError" not in job.error

    body = clients["reader"].get(f"/api/v1/reports/{job.pk}/").json()
    assert (body["error_code"], body["error"]) == ("INVALID_DATA", MESSAGES["INVALID_DATA"])

    [record] = [r for r in caplog.records if r.name == "reviews.tasks" and r.exc_info]
    assert record.levelno == logging.ERROR
    assert f"report job {job.pk} failed" in record.getMessage()
    trace = caplog.text
    assert "Traceback" in trace
    assert "ValueError: 'EVIL' is not a valid NotApplicableReason" in trace


def test_it_hides_the_text_of_an_unexpected_error(workload, alice, monkeypatch, caplog):
    """Issue 12 finding 14: an unexpected failure while laying out the PDF is RENDER_FAILED;
    whatever the exception says (paths, settings) stays in the log."""

    def explode(*args, **kwargs):
        raise RuntimeError("cannot open /srv/secret/fonts.conf")

    monkeypatch.setattr("reviews.services.reports.html_to_pdf", explode)
    with caplog.at_level(logging.ERROR, logger="reviews.tasks"):
        job = _render(_job(workload, alice))
    assert (job.status, job.error_code, job.error) == (
        JobStatus.FAILED,
        "RENDER_FAILED",
        MESSAGES["RENDER_FAILED"],
    )
    assert "/srv/secret" in caplog.text
    assert "/srv/secret" not in job.error


def test_it_says_when_the_milestone_of_a_report_is_not_there(workload, alice):
    """Issue 12 finding 14: a report about a milestone the workload lacks is NOT_AVAILABLE."""
    job = _render(_job(workload, alice, milestone=99))
    assert (job.status, job.error_code, job.error) == (
        JobStatus.FAILED,
        "NOT_AVAILABLE",
        MESSAGES["NOT_AVAILABLE"],
    )


def test_it_clears_the_failure_when_the_retried_job_renders(clients, workload, alice):
    """A retried job that renders keeps no stale error code."""
    job = _job(workload, alice, status=JobStatus.FAILED, error="old", error_code="RENDER_FAILED")
    response = clients["owner"].post(f"/api/v1/reports/{job.pk}/retry")
    assert response.status_code == 202
    assert (response.json()["error"], response.json()["error_code"]) == ("", "")
    job = _render(job)
    assert (job.status, job.error, job.error_code) == (JobStatus.DONE, "", "")
