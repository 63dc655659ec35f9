"""The second factor (issue 16 item 5): a password account turns TOTP on, then every
password route wants the code; codes are computed here from the secret (RFC 6238)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from playwright.sync_api import Page, expect
from rest_framework.test import APIClient

from tests.browser.a11y import sign_in
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.browser


def totp(secret: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The RFC 6238 code of a base32 ``secret`` (SHA-1, 30 s, 6 digits) at ``at``."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def fresh_code(secret: str, used: set[str]) -> str:
    """A code not used yet (allauth refuses a code twice): wait for the next step if needed."""
    while (code := totp(secret)) in used:
        time.sleep(1)
    used.add(code)
    return code


def submit_code(page: Page) -> None:
    page.locator("form:has(input[name=code]) [type=submit]").first.click()


def test_it_asks_for_the_code_once_totp_is_on(page: Page, live_server, alice, shots, errors):
    url = live_server.url
    used: set[str] = set()
    sign_in(page, url)
    page.goto(f"{url}/tokens/")
    page.get_by_role("link", name="Two-factor authentication").click()
    page.goto(f"{url}/accounts/2fa/totp/activate/")
    if "reauthenticate" in page.url:  # allauth confirms the password first
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
        page.goto(f"{url}/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    page.locator("input[name=code]").fill("000000" if totp(secret) != "000000" else "111111")
    submit_code(page)
    assert not Authenticator.objects.filter(user=alice, type="totp").exists()
    page.locator("input[name=code]").fill(fresh_code(secret, used))
    submit_code(page)
    expect(page).not_to_have_url(f"{url}/accounts/2fa/totp/activate/")
    assert Authenticator.objects.filter(user=alice, type="totp").exists()

    # Signed out, the password alone no longer signs in: the code is asked next.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{url}/accounts/2fa/authenticate/")
    page.goto(f"{url}/")
    expect(page).to_have_url(f"{url}/login/?next=/")  # not signed in without the code
    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=code]").fill("12345" if totp(secret) != "12345" else "54321")
    submit_code(page)
    expect(page).to_have_url(f"{url}/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(fresh_code(secret, used))
    page.screenshot(path=str(shots / "totp-authenticate.png"), full_page=True)
    submit_code(page)
    expect(page).to_have_url(f"{url}/")
    expect(page.locator(".usermenu .username")).to_have_text("Alice Owner")

    # The other password routes refuse the password alone.
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert token.status_code == 403
    assert token.json()["code"] == "SECOND_FACTOR_REQUIRED"
    admin = Client().post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert admin.status_code == 200
    assert b"second factor" in admin.content
