"""The report downloader serves a job's own file, to those who may read its workload only."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from reviews.choices import Role
from reviews.models import ReportJob
from tests.fixtures.users import client_for
from tests.reviews.factories import WorkloadFactory, tricky_lens


@pytest.fixture
def two_workloads(alice, bob, charlie, settings, tmp_path):
    """Alice's workload (bob reads it) and charlie's, each with a finished report."""
    settings.MEDIA_ROOT = str(tmp_path)
    lens = tricky_lens(alice)
    mine = WorkloadFactory(name="Mine", owner=alice, lenses=[lens], members=[(bob, Role.READER)])
    theirs = WorkloadFactory(name="Theirs", owner=charlie, lenses=[lens])
    jobs = {}
    for workload, owner in ((mine, alice), (theirs, charlie)):
        jobs[workload.name] = ReportJob.objects.create(
            workload=workload,
            lens=lens,
            kind="review",
            requested_by=owner,
            status="done",
            request_key=workload.name,
            filename=f"{workload.name}.pdf",
            file=ContentFile(f"%PDF-1.7 {workload.name} only\n".encode(), "report.pdf"),
        )
    return jobs


def _download(client, job):
    return client.get(f"/api/v1/reports/{job.pk}/download")


def test_it_serves_the_jobs_own_file(two_workloads, bob):
    response = _download(client_for(bob), two_workloads["Mine"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 Mine only\n"
    assert 'filename="Mine.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("suffix", ["download", "", "retry"])
def test_it_answers_404_for_another_workloads_report(two_workloads, bob, suffix):
    other = two_workloads["Theirs"]
    path = f"/api/v1/reports/{other.pk}/{suffix}"
    response = client_for(bob).post(path) if suffix == "retry" else client_for(bob).get(path)
    assert response.status_code == 404
    assert b"Theirs" not in response.content


def test_it_walks_no_ids_into_other_workloads(two_workloads, bob):
    client = client_for(bob)
    mine = two_workloads["Mine"].pk
    statuses = {
        job_id: _download(client, type("J", (), {"pk": job_id})).status_code
        for job_id in range(1, mine + 5)
    }
    assert {job_id for job_id, status in statuses.items() if status == 200} == {mine}
    listed = client.get(f"/api/v1/reports/?workload={two_workloads['Theirs'].workload_id}")
    assert listed.status_code == 404
    assert [job["id"] for job in client.get("/api/v1/reports/").json()["results"]] == [mine]
