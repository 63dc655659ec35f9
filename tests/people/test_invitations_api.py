"""Invitations through the API, with mails read from a real SMTP server (tests/fixtures/mail)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import Invitation
from people.services.invitations import token_digest
from reviews.choices import Role
from reviews.models import Activity, Team, WorkloadMember
from tests.fixtures.mail import html_of, links_in, text_of
from tests.fixtures.users import PASSWORD, UserFactory, client_for
from tests.reviews.factories import WorkloadFactory

LINK = "https://mllens.example.org/invitations/"


@pytest.fixture
def workload(alice, bob):
    return WorkloadFactory(name="Fraud model", owner=alice, members=[(bob, Role.READER)])


@pytest.fixture
def invite(api, workload, smtp, django_capture_on_commit_callbacks):
    """POST an invitation as alice (the owner); the mail task runs on commit."""

    def send(email: str, role: str = "CONTRIBUTOR", client: APIClient = api, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/api/v1/workloads/{workload.pk}/invitations/",
                {"email": email, "role": role, **extra},
                format="json",
            )

    return send


def _token(message) -> str:
    (link,) = links_in(message, LINK)
    return link.removeprefix(LINK).rstrip("/")


def test_it_mails_a_link_built_from_site_url_in_text_and_html(invite, smtp, workload):
    response = invite("Carol@Example.org")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email"] == "carol@example.org"
    assert body["status"] == "PENDING"
    assert body["role"] == "CONTRIBUTOR"
    assert response["Location"].endswith(f"/invitations/{body['id']}/")
    (message,) = smtp.wait(1)
    assert message["To"] == "carol@example.org"
    assert message["Subject"] == "[mllens] Join Fraud model on mllens"
    token = _token(message)
    assert len(token) >= 43  # 32 random bytes
    assert f"{LINK}{token}/" in html_of(message)
    assert "Alice Owner invites you" in text_of(message)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_digest(token)
    assert token not in str(Invitation.objects.values().get())  # never stored in clear
    assert invitation.sent_at is not None
    assert token not in response.content.decode()


def test_it_accepts_for_a_signed_in_user_with_that_address_once(invite, smtp, workload, charlie):
    invite(charlie.email, "CONTRIBUTOR")
    token = _token(smtp.last())
    accept = client_for(charlie).post(f"/api/v1/invitations/{token}/accept", {}, format="json")
    assert accept.status_code == 200, accept.json()
    assert accept.json()["role"] == "CONTRIBUTOR"
    assert accept.json()["workload"]["url"].endswith(f"/api/v1/workloads/{workload.pk}/")
    member = WorkloadMember.objects.get(workload=workload, user=charlie)
    assert member.role == Role.CONTRIBUTOR
    assert EmailAddress.objects.get(user=charlie).verified
    again = client_for(charlie).post(f"/api/v1/invitations/{token}/accept", {}, format="json")
    assert again.status_code == 404
    verbs = list(Activity.objects.filter(workload=workload).values_list("verb", flat=True))
    assert {"invitation.create", "invitation.accept", "member.add"} <= set(verbs)


def test_it_refuses_a_signed_in_user_with_another_address(invite, smtp, workload, charlie):
    invite("someone.else@example.org")
    token = _token(smtp.last())
    refused = client_for(charlie).post(f"/api/v1/invitations/{token}/accept", {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "INVITATION_OTHER_ADDRESS"
    assert not WorkloadMember.objects.filter(workload=workload, user=charlie).exists()
    assert Invitation.objects.get().status == "PENDING"


def test_it_makes_the_account_of_an_anonymous_invitee(invite, smtp, workload):
    invite("dana@example.org", "READER")
    token = _token(smtp.last())
    made = APIClient().post(
        f"/api/v1/invitations/{token}/accept",
        {"username": "dana", "password": "a long passphrase 93", "display_name": "Dana D."},
        format="json",
    )
    assert made.status_code == 200, made.json()
    dana = get_user_model().objects.get(username="dana")
    assert dana.email == "dana@example.org"
    assert dana.profile.display_name == "Dana D."
    assert EmailAddress.objects.get(user=dana).verified
    assert WorkloadMember.objects.get(workload=workload, user=dana).role == Role.READER
    token_login = APIClient().post(
        "/api/v1/auth/token/", {"username": "dana", "password": "a long passphrase 93"}
    )
    assert token_login.status_code == 200


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"username": "dana", "password": "password"}, "password", "WEAK_PASSWORD"),
        ({"username": "Alice", "password": "a long passphrase 93"}, "username", "USERNAME_TAKEN"),
        ({"username": "no spaces allowed", "password": "a long passphrase 93"}, "username", None),
        ({"username": "dana"}, "password", "REQUIRED"),
    ],
)
def test_it_refuses_a_bad_new_account_and_changes_nothing(invite, smtp, body, field, code):
    invite("dana@example.org")
    token = _token(smtp.last())
    refused = APIClient().post(f"/api/v1/invitations/{token}/accept", body, format="json")
    assert refused.status_code == 400
    problem = refused.json()["errors"][0]
    assert problem["field"] == field
    if code:
        assert problem["code"] == code
    assert not get_user_model().objects.filter(email="dana@example.org").exists()
    assert Invitation.objects.get().status == "PENDING"


@pytest.mark.parametrize(
    ("policy", "invited", "status", "code"),
    [
        ("invite", "charlie@example.com", 409, "ACCOUNT_EXISTS"),  # its owner signs in instead
        ("closed", "dana@example.org", 403, "SIGNUP_CLOSED"),  # staff make the accounts
    ],
)
def test_it_makes_no_account_where_it_may_not(
    invite, smtp, charlie, settings, policy, invited, status, code
):
    settings.SIGNUP = policy
    invite(invited)
    token = _token(smtp.last())
    refused = APIClient().post(
        f"/api/v1/invitations/{token}/accept",
        {"username": "newcomer", "password": "a long passphrase 93"},
        format="json",
    )
    assert (refused.status_code, refused.json()["code"]) == (status, code)
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_it_answers_alike_whether_or_not_the_address_has_an_account(invite, smtp, charlie):
    def shape(response):
        body = response.json()
        varying = {"id", "email", "created_at", "expires_at", "sent_at"}
        return response.status_code, {k: v for k, v in body.items() if k not in varying}

    known = invite(charlie.email)
    unknown = invite("nobody-here@example.org")
    assert shape(known) == shape(unknown)
    (to_known, to_unknown) = smtp.wait(2)
    assert text_of(to_known).replace(charlie.email, "X") == text_of(to_unknown).replace(
        "nobody-here@example.org", "X"
    ).replace(_token(to_unknown), _token(to_known))


def test_it_answers_404_for_an_expired_revoked_or_made_up_link(invite, smtp, api, workload):
    invite("late@example.org")
    token = _token(smtp.last())
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = APIClient().post(f"/api/v1/invitations/{token}/accept", {}, format="json")
    assert expired.status_code == 404
    assert expired.json()["code"] == "NOT_FOUND"
    made_up = APIClient().post(f"/api/v1/invitations/{'x' * 43}/accept", {}, format="json")
    assert made_up.json() == expired.json()
    assert APIClient().get(f"/invitations/{token}/").status_code == 404


def test_it_kills_the_old_link_as_soon_as_it_resends(invite, smtp, api, workload, charlie):
    created = invite(charlie.email).json()
    old = _token(smtp.last())
    resent = api.post(f"/api/v1/workloads/{workload.pk}/invitations/{created['id']}/resend")
    assert resent.status_code == 200
    assert resent["ETag"] == f'"{resent.json()["version"]}"'
    assert resent.json()["version"] > created["version"]
    # Before the new mail leaves (the task runs after the commit), the old link is dead.
    assert Invitation.objects.get().token_hash == ""
    assert APIClient().get(f"/invitations/{old}/").status_code == 404


def test_it_resends_through_the_mail_task(
    invite, smtp, api, workload, charlie, django_capture_on_commit_callbacks
):
    created = invite(charlie.email).json()
    old = _token(smtp.last())
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/workloads/{workload.pk}/invitations/{created['id']}/resend")
    new = _token(smtp.wait(2)[1])
    assert new != old
    assert client_for(charlie).post(f"/api/v1/invitations/{old}/accept").status_code == 404
    assert client_for(charlie).post(f"/api/v1/invitations/{new}/accept").status_code == 200
    assert Invitation.objects.get().send_count == 2


def test_it_revokes_and_keeps_the_invitation_listed(invite, smtp, api, workload, charlie):
    created = invite(charlie.email).json()
    token = _token(smtp.last())
    url = f"/api/v1/workloads/{workload.pk}/invitations/{created['id']}/"
    stale = api.delete(url, HTTP_IF_MATCH='"999"')
    assert stale.status_code == 412
    assert stale.json()["current"]["status"] == "PENDING"
    assert api.delete(url).status_code == 204
    assert client_for(charlie).post(f"/api/v1/invitations/{token}/accept").status_code == 404
    listed = api.get(f"/api/v1/workloads/{workload.pk}/invitations/").json()
    assert [i["status"] for i in listed["results"]] == ["REVOKED"]
    pending = api.get(f"/api/v1/workloads/{workload.pk}/invitations/?status=PENDING").json()
    assert pending["count"] == 0
    assert Activity.objects.filter(verb="invitation.revoke").count() == 1


def test_it_refuses_a_second_pending_invitation_of_one_address(invite, smtp):
    assert invite("twice@example.org").status_code == 201
    again = invite("TWICE@example.org")
    assert again.status_code == 409
    assert again.json()["code"] == "ALREADY_INVITED"
    assert Invitation.objects.count() == 1


def test_it_lets_only_owners_and_staff_invite(invite, smtp, workload, bob, charlie):
    assert invite("x@example.org", client=client_for(bob)).status_code == 403  # a reader
    assert invite("x@example.org", client=client_for(charlie)).status_code == 404  # outsider
    assert invite("x@example.org", client=client_for(UserFactory(is_staff=True))).status_code == 201


def test_it_invites_into_a_team_of_the_workload_for_staff_only(invite, smtp, workload, charlie):
    team = Team.objects.create(name="Platform")
    staff = client_for(UserFactory(username="root", is_staff=True))
    not_member = invite(charlie.email, client=staff, role=None, team="Platform")
    assert not_member.status_code == 400  # role and team both given
    body = {"email": charlie.email, "team": "Platform"}
    url = f"/api/v1/workloads/{workload.pk}/invitations/"
    assert staff.post(url, body, format="json").json()["code"] == "TEAM_NOT_MEMBER"
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.CONTRIBUTOR)
    assert (
        client_for(workload.members.get(role=Role.OWNER).user)
        .post(url, body, format="json")
        .status_code
        == 403
    )
    created = staff.post(url, body, format="json")
    assert created.status_code == 201
    assert created.json()["team"] == {"id": team.pk, "name": "Platform"}


def test_it_refuses_unknown_fields_and_bad_addresses(api, workload):
    url = f"/api/v1/workloads/{workload.pk}/invitations/"
    bad = api.post(url, {"email": "not an address", "role": "READER", "token": "x"}, format="json")
    assert bad.status_code == 400
    fields = {e["field"]: e["code"] for e in bad.json()["errors"]}
    assert fields["token"] == "UNKNOWN_FIELD"
    assert "email" in fields
    assert api.get(f"{url}?state=PENDING").json()["code"] == "UNKNOWN_PARAMETER"
    assert Invitation.objects.count() == 0


def test_it_never_lowers_a_members_role(invite, smtp, workload, bob):
    invite(bob.email, "READER")
    token = _token(smtp.last())
    WorkloadMember.objects.filter(user=bob).update(role=Role.CONTRIBUTOR)
    assert client_for(bob).post(f"/api/v1/invitations/{token}/accept").status_code == 200
    assert WorkloadMember.objects.get(user=bob).role == Role.CONTRIBUTOR


def test_it_keeps_the_password_of_the_api_sign_in(alice):
    assert (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
        .status_code
        == 200
    )
