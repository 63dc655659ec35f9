"""Issue 13 part 5: a real Chromium previews a review from the AWS tool, then imports it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from catalog.services import shipped_lenses_load
from reviews.models import Answer, Milestone, Workload
from tests.browser.test_catalog import sign_in
from tests.reviews.awswa.factories import aws_review_file

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_it_previews_then_imports_a_review_from_the_aws_tool(
    page: Page, live_server, alice, tmp_path
):
    shipped_lenses_load()
    sign_in(page, live_server)
    page.get_by_role("link", name="Import from the AWS tool").click()
    expect(page.get_by_role("heading", name="Import from the AWS tool")).to_be_visible()
    page.locator("#aws-file").set_input_files(aws_review_file(tmp_path))
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#aws-preview")
    expect(preview).to_be_visible()
    expect(page.locator("#aws-workload")).to_contain_text("Churn model")
    expect(page.locator("#aws-lenses tbody tr")).to_have_count(1)
    expect(page.locator("#aws-lenses")).to_contain_text("machine-learning")
    expect(page.locator("#aws-milestones")).to_contain_text("2024-01-01 10:00:00 UTC")
    unmapped = page.locator("#aws-unmapped li")
    # wellarchitected (no such lens here), SEC3_9 (no ninth choice), the ML version label.
    expect(unmapped).to_have_count(3)
    expect(page.locator("#aws-unmapped")).to_contain_text("UNKNOWN_LENS")
    # Each problem says its severity in words, not only by its border's colour (WCAG 1.4.1).
    expect(unmapped.locator(".problem-severity")).to_have_text(["Error:"] * 3)
    expect(page.locator("#aws-unmapped")).to_contain_text(
        "/ListAnswers/1/AnswerSummaries/0/SelectedChoices/1"
    )
    expect(page.locator("#aws-risks-block")).to_be_visible()
    assert Workload.objects.count() == 0
    import_button = page.get_by_role("button", name="Import", exact=True)
    expect(import_button).to_be_disabled()
    page.screenshot(path="test-results/aws-import-preview.png", full_page=True)

    page.get_by_label("Import without the items that cannot be mapped").check()
    import_button.click()
    expect(page.locator("#aws-confirm .form-status")).to_contain_text('Imported "Churn model"')
    workload = Workload.objects.get()
    assert Answer.objects.get(
        lens_review__workload=workload, question_key="MLOPS01"
    ).selected_choices == ["MLOPS01_BP01"]
    assert Milestone.objects.get(workload=workload).recorded_in_aws_at.isoformat() == (
        "2024-01-01T10:00:00+00:00"
    )
    page.get_by_role("link", name="Open the workload").click()
    expect(page.get_by_test_id("milestone-list")).to_contain_text(
        "recorded in the AWS tool 2024-01-01 10:00"
    )
    page.screenshot(path="test-results/aws-import-workload.png", full_page=True)
