"""Dashboard, workload page, milestones, comparison and the reports panel in a real browser."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.models import Milestone, ReportJob, Workload
from reviews.services.answers import answer_update
from reviews.services.milestones import milestone_create
from reviews.services.workloads import workload_create
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, live_server, username: str = "alice") -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.fixture
def ml_lens():
    shipped_lenses_load()
    return Lens.objects.get(slug="machine-learning")


@pytest.fixture
def reports_run(request):
    """Reports render in-process without Redis; with Redis, a real worker takes them."""
    if settings.REDIS_URL:
        return request.getfixturevalue("celery_worker")
    return None


def test_it_creates_a_workload_and_lists_it_on_the_dashboard(
    page: Page, live_server, alice, ml_lens
):
    sign_in(page, live_server)
    page.get_by_role("link", name="New workload").first.click()
    page.get_by_label("Name").fill("Churn model")
    page.get_by_label("Description").fill("Predicts which customers will leave")
    page.get_by_role("button", name="Create workload").click()
    expect(page).to_have_url(re.compile(r"/workloads/\d+/$"))
    expect(page.get_by_role("heading", name="Churn model")).to_be_visible()
    workload = Workload.objects.get(name="Churn model")
    assert workload.lens_reviews.get().lens == ml_lens
    assert workload.questions_total == 35

    page.goto(f"{live_server.url}/")
    row = page.get_by_test_id("workload-table").get_by_role("row", name=re.compile("Churn model"))
    expect(row).to_contain_text("0/35 answered")
    page.get_by_placeholder("Search workloads by name").fill("nothing like it")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("dashboard-empty")).to_contain_text("No workload matches")


def test_it_records_a_milestone_and_compares_it_with_now(page: Page, live_server, alice, ml_lens):
    workload = workload_create(user=alice, lenses=[ml_lens], name="Fraud scoring")
    review = workload.lens_reviews.get()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    page.get_by_label("New milestone").fill("Baseline")
    page.get_by_role("button", name="Record milestone").click()
    expect(page.get_by_test_id("milestone-list")).to_contain_text("#1 Baseline")
    assert Milestone.objects.get(workload=workload).name == "Baseline"

    answer_update(
        review=review,
        question_key="MLOPS01",
        actor=alice,
        version=0,
        selected_choices=["MLOPS01_BP01", "MLOPS01_BP02", "MLOPS01_BP03"],
    )
    page.get_by_role("link", name="Compare with now").click()
    summary = page.get_by_test_id("compare-summary")
    expect(summary).to_contain_text("Improved")
    changed = page.get_by_test_id("changed-questions")
    expect(changed).to_contain_text("MLOPS01")
    expect(changed).to_contain_text("+ Develop the right skills with accountability")
    page.screenshot(path="test-results/compare.png", full_page=True)


def test_it_requests_a_report_and_offers_the_download(
    page: Page, live_server, alice, ml_lens, reports_run
):
    workload = workload_create(user=alice, lenses=[ml_lens], name="Forecasting")
    milestone_create(workload=workload, name="Kick-off", actor=alice)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    panel = page.locator("#reports-panel")
    panel.get_by_label("Kind").select_option("improvement_plan")
    panel.get_by_label("Organisation on the cover").fill("Acme")
    panel.get_by_role("button", name="Request report").click()
    download = panel.get_by_role("link", name="Download PDF")
    expect(download).to_be_visible(timeout=60_000)
    job = ReportJob.objects.get(workload=workload)
    assert job.status == "done"
    assert job.options["organisation"] == "Acme"
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".pdf")
    page.screenshot(path="test-results/workload.png", full_page=True)


def test_it_shows_a_reader_no_edit_controls(page: Page, live_server, alice, bob, ml_lens):
    from reviews.choices import Role
    from reviews.services.members import member_add

    workload = workload_create(user=alice, lenses=[ml_lens], name="Recommendations")
    member_add(workload=workload, actor=alice, role=Role.READER, user=bob)
    sign_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    expect(page.get_by_role("heading", name="Recommendations")).to_be_visible()
    expect(page.get_by_role("button", name="Record milestone")).to_have_count(0)
    expect(page.locator("#props-form")).to_have_count(0)
    expect(page.locator("#member-form")).to_have_count(0)


def test_it_hides_a_workload_from_an_outsider(page: Page, live_server, alice, charlie, ml_lens):
    workload = workload_create(user=alice, lenses=[ml_lens], name="Secret")
    sign_in(page, live_server, "charlie")
    response = page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    assert response.status == 404
