"""Single sign-on end to end (issue 16 item 5): a real OpenID Connect provider, started by
the test on 127.0.0.1 (``tests/oidc_provider``: django-oauth-toolkit, its own process, SQLite
database and port, an RSA key made here), and Chromium going through the whole way: the
provider's button, sign-in at the provider, consent, the callback, the account created or
matched by verified address, groups → teams, sign-out; and the refusals."""

from __future__ import annotations

import json
import os
import re
import select
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from mllens.oidc_env import allauth_apps
from reviews.choices import Role
from reviews.models import Team, TeamMembership, WorkloadMember
from reviews.services.workloads import workload_create
from tests.fixtures.users import UserFactory

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_ID = "testidp"
CLIENT = {"client_id": "mllens-test", "client_secret": "s3cret-for-the-test-only"}
IDP_PASSWORD = "provider password 1"
PEOPLE = [
    {
        "username": "nora",
        "password": IDP_PASSWORD,
        "email": "nora@example.org",
        "first_name": "Nora",
        "last_name": "Newcomer",
        "groups": ["ml-engineers", "not-a-team"],
    },
    {
        "username": "alice.corp",
        "password": IDP_PASSWORD,
        "email": "alice@example.com",  # alice's address in mllens (tests.fixtures.users)
        "first_name": "Alice",
        "last_name": "Owner",
        "groups": [],
    },
    {
        "username": "mallory",
        "password": IDP_PASSWORD,
        "email": "bob@example.com",  # bob's address, but the provider does not vouch for it
        "first_name": "Mallory",
        "last_name": "Unverified",
        "groups": [],
    },
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def provider(live_server, tmp_path):
    """The provider's issuer URL, once it answers; stopped after the test."""
    port = _free_port()
    callback = f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
    env = {
        **os.environ,
        "OIDC_TEST_DB": str(tmp_path / "idp.sqlite3"),
        "OIDC_TEST_RSA_KEY": _rsa_pem(),
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_SETUP": json.dumps(
            {"client": {**CLIENT, "redirect_uris": [callback]}, "users": PEOPLE}
        ),
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        if line.strip() != "ready":
            process.kill()
            raise RuntimeError(f"the test provider did not start: {process.stderr.read()[-2000:]}")
        yield f"http://127.0.0.1:{port}/o"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, provider):
    """mllens configured with the test provider, as OIDC_PROVIDERS would configure it."""
    providers = [
        {
            "id": PROVIDER_ID,
            "label": "Sign in with Test IdP",
            "issuer": provider,
            "client_id": CLIENT["client_id"],
            "secret": CLIENT["client_secret"],
            "scope": ["openid", "profile", "email"],
        }
    ]
    settings.OIDC_PROVIDERS = providers
    settings.SOCIALACCOUNT_PROVIDERS = allauth_apps(providers)
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_GROUP_TEAMS = {"ml-engineers": "ML Platform"}
    settings.SIGNUP = "open"
    return settings


def sign_in_at_provider(page: Page, live_url: str, username: str) -> None:
    page.goto(f"{live_url}/login/")
    page.get_by_role("button", name="Sign in with Test IdP").click()
    page.wait_for_url(re.compile(r"//127\.0\.0\.1:\d+/(login|o/authorize)/"))
    if "/login/" in page.url:  # no session at the provider yet
        page.get_by_label("Provider username").fill(username)
        page.get_by_label("Provider password").fill(IDP_PASSWORD)
        page.get_by_role("button", name="Sign in at the provider").click()
    # The provider's consent page (django-oauth-toolkit's): allow.
    page.locator("input[name=allow]").click()


def test_it_signs_a_new_person_in_with_their_groups_and_out_again(
    page: Page, live_server, sso, alice, shots, errors
):
    team = Team.objects.create(name="ML Platform")
    workload = workload_create(user=alice, lenses=[], name="Fraud model")
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.READER)
    page.goto(f"{live_server.url}/login/")
    page.screenshot(path=str(shots / "sso-login.png"), full_page=True)

    sign_in_at_provider(page, live_server.url, "nora")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("workload-table")).to_contain_text("Fraud model")
    page.screenshot(path=str(shots / "sso-dashboard.png"), full_page=True)
    nora = get_user_model().objects.get(email="nora@example.org")
    assert nora.username == "nora"
    assert nora.get_full_name() == "Nora Newcomer"
    assert not nora.has_usable_password()
    assert TeamMembership.objects.filter(team=team, user=nora).exists()
    assert not Team.objects.filter(name="not-a-team").exists()  # teams are never made here

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")

    # Signing in again finds the same account (no second one), still in the team.
    sign_in_at_provider(page, live_server.url, "nora")
    expect(page).to_have_url(f"{live_server.url}/")
    assert get_user_model().objects.filter(email="nora@example.org").count() == 1


def test_it_matches_an_account_by_verified_address_only(page: Page, live_server, sso, alice, bob):
    sign_in_at_provider(page, live_server.url, "alice.corp")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".usermenu .username")).to_have_text("Alice Owner")
    assert not get_user_model().objects.filter(username="alice.corp").exists()
    page.get_by_role("button", name="Sign out").click()

    # An address the provider does not vouch for matches no one: a new account is not
    # bob's (and under SIGNUP=open gets no address to sign up with: refused).
    page.context.clear_cookies()  # another person at the provider
    sign_in_at_provider(page, live_server.url, "mallory")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign Up Closed")
    assert not get_user_model().objects.filter(username="mallory").exists()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")


def test_it_refuses_newcomers_under_invite_and_deactivated_accounts(
    page: Page, live_server, sso, alice, shots
):
    sso.SIGNUP = "invite"
    sign_in_at_provider(page, live_server.url, "nora")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign Up Closed")
    page.screenshot(path=str(shots / "sso-signup-closed.png"), full_page=True)
    assert not get_user_model().objects.filter(email="nora@example.org").exists()

    alice.is_active = False
    alice.save(update_fields=["is_active"])
    page.context.clear_cookies()  # another person at the provider
    sign_in_at_provider(page, live_server.url, "alice.corp")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Account Inactive")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")


def test_it_offers_only_single_sign_on_when_password_sign_in_is_off(
    page: Page, live_server, sso, shots
):
    UserFactory(username="pat")
    sso.PASSWORD_LOGIN = False
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("button", name="Sign in with Test IdP")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
    page.screenshot(path=str(shots / "sso-only-login.png"), full_page=True)
    sign_in_at_provider(page, live_server.url, "nora")
    expect(page).to_have_url(f"{live_server.url}/")
