"""SIGNUP: closed and invite refuse the sign-up page; domain and open take a verified address
(the verification mail read from a real SMTP server) before the account may sign in."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from tests.fixtures.mail import links_in

SITE = "https://mllens.example.org"
PASSWORD = "a long passphrase 93"


@pytest.fixture
def policy(settings, smtp, django_capture_on_commit_callbacks):
    """Set the policy as the settings module derives it; sign up with mails sent at once."""

    def set_to(name: str, domains=()):
        settings.SIGNUP = name
        settings.SIGNUP_DOMAINS = frozenset(domains)
        settings.ACCOUNT_EMAIL_VERIFICATION = (
            "mandatory" if name in ("domain", "open") else "optional"
        )

    return set_to


def _sign_up(client: Client, email: str, username: str = "newcomer", capture=None):
    data = {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD}
    with capture(execute=True):
        return client.post("/accounts/signup/", data)


@pytest.mark.parametrize("name", ["closed", "invite"])
def test_it_refuses_the_sign_up_page(name, policy, db, django_capture_on_commit_callbacks, smtp):
    policy(name)
    page = Client().get("/accounts/signup/")
    assert page.status_code == 200
    assert b"Sign Up Closed" in page.content
    _sign_up(Client(), "x@example.org", capture=django_capture_on_commit_callbacks)
    assert not get_user_model().objects.filter(username="newcomer").exists()
    assert smtp.messages == []


def test_it_verifies_the_address_before_the_account_signs_in(
    policy, db, django_capture_on_commit_callbacks, smtp
):
    policy("open")
    browser = Client()
    response = _sign_up(browser, "Nia@Example.org", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newcomer")
    assert not EmailAddress.objects.get(user=user).verified
    # Not yet: neither the page nor the token endpoint lets the account in.
    login = Client().post("/login/", {"username": "newcomer", "password": PASSWORD})
    assert login.status_code == 200
    assert b"Verify your e-mail address first" in login.content
    token = APIClient().post("/api/v1/auth/token/", {"username": "newcomer", "password": PASSWORD})
    assert token.status_code == 403
    assert token.json()["code"] == "EMAIL_UNVERIFIED"
    (message,) = smtp.wait(1)
    assert message["To"] == "nia@example.org"
    assert message.get_body(preferencelist=("html",)) is not None
    (link,) = links_in(message, f"{SITE}/accounts/confirm-email/")
    path = link.removeprefix(SITE)
    assert Client().get(path).status_code == 200  # the confirmation page (GET changes nothing)
    assert not EmailAddress.objects.get(user=user).verified
    assert Client().post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    login = Client().post("/login/", {"username": "newcomer", "password": PASSWORD})
    assert login.status_code == 302


def test_it_takes_only_the_listed_domains(policy, db, django_capture_on_commit_callbacks, smtp):
    policy("domain", domains={"example.org"})
    capture = django_capture_on_commit_callbacks
    refused = _sign_up(Client(), "mallory@elsewhere.net", capture=capture)
    assert refused.status_code == 200
    assert b"Sign-up is open to addresses at example.org only." in refused.content
    assert not get_user_model().objects.filter(username="newcomer").exists()
    taken = _sign_up(Client(), "nia@example.org", capture=django_capture_on_commit_callbacks)
    assert taken.status_code == 302
    assert smtp.wait(1)[0]["To"] == "nia@example.org"


def test_it_does_not_tell_whether_an_address_has_an_account(
    policy, alice, django_capture_on_commit_callbacks, smtp
):
    policy("open")
    taken = _sign_up(Client(), alice.email, capture=django_capture_on_commit_callbacks)
    fresh = _sign_up(
        Client(), "nobody@example.org", username="other", capture=django_capture_on_commit_callbacks
    )
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    # The owner of the address hears about it by mail, nobody else.
    assert sorted(m["To"] for m in smtp.wait(2)) == [alice.email, "nobody@example.org"]
