"""The API tokens page and staff's accounts page in the browser (issue 16 items 7, 8)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from rest_framework.test import APIClient

from people.models import ApiToken
from reviews.services.workloads import workload_create
from tests.browser.a11y import sign_in

pytestmark = pytest.mark.browser


def test_it_shows_a_new_token_once_and_revokes_it(page: Page, live_server, alice, shots, errors):
    url = live_server.url
    sign_in(page, url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tokens").click()
    page.get_by_label("Name").fill("CI pipeline")
    page.get_by_label("Expires on").fill("2031-06-30")
    page.get_by_role("button", name="Create token").click()
    key = page.get_by_role("textbox", name="Token", exact=True).input_value()
    assert key.startswith("mll_")
    expect(page.get_by_test_id("token-table")).to_contain_text("CI pipeline")
    expect(page.get_by_test_id("token-table")).to_contain_text("2031-06-30")
    expect(page.get_by_test_id("token-table")).to_contain_text(key[:10])
    page.screenshot(path=str(shots / "tokens-created.png"), full_page=True)
    scripted = APIClient()
    scripted.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert scripted.get("/api/v1/lenses/").status_code == 200
    page.reload()  # the key is gone: a reload shows the list only
    expect(page.get_by_test_id("new-token")).to_have_count(0)
    # Used once by the script: the row shows when (no "Never" left: it expires too).
    expect(page.get_by_test_id("token-table")).not_to_contain_text("Never")
    page.get_by_role("button", name="Revoke CI pipeline").click()
    expect(page.locator(".messages")).to_contain_text("Token 'CI pipeline' revoked")
    assert not ApiToken.objects.exists()
    assert scripted.get("/api/v1/lenses/").status_code == 401


def test_it_lets_staff_deactivate_with_a_successor(
    page: Page, live_server, alice, bob, staff, shots, errors
):
    workload_create(user=alice, lenses=[], name="Fraud model")
    url = live_server.url
    sign_in(page, url, "staff")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts").click()
    page.get_by_role("button", name="Deactivate alice").click()
    expect(page.locator(".message-error")).to_contain_text("'Fraud model'")
    page.get_by_label("Successor for alice's workloads").fill("bob")
    page.get_by_role("button", name="Deactivate alice").click()
    expect(page.locator(".messages")).to_contain_text("alice deactivated")
    row = page.locator("tr[data-account=alice]")
    expect(row).to_contain_text("Deactivated")
    page.screenshot(path=str(shots / "accounts.png"), full_page=True)
    page.get_by_role("button", name="Reactivate alice").click()
    expect(page.locator(".messages")).to_contain_text("alice can sign in again")
