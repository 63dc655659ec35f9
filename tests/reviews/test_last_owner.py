"""The last-owner rule counts people who can act (issue 12 finding 9).

Alice owns the workload; the "other owner" is a team or a user that may or may not be able
to act. Each case tries the three ways an owner leaves: removal, demotion through the
member's URL, and demotion by name.
"""

from __future__ import annotations

import pytest

from reviews.choices import Role
from reviews.models import WorkloadMember
from tests.fixtures.users import UserFactory
from tests.reviews.factories import TeamFactory
from tests.reviews.helpers import assert_error, url


def _mine(workload, alice) -> str:
    return url(
        workload, "members", str(WorkloadMember.objects.get(workload=workload, user=alice).pk)
    )


def _leave_attempts(client, workload, alice) -> list:
    return [
        client.delete(_mine(workload, alice)),
        client.patch(_mine(workload, alice), {"role": "READER"}, format="json"),
        client.patch(
            url(workload, "members"), {"user": "alice", "role": "CONTRIBUTOR"}, format="json"
        ),
    ]


def _owner_team(workload, *users, name="Owners"):
    team = TeamFactory(name=name, members=list(users))
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.OWNER)
    return team


def test_it_does_not_count_an_empty_owner_team_as_another_owner(workload, clients, alice):
    """Issue 12 finding 9: with only an empty team beside her, the last user owner can
    neither leave nor step down: nobody would be left to manage the workload."""
    _owner_team(workload)
    for response in _leave_attempts(clients["owner"], workload, alice):
        assert_error(response, 409, "LAST_OWNER")
    assert WorkloadMember.objects.get(workload=workload, user=alice).role == Role.OWNER


@pytest.mark.parametrize("who", ["inactive user", "team of inactive users"])
def test_it_does_not_count_owners_who_cannot_sign_in(workload, clients, alice, who):
    """Issue 12 finding 9: a deactivated user is no one who can act, directly or in a team."""
    gone = UserFactory(username="gone", is_active=False)
    if who == "inactive user":
        WorkloadMember.objects.create(workload=workload, user=gone, role=Role.OWNER)
    else:
        _owner_team(workload, gone)
    for response in _leave_attempts(clients["owner"], workload, alice):
        assert_error(response, 409, "LAST_OWNER")


def test_it_lets_the_owner_leave_when_a_team_with_members_owns_it_too(
    workload, clients, alice, tess
):
    """Issue 12 finding 9: a team with an active member is someone who can act."""
    _owner_team(workload, tess)
    response = clients["owner"].delete(_mine(workload, alice))
    assert response.status_code == 204


def test_it_refuses_removing_the_only_team_that_can_act(workload, clients, alice, tess):
    """Issue 12 finding 9: once alice reads only, the team with tess in it is the last owner
    who can act, so it cannot be removed, while an empty owner team can."""
    team = _owner_team(workload, tess)
    empty = _owner_team(workload, name="Empty")
    WorkloadMember.objects.filter(workload=workload, user=alice).update(role=Role.READER)
    staff = clients["staff"]
    members = url(workload, "members")
    assert staff.delete(members, {"team": empty.name}, format="json").status_code == 204
    assert_error(staff.delete(members, {"team": team.name}, format="json"), 409, "LAST_OWNER")
    assert_error(
        staff.patch(members, {"team": team.name, "role": "READER"}, format="json"),
        409,
        "LAST_OWNER",
    )


def test_it_counts_an_owner_once_whether_direct_or_through_a_team(workload, clients, alice):
    """Alice in an owner team may drop her direct ownership: she can still act as owner."""
    _owner_team(workload, alice)
    assert clients["owner"].delete(_mine(workload, alice)).status_code == 204
    assert clients["owner"].get(url(workload)).json()["role"] == "OWNER"


def test_it_disables_the_last_acting_owners_controls_on_the_page(workload, alice, tess):
    """Issue 12 finding 9: the page follows the same rule: beside an empty owner team,
    alice's Remove is disabled; once the team has a member, it is not."""
    from django.test import Client

    team = _owner_team(workload)
    client = Client()
    client.force_login(alice)
    page = client.get(f"/workloads/{workload.pk}/").content.decode()
    assert page.count('data-testid="last-owner-note"') == 1
    team.members.add(tess)
    page = client.get(f"/workloads/{workload.pk}/").content.decode()
    assert 'data-testid="last-owner-note"' not in page
