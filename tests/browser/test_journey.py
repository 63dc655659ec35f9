"""The whole journey of a review team in one browser session (issue 7's acceptance)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from catalog.services import shipped_lenses_load
from reviews.models import Answer, Milestone, ReportJob, Workload
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def reports_run(request):
    """Reports render in-process without Redis; with Redis, a real worker takes them."""
    if settings.REDIS_URL:
        return request.getfixturevalue("celery_worker")
    return None


def choice(page: Page, question: str, key: str):
    return page.locator(f"#q-{question} input[data-choice='{key}']")


def saved(page: Page, question: str) -> None:
    expect(page.locator(f"#q-{question} .q-save")).to_have_attribute("data-state", "saved")


def test_it_takes_a_team_from_a_new_workload_to_a_downloaded_plan(
    page: Page, live_server, alice, reports_run, pytestconfig
):
    shipped_lenses_load()
    artefacts = pytestconfig.getoption("--output")
    page.set_viewport_size({"width": 1280, "height": 860})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Create the workload with the ML Lens applied.
    page.get_by_role("link", name="New workload").first.click()
    page.get_by_label("Name").fill("Claims triage")
    page.get_by_role("button", name="Create workload").click()
    expect(page).to_have_url(re.compile(r"/workloads/\d+/$"))
    workload = Workload.objects.get(name="Claims triage")

    # Answer across two pillars: best practices, "None of these", a question not applicable.
    page.get_by_role("link", name="Continue review").click()
    expect(page.locator("#review[data-ready=true]")).to_be_attached()
    page.evaluate("window.notReloaded = true")
    choice(page, "MLOPS01", "MLOPS01_BP01").check()
    choice(page, "MLOPS01", "MLOPS01_BP02").check()
    saved(page, "MLOPS01")
    # Two of three: still HIGH under the official rules.
    expect(page.locator("#q-MLOPS01 .q-risk")).to_have_text(re.compile("High risk"))
    choice(page, "MLOPS02", "MLOPS02_no").check()
    saved(page, "MLOPS02")
    expect(page.locator("#q-MLOPS02 .q-risk")).to_have_text(re.compile("High risk"))
    page.locator(".nav-section-link", has_text="Security").click()
    page.locator("#q-MLSEC01-na").check()
    page.locator("#q-MLSEC01-reason").select_option("OUT_OF_SCOPE")
    saved(page, "MLSEC01")
    expect(page.locator("#review-answered")).to_have_text("3 of 35 questions answered")
    assert page.evaluate("window.notReloaded") is True
    page.screenshot(path=f"{artefacts}/journey-review.png", full_page=False)

    # A reload keeps everything.
    page.reload()
    expect(page.locator("#review[data-ready=true]")).to_be_attached()
    expect(page.locator("#review-answered")).to_have_text("3 of 35 questions answered")
    page.locator(".nav-section-link", has_text="Operational excellence").click()
    expect(choice(page, "MLOPS01", "MLOPS01_BP02")).to_be_checked()
    expect(choice(page, "MLOPS02", "MLOPS02_no")).to_be_checked()

    # First milestone, more answers, second milestone.
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    page.get_by_label("New milestone").fill("First pass")
    page.get_by_role("button", name="Record milestone").click()
    expect(page.get_by_test_id("milestone-list")).to_contain_text("#1 First pass")
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/machine-learning/")
    expect(page.locator("#review[data-ready=true]")).to_be_attached()
    choice(page, "MLOPS01", "MLOPS01_BP03").check()
    saved(page, "MLOPS01")
    expect(page.locator("#q-MLOPS01 .q-risk")).to_have_text(re.compile("No risk"))
    choice(page, "MLOPS02", "MLOPS02_BP01").check()
    saved(page, "MLOPS02")
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    page.get_by_label("New milestone").fill("Second pass")
    page.get_by_role("button", name="Record milestone").click()
    expect(page.get_by_test_id("milestone-list")).to_contain_text("#2 Second pass")
    assert Milestone.objects.filter(workload=workload).count() == 2

    # The comparison of the two milestones.
    page.get_by_role("link", name="Compare milestones").click()
    page.get_by_label("From").select_option("1")
    page.get_by_label("to", exact=True).select_option("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_test_id("compare-summary")).to_contain_text("Improved")
    changed = page.get_by_test_id("changed-questions")
    expect(changed).to_contain_text("MLOPS01")
    expect(changed).to_contain_text("+ Monitor model adherence to business requirements")
    page.screenshot(path=f"{artefacts}/journey-compare.png", full_page=True)

    # An improvement plan PDF, with its progress, then the download.
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    panel = page.locator("#reports-panel")
    panel.get_by_label("Kind").select_option("improvement_plan")
    panel.get_by_role("button", name="Request report").click()
    download = panel.get_by_role("link", name="Download PDF")
    expect(download).to_be_visible(timeout=90_000)
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".pdf")
    job = ReportJob.objects.get(workload=workload)
    assert (job.status, job.progress, job.kind) == ("done", 100, "improvement_plan")

    page.goto(f"{live_server.url}/")
    page.screenshot(path=f"{artefacts}/journey-dashboard.png", full_page=True)
    answers = {a.question_key: a for a in Answer.objects.filter(lens_review__workload=workload)}
    assert answers["MLOPS02"].selected_choices == ["MLOPS02_BP01"]
    assert answers["MLSEC01"].is_applicable is False
    assert errors == []
