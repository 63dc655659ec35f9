"""The invitee's page, /invitations/<token>/: sign in (or be signed in) and accept, or make the
account; every invalid link reads the same."""

from __future__ import annotations

import pytest
from django.test import Client

from people.services.invitations import invitation_create, invitation_token_issue
from reviews.choices import Role
from reviews.models import WorkloadMember
from tests.fixtures.users import PASSWORD
from tests.reviews.factories import WorkloadFactory


@pytest.fixture
def workload(alice):
    return WorkloadFactory(name="Fraud model", owner=alice)


def _link(workload, alice, email: str, role=Role.CONTRIBUTOR) -> str:
    invitation = invitation_create(workload=workload, actor=alice, email=email, role=role)
    return f"/invitations/{invitation_token_issue(invitation=invitation)}/"


def test_it_signs_an_existing_user_in_then_accepts(workload, alice, charlie):
    link = _link(workload, alice, charlie.email)
    browser = Client()
    page = browser.get(link)
    assert page.status_code == 200
    assert b"I have an account: sign in to accept" in page.content
    signed = browser.post(
        f"/login/?next={link}", {"username": "charlie", "password": PASSWORD, "next": link}
    )
    assert signed["Location"] == link
    assert b"Accept and open the workload" in browser.get(link).content
    accepted = browser.post(link)
    assert accepted["Location"] == f"/workloads/{workload.pk}/"
    assert WorkloadMember.objects.get(workload=workload, user=charlie).role == Role.CONTRIBUTOR
    assert browser.get(link).status_code == 404


def test_it_refuses_a_signed_in_user_with_another_address(workload, alice, charlie):
    link = _link(workload, alice, "someone@example.org")
    browser = Client()
    browser.force_login(charlie)
    assert b"whose address is not someone@example.org" in browser.get(link).content
    refused = browser.post(link)
    assert refused.status_code == 403
    assert b"another e-mail address than yours" in refused.content
    assert not WorkloadMember.objects.filter(workload=workload, user=charlie).exists()


def test_it_shows_account_errors_next_to_their_fields(workload, alice):
    link = _link(workload, alice, "nia@example.org")
    refused = Client().post(
        link,
        {"username": "alice", "password1": "password", "password2": "password", "display_name": ""},
    )
    assert refused.status_code == 400
    content = refused.content.decode()
    assert 'id="id_username_error"' in content
    assert "This username is taken" in content
    made = Client().post(
        link,
        {"username": "nia", "password1": "a long passphrase 93", "password2": "x"},
    )
    assert made.status_code == 400
    assert "The two passwords differ." in made.content.decode()


def test_it_offers_no_account_form_when_signup_is_closed(workload, alice, settings):
    settings.SIGNUP = "closed"
    page = Client().get(_link(workload, alice, "nia@example.org"))
    assert b"Accounts here are made by staff" in page.content
    assert b"Make my account and join" not in page.content


@pytest.mark.parametrize("token", ["made-up", "x" * 43, "x" * 500])
def test_it_reads_the_same_for_every_invalid_link(db, token):
    page = Client().get(f"/invitations/{token}/")
    assert page.status_code == 404
    assert b"This invitation link is not valid" in page.content
