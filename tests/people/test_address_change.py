"""Changing one's address: the new one replaces the old only once its mailed link is
followed (a real SMTP server), and the account keeps signing in meanwhile."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from tests.fixtures.mail import links_in
from tests.fixtures.users import PASSWORD

SITE = "https://mllens.example.org"


@pytest.mark.parametrize("policy", ["invite", "open"])
def test_it_changes_the_address_once_the_new_one_is_verified(
    alice, smtp, settings, django_capture_on_commit_callbacks, policy
):
    settings.SIGNUP = policy
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory" if policy == "open" else "optional"
    old = alice.email
    # Her address on record, as the install's migration or an invitation gives it.
    EmailAddress.objects.create(user=alice, email=old, verified=True, primary=True)
    client = Client()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/accounts/email/", {"action_add": "", "email": "alice@new.example"})
    assert asked.status_code == 302
    (message,) = smtp.wait(1)
    assert message["To"] == "alice@new.example"
    alice.refresh_from_db()
    assert alice.email == old  # not yet
    # Meanwhile she still signs in.
    assert Client().post("/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    (link,) = links_in(message, f"{SITE}/accounts/confirm-email/")
    assert client.post(link.removeprefix(SITE)).status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice@new.example"
    assert list(
        EmailAddress.objects.filter(user=alice).values_list("email", "verified", "primary")
    ) == [("alice@new.example", True, True)]
