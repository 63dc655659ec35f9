"""Password reset by mail (a real SMTP server), under the sign-in limiter."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fixtures.mail import html_of, links_in
from tests.fixtures.users import PASSWORD

SITE = "https://mllens.example.org"
NEW = "a brand new passphrase 71"


@pytest.fixture
def ask(smtp, django_capture_on_commit_callbacks):
    def request_reset(email: str, client: Client | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or Client()).post("/accounts/password/reset/", {"email": email})

    return request_reset


def test_it_resets_a_password_through_the_mailed_link(ask, smtp, alice):
    assert ask(alice.email).status_code == 302
    (message,) = smtp.wait(1)
    assert message["To"] == alice.email
    (link,) = links_in(message, f"{SITE}/accounts/password/reset/key/")
    assert link in html_of(message)
    browser = Client()
    opened = browser.get(link.removeprefix(SITE))
    assert opened.status_code == 302  # the key moves into the session, off the address bar
    form = opened["Location"]
    assert browser.get(form).status_code == 200
    done = browser.post(form, {"password1": NEW, "password2": NEW})
    assert done.status_code == 302
    assert Client().post("/login/", {"username": "alice", "password": PASSWORD}).status_code == 200
    assert Client().post("/login/", {"username": "alice", "password": NEW}).status_code == 302
    # Used once: the link is dead now.
    again = Client()
    reopened = again.get(link.removeprefix(SITE), follow=True)
    assert b"invalid" in reopened.content.lower()


def test_it_answers_alike_for_an_unknown_address_and_mails_nobody(ask, smtp, alice):
    known = ask(alice.email)
    unknown = ask("nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m["To"] for m in smtp.wait(1)] == [alice.email]
    assert len(smtp.messages) == 1


def test_it_limits_reset_requests_per_address_and_client(ask, smtp, alice, settings):
    # Below allauth's own limit (5 a minute per address), so ours is the one that answers.
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert ask(alice.email).status_code == 302
    locked = ask(alice.email)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 60
    assert b"Too many password reset requests" in locked.content
    assert len(smtp.wait(settings.LOGIN_FAILURE_LIMIT)) == settings.LOGIN_FAILURE_LIMIT
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert ask(alice.email, elsewhere).status_code == 302
