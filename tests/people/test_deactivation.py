"""Leaving (issue 16 item 8): staff deactivate an account; its sessions and tokens end at once,
no route signs it in again, its name stays on what it did, and no workload is left without an
owner who can act."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from people.models import ApiToken
from reviews.choices import Role
from reviews.models import Activity, Answer, TeamMembership, WorkloadMember
from reviews.services.answers import answer_update
from tests.fixtures.users import PASSWORD, api_key_for, client_for
from tests.reviews.factories import TeamFactory, WorkloadFactory
from tests.reviews.helpers import API, assert_error, url


def deactivate(staff, user, **body):
    return client_for(staff).post(f"{API}/users/{user.pk}/deactivate", body, format="json")


def signed_in_browser(user) -> Client:
    browser = Client()
    assert browser.login(username=user.get_username(), password=PASSWORD)
    assert browser.get("/").status_code == 200
    return browser


def test_it_ends_sessions_and_tokens_and_every_sign_in_route(workload, bob, staff):
    review = workload.lens_reviews.get()
    answer_update(
        review=review, question_key="p1q1", actor=bob, version=0, selected_choices=["p1q1_no"]
    )
    browser = signed_in_browser(bob)
    key = api_key_for(bob)
    api_key_for(bob, "second")
    scripted = APIClient()
    scripted.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert scripted.get(url(workload)).status_code == 200

    response = deactivate(staff, bob)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": bob.pk,
        "username": "bob",
        "is_active": False,
        "tokens_revoked": 2,
        "sessions_ended": 1,
        "handed_over": 0,
    }
    # The session and the tokens stopped working at once.
    assert browser.get("/")["Location"].startswith("/login/")
    refused = scripted.get(url(workload))
    assert_error(refused, 401, "AUTHENTICATION_FAILED")
    assert refused["WWW-Authenticate"] == "Token"
    assert not ApiToken.objects.filter(user=bob).exists()
    # No route signs him in again: the sign-in page, allauth's, the token endpoint.
    page = Client().post("/login/", {"username": "bob", "password": PASSWORD})
    assert page.status_code == 200
    assert "_auth_user_id" not in Client().session
    allauth = Client().post("/accounts/login/", {"login": "bob", "password": PASSWORD})
    assert "_auth_user_id" not in allauth.wsgi_request.session
    token = APIClient().post(
        f"{API}/auth/token/", {"username": "bob", "password": PASSWORD}, format="json"
    )
    assert_error(token, 400, "INVALID_CREDENTIALS")
    # What he did keeps his name.
    answer = Answer.objects.get(lens_review=review, question_key="p1q1")
    assert answer.updated_by.username == "bob"
    assert Activity.objects.filter(actor=bob, verb="answer.update").exists()
    assert (
        client_for(staff).get(url(workload, "members", "bob")).json()["user"]["username"] == "bob"
    )


def test_it_refuses_to_leave_a_workload_without_an_acting_owner_then_hands_over(
    workload, alice, bob, staff
):
    body = assert_error(deactivate(staff, alice), 409, "LAST_OWNER")
    assert "'Fraud model'" in body["message"]
    assert body["workloads"] == [{"id": workload.pk, "name": "Fraud model"}]
    alice.refresh_from_db()
    assert alice.is_active

    handed = deactivate(staff, alice, successor={"username": "bob"})
    assert handed.status_code == 200, handed.content
    assert handed.json()["handed_over"] == 1
    assert WorkloadMember.objects.get(workload=workload, user=bob).role == Role.OWNER
    assert Activity.objects.filter(workload=workload, verb="member.update").exists()
    # bob, now the only acting owner, cannot go either without a successor.
    assert_error(deactivate(staff, bob), 409, "LAST_OWNER")


def test_it_counts_owners_through_teams(alice, bob, tess, staff):
    """A workload owned through a team: deactivating the team's last active member is refused."""
    team = TeamFactory(name="Owners", members=[tess])
    owned = WorkloadFactory(name="Team owned", owner=alice)
    WorkloadMember.objects.create(workload=owned, team=team, role=Role.OWNER)
    WorkloadMember.objects.filter(workload=owned, user=alice).delete()
    assert_error(deactivate(staff, tess), 409, "LAST_OWNER")
    TeamMembership.objects.create(team=team, user=bob)
    assert deactivate(staff, tess).status_code == 200


def test_it_lets_only_staff_deactivate_and_not_themselves(workload, bob, charlie, staff):
    assert_error(deactivate(bob, charlie), 403, "PERMISSION_DENIED")
    assert_error(deactivate(staff, staff), 400, "VALIDATION_ERROR")
    assert_error(
        deactivate(staff, charlie, successor={"username": "nobody"}),
        400,
        "VALIDATION_ERROR",
        field="successor",
    )
    assert_error(
        client_for(staff).post(f"{API}/users/999999/deactivate", {}, format="json"),
        404,
        "NOT_FOUND",
    )
    charlie.refresh_from_db()
    assert charlie.is_active


def test_it_reactivates_without_bringing_tokens_back(charlie, staff):
    key = api_key_for(charlie)
    assert deactivate(staff, charlie).status_code == 200
    back = client_for(staff).post(f"{API}/users/{charlie.pk}/reactivate", {}, format="json")
    assert back.json()["is_active"] is True
    assert Client().login(username="charlie", password=PASSWORD)
    scripted = APIClient()
    scripted.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert scripted.get(f"{API}/lenses/").status_code == 401


@pytest.mark.parametrize("successor", ["", "bob"])
def test_it_deactivates_from_the_accounts_page(workload, alice, bob, staff, successor):
    page = Client()
    page.force_login(staff)
    listing = page.get("/users/")
    assert b'data-account="alice"' in listing.content
    done = page.post(
        f"/users/{alice.pk}/", {"action": "deactivate", "successor": successor}, follow=True
    )
    alice.refresh_from_db()
    if successor:
        assert not alice.is_active
        assert b"alice deactivated" in done.content
    else:
        assert alice.is_active
        assert b"without an owner who can act" in done.content


def test_it_keeps_the_admin_from_orphaning_workloads(workload, alice, tess, staff):
    """The older finding: through Django's admin, staff could deactivate or delete the last
    owner, or empty an owner team. is_active is read-only there (the Accounts page
    deactivates), and deleting the last acting owner (user or team) is not offered."""
    admin = Client()
    admin.force_login(staff)
    change = admin.get(f"/admin/auth/user/{alice.pk}/change/")
    assert change.status_code == 200
    assert b'name="is_active"' not in change.content
    assert admin.get(f"/admin/auth/user/{alice.pk}/delete/").status_code == 403
    team = TeamFactory(name="Owners", members=[tess])
    owned = WorkloadFactory(name="Team owned", owner=alice)
    WorkloadMember.objects.create(workload=owned, team=team, role=Role.OWNER)
    WorkloadMember.objects.filter(workload=owned, user=alice).delete()
    assert admin.get(f"/admin/reviews/team/{team.pk}/delete/").status_code == 403
    assert b"-DELETE" not in admin.get(f"/admin/reviews/team/{team.pk}/change/").content
