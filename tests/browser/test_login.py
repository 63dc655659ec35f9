"""A real Chromium signs in through the real login page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.browser


def test_it_signs_in_and_sees_the_dashboard(page: Page, live_server, alice):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Workloads", exact=True)).to_be_visible()
    expect(page.locator(".usermenu")).to_contain_text("Alice Owner")
    page.screenshot(path="test-results/dashboard.png", full_page=True)


def test_it_shows_an_error_for_a_wrong_password(page: Page, live_server, alice):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")
