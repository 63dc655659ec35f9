"""Downloads accept their own media type in ``Accept`` (issue 15 item 2)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from reviews.models import ReportJob
from tests.reviews.helpers import API, assert_error, url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def done_job(workload, tricky, alice, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return ReportJob.objects.create(
        workload=workload,
        lens=tricky,
        kind="review",
        requested_by=alice,
        status="done",
        request_key="accept",
        filename="fraud.pdf",
        file=ContentFile(b"%PDF-1.7 accepted\n", "report.pdf"),
    )


@pytest.mark.parametrize(
    "accept", ["application/pdf", "*/*", "application/*", "application/pdf;q=0.9"]
)
def test_it_serves_the_pdf_to_a_client_accepting_pdf(clients, done_job, accept):
    """Issue 15 item 2: `Accept: application/pdf` on the download is not a 406."""
    response = clients["reader"].get(f"{API}/reports/{done_job.pk}/download", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 accepted\n"


def test_it_still_refuses_a_type_the_download_never_is(clients, done_job):
    """Issue 15 item 2: only the file's own type is added; others stay 406 in the error shape."""
    response = clients["reader"].get(
        f"{API}/reports/{done_job.pk}/download", HTTP_ACCEPT="image/png"
    )
    assert_error(response, 406, "NOT_ACCEPTABLE")


def test_it_answers_errors_as_json_to_a_client_accepting_pdf(clients, done_job):
    """Issue 15 item 2: a 404 to `Accept: application/pdf` is the JSON error shape."""
    response = clients["outsider"].get(
        f"{API}/reports/{done_job.pk}/download", HTTP_ACCEPT="application/pdf"
    )
    assert_error(response, 404, "NOT_FOUND")
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("kind", "accept", "answered"),
    [
        ("csv", "text/csv", "text/csv"),
        ("xlsx", XLSX, XLSX),
        ("json", "application/json", "application/json"),
        ("csv", "*/*", "text/csv"),
        ("xlsx", "*/*", XLSX),
    ],
)
def test_it_exports_a_workload_to_a_client_accepting_the_format(
    clients, workload, kind, accept, answered
):
    """Issue 15 item 2: `export?format=csv|xlsx|json` with the format's own `Accept`."""
    path = url(workload, "export") + f"?format={kind}"
    response = clients["reader"].get(path, HTTP_ACCEPT=accept)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].split(";")[0] == answered
    assert response.content


@pytest.mark.parametrize("accept", ["application/json", "*/*"])
def test_it_exports_a_lens_to_a_client_accepting_json(clients, tricky, accept):
    """Issue 15 item 2: lens exports with `Accept: application/json`."""
    response = clients["reader"].get(f"{API}/lenses/{tricky.slug}/export", HTTP_ACCEPT=accept)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["name"] == tricky.name


def test_it_declares_the_download_media_types_in_the_schema(clients):
    """Issue 15 item 2: generated clients set Accept from these declarations."""
    schema = clients["anonymous"].get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    download = paths["/api/v1/reports/{job_id}/download"]["get"]["responses"]["200"]["content"]
    assert set(download) == {"application/pdf"}
    export = paths["/api/v1/workloads/{workload_id}/export"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv", XLSX} <= set(export)
    lens = paths["/api/v1/lenses/{slug}/export"]["get"]["responses"]["200"]["content"]
    assert set(lens) == {"application/json"}
