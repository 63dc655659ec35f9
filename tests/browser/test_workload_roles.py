"""The workload page per role in a real browser (issue 12 findings 5, 6 and 14): owners remove
a lens review, readers see and download reports but are offered no request, retry or delete,
and queued reports show their place in the queue."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from reviews.choices import Role
from reviews.models import JobStatus, LensReview, ReportJob
from reviews.reports.failures import MESSAGES
from tests.browser.test_workload_pages import sign_in
from tests.fixtures.reports import results_dir
from tests.fixtures.users import UserFactory
from tests.reviews.factories import WorkloadFactory, tricky_lens

pytestmark = pytest.mark.browser


@pytest.fixture
def with_reports(alice, report_media):
    """Alice owns it, dora reads; a finished report, a failed one, and two queued ones."""
    dora = UserFactory(username="dora")
    lens = tricky_lens(alice)
    workload = WorkloadFactory(
        name="Fraud model", owner=alice, lenses=[lens], members=[(dora, Role.READER)]
    )
    job = {"workload": workload, "lens": lens, "requested_by": alice, "kind": "review"}
    done = ReportJob.objects.create(
        **job, status=JobStatus.DONE, request_key="done", page_count=3, size=2048
    )
    done.file.save("r.pdf", ContentFile(b"%PDF-1.7\n"))
    ReportJob.objects.create(
        **job,
        status=JobStatus.FAILED,
        request_key="failed",
        error=MESSAGES["INVALID_DATA"],
        error_code="INVALID_DATA",
    )
    ReportJob.objects.create(**{**job, "kind": "improvement_plan"}, request_key="q1")
    ReportJob.objects.create(
        **{**job, "kind": "comparison", "base": 1, "target": "current"}, request_key="q2"
    )
    return workload


def test_it_offers_readers_downloads_only(page: Page, live_server, with_reports):
    """Issue 12 findings 5, 6, 14: a reader sees the reports, their queue positions and why
    one failed, and may download; no request form, no retry, no delete, no lens removal."""
    sign_in(page, live_server, "dora")
    page.goto(f"{live_server.url}/workloads/{with_reports.pk}/")
    reports = page.locator("#reports-panel")
    expect(reports.get_by_role("link", name="Download PDF")).to_have_count(1)
    expect(reports.get_by_text("position 1 in the queue")).to_be_visible()
    expect(reports.get_by_text("position 2 in the queue")).to_be_visible()
    expect(reports.get_by_text(MESSAGES["INVALID_DATA"])).to_be_visible()
    expect(page.get_by_test_id("reports-reader-note")).to_be_visible()
    expect(page.locator("#report-form")).to_have_count(0)
    expect(reports.get_by_role("button", name="Retry")).to_have_count(0)
    expect(reports.get_by_role("button", name="Delete")).to_have_count(0)
    expect(page.get_by_text("Remove lens…")).to_have_count(0)
    page.screenshot(path=str(results_dir() / "workload-reader.png"), full_page=True)


def test_it_lets_an_owner_remove_a_lens_review(page: Page, live_server, with_reports, alice):
    """Issue 12 finding 5: removing a lens review is an owner action, offered on the page
    behind a confirmation that says what is lost."""
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/workloads/{with_reports.pk}/")
    reports = page.locator("#reports-panel")
    expect(reports.get_by_role("button", name="Retry")).to_have_count(1)
    expect(reports.get_by_role("button", name="Delete")).to_have_count(2)  # done and failed
    page.screenshot(path=str(results_dir() / "workload-owner.png"), full_page=True)
    page.get_by_text("Remove lens…").click()
    confirm = page.get_by_role("button", name=re.compile(r"^Remove .* and its answers$"))
    expect(page.get_by_text("deletes its answers, their history")).to_be_visible()
    confirm.click()
    expect(page.get_by_text("No lens applied yet.")).to_be_visible()
    assert not LensReview.objects.filter(workload=with_reports).exists()
