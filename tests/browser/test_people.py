"""People in a real Chromium: invitation, password reset and address verification links are
read from the mails a real SMTP server received, and followed end to end."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from reviews.models import WorkloadMember
from tests.browser.a11y import sign_in
from tests.fixtures.mail import html_of, links_in
from tests.fixtures.users import PASSWORD
from tests.reviews.factories import WorkloadFactory

pytestmark = pytest.mark.browser
NEW = "a brand new passphrase 71"


@pytest.fixture
def mails_to_live_server(smtp, settings, live_server):
    """Mails go to the test's SMTP server, their links to the live server."""
    settings.SITE_URL = live_server.url
    return smtp


def test_it_invites_by_mail_and_the_invitee_joins(
    page: Page, browser: Browser, live_server, alice, mails_to_live_server, errors, shots
):
    url = live_server.url
    workload = WorkloadFactory(name="Fraud model", owner=alice)
    sign_in(page, url)
    page.goto(f"{url}/workloads/{workload.pk}/")
    page.get_by_label("E-mail address").fill("nia@example.org")
    page.get_by_role("form", name="Invite by e-mail").get_by_label("Role").select_option("READER")
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.locator("#invite-status")).to_contain_text("Invitation sent to nia@example.org")
    expect(page.locator("#invitation-list")).to_contain_text("nia@example.org")
    page.locator("#invitations").screenshot(path=shots / "people-invitations.png")

    (message,) = mails_to_live_server.wait(1)
    (link,) = links_in(message, f"{url}/invitations/")
    assert link in html_of(message)
    invitee = browser.new_context().new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Join Fraud model")).to_be_visible()
    expect(invitee.get_by_label("E-mail address")).to_have_value("nia@example.org")
    invitee.screenshot(path=shots / "people-invitation-page.png", full_page=True)
    invitee.get_by_label("Your name").fill("Nia Newcomer")
    invitee.get_by_label("Username").fill("nia")
    invitee.get_by_label("Password", exact=True).fill(NEW)
    invitee.get_by_label("Password again").fill(NEW)
    invitee.get_by_role("button", name="Make my account and join").click()
    expect(invitee).to_have_url(f"{url}/workloads/{workload.pk}/")
    expect(invitee.locator(".usermenu")).to_contain_text("Nia Newcomer")
    expect(invitee.locator("#member-list")).to_contain_text("@nia")
    invitee.screenshot(path=shots / "people-invitee-landed.png", full_page=True)
    nia = get_user_model().objects.get(username="nia")
    assert WorkloadMember.objects.get(workload=workload, user=nia).role == "READER"

    # The link was single-use.
    again = browser.new_context().new_page()
    again.goto(link)
    expect(again.get_by_role("heading", name="This invitation link is not valid")).to_be_visible()


def test_it_resets_a_forgotten_password_from_the_mail(
    page: Page, live_server, bob, mails_to_live_server, errors, shots
):
    url = live_server.url
    page.goto(f"{url}/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(bob.email)
    page.screenshot(path=shots / "people-reset-request.png", full_page=True)
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", name="Password Reset")).to_be_visible()
    (message,) = mails_to_live_server.wait(1)
    (link,) = links_in(message, f"{url}/accounts/password/reset/key/")
    page.goto(link)
    page.get_by_label("New Password:", exact=True).fill(NEW)
    page.get_by_label("New Password (again):").fill(NEW)
    page.screenshot(path=shots / "people-reset-form.png", full_page=True)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_role("heading", name="Change Password")).to_be_visible()
    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill("bob")
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{url}/")
    assert get_user_model().objects.get(username="bob").check_password(NEW)
    assert not get_user_model().objects.get(username="bob").check_password(PASSWORD)


def test_it_verifies_a_new_address_before_signing_in(
    page: Page, live_server, mails_to_live_server, settings, db, errors, shots
):
    settings.SIGNUP = "open"
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    url = live_server.url
    page.goto(f"{url}/login/")
    page.get_by_role("link", name="Make an account").click()
    page.get_by_label("Email").fill("omar@example.org")
    page.get_by_label("Username").fill("omar")
    page.get_by_label("Password:", exact=True).fill(NEW)
    page.get_by_label("Password (again):").fill(NEW)
    page.screenshot(path=shots / "people-signup.png", full_page=True)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    (message,) = mails_to_live_server.wait(1)
    (link,) = links_in(message, f"{url}/accounts/confirm-email/")
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(f"{url}/")
    expect(page.locator(".usermenu")).to_contain_text("omar")


def test_it_shows_the_profile_and_keeps_the_time_zone(
    page: Page, live_server, alice, errors, shots
):
    url = live_server.url
    sign_in(page, url)
    page.locator(".usermenu").get_by_role("link").click()
    expect(page).to_have_url(f"{url}/profile/")
    page.get_by_label("Display name").fill("Alice O.")
    page.get_by_label("Time zone", exact=True).select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Profile saved.")
    expect(page.locator(".usermenu")).to_contain_text("Alice O.")
    expect(page.locator("#profile-title + p time")).to_contain_text("JST")
    page.screenshot(path=shots / "people-profile.png", full_page=True)
