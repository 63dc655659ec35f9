"""``/api/v1/teams/``: teams for their members and staff, changed by managers and staff."""

from __future__ import annotations

import pytest

from reviews.choices import Role
from reviews.models import Activity, Team, TeamMembership, TeamRole, WorkloadMember
from tests.fixtures.users import UserFactory, client_for
from tests.reviews.factories import TeamFactory, WorkloadFactory
from tests.reviews.helpers import API, assert_error, listed, url

TEAMS = f"{API}/teams/"


@pytest.fixture
def mia(db):
    """Manages the Platform team."""
    return UserFactory(username="mia")


@pytest.fixture
def platform(team, mia):
    TeamMembership.objects.create(team=team, user=mia, role=TeamRole.MANAGER)
    return team


def team_url(team, *parts) -> str:
    return f"{TEAMS}{team.pk}/" + "".join(f"{p}/" for p in parts)


def test_it_lists_only_the_teams_one_belongs_to_and_every_team_for_staff(
    platform, tess, charlie, staff
):
    TeamFactory(name="Data", members=[charlie])
    assert [t["name"] for t in listed(client_for(tess), TEAMS)] == ["Platform"]
    assert [t["name"] for t in listed(client_for(charlie), TEAMS)] == ["Data"]
    assert [t["name"] for t in listed(client_for(staff), TEAMS)] == ["Data", "Platform"]
    first = listed(client_for(tess), TEAMS)[0]
    assert first["member_count"] == 2


def test_it_hides_a_team_from_outsiders_with_404(platform, charlie):
    outsider = client_for(charlie)
    for path in (
        team_url(platform),
        team_url(platform, "members"),
        team_url(platform, "members", "tess"),
    ):
        assert_error(outsider.get(path), 404, "NOT_FOUND")
    assert_error(outsider.patch(team_url(platform), {"name": "X"}), 404, "NOT_FOUND")


def test_it_shows_the_workloads_a_team_reaches(platform, workload, tess):
    WorkloadMember.objects.create(workload=workload, team=platform, role=Role.CONTRIBUTOR)
    body = client_for(tess).get(team_url(platform)).json()
    assert body["workloads"] == [
        {"workload": {"id": workload.pk, "name": "Fraud model"}, "role": "CONTRIBUTOR"}
    ]


def test_it_lets_staff_and_managers_create_teams_and_no_one_else(mia, platform, tess, staff):
    created = client_for(staff).post(TEAMS, {"name": "Security"}, format="json")
    assert created.status_code == 201, created.content
    assert created["Location"].endswith(f"/api/v1/teams/{created.json()['id']}/")
    assert not TeamMembership.objects.filter(team__name="Security").exists()
    by_manager = client_for(mia).post(TEAMS, {"name": "Search", "description": "Ranking"})
    assert by_manager.status_code == 201
    assert TeamMembership.objects.get(team__name="Search").role == TeamRole.MANAGER
    assert_error(client_for(tess).post(TEAMS, {"name": "Mine"}), 403, "PERMISSION_DENIED")
    assert_error(client_for(staff).post(TEAMS, {"name": "Search"}), 409, "DUPLICATE_NAME")
    assert_error(
        client_for(staff).post(TEAMS, {"name": " "}), 400, "VALIDATION_ERROR", field="name"
    )
    assert_error(
        client_for(staff).post(TEAMS, {"name": "Q", "members": []}, format="json"),
        400,
        "UNKNOWN_FIELD",
        field="members",
    )


def test_it_lets_managers_add_change_and_remove_members(platform, mia, tess, charlie, workload):
    WorkloadMember.objects.create(workload=workload, team=platform, role=Role.READER)
    manager = client_for(mia)
    added = manager.post(
        team_url(platform, "members"), {"user": {"username": "charlie"}}, format="json"
    )
    assert added.status_code == 201, added.content
    assert added.json()["role"] == "MEMBER"
    assert added["Location"].endswith(f"/teams/{platform.pk}/members/{added.json()['id']}/")
    # charlie now reaches the workload through the team
    assert client_for(charlie).get(url(workload)).status_code == 200
    assert_error(
        manager.post(team_url(platform, "members"), {"user": "charlie"}), 409, "ALREADY_MEMBER"
    )
    assert_error(
        manager.post(team_url(platform, "members"), {"user": "nobody"}),
        400,
        "VALIDATION_ERROR",
        field="user",
    )
    made = manager.patch(
        team_url(platform, "members", "charlie"), {"role": "MANAGER"}, format="json"
    )
    assert made.status_code == 200
    assert made.json()["role"] == "MANAGER"
    assert made["ETag"] == '"2"'
    stale = manager.delete(team_url(platform, "members", "charlie"), headers={"If-Match": '"1"'})
    assert_error(stale, 412, "PRECONDITION_FAILED")
    assert stale.json()["current"]["role"] == "MANAGER"
    assert manager.delete(team_url(platform, "members", "charlie")).status_code == 204
    assert client_for(charlie).get(url(workload)).status_code == 404
    verbs = set(Activity.objects.filter(workload=workload).values_list("verb", flat=True))
    assert {"team.member_add", "team.member_update", "team.member_remove"} <= verbs


def test_it_refuses_plain_members_with_403(platform, tess, charlie):
    member = client_for(tess)
    assert_error(
        member.post(team_url(platform, "members"), {"user": "charlie"}), 403, "PERMISSION_DENIED"
    )
    assert_error(member.patch(team_url(platform), {"name": "Mine"}), 403, "PERMISSION_DENIED")
    assert_error(member.delete(team_url(platform)), 403, "PERMISSION_DENIED")
    assert Team.objects.filter(name="Platform").exists()


def test_it_renames_with_if_match_and_answers_412_when_stale(platform, mia):
    manager = client_for(mia)
    first = manager.get(team_url(platform))
    renamed = manager.patch(
        team_url(platform),
        {"name": "Platform engineering"},
        format="json",
        headers={"If-Match": first["ETag"]},
    )
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Platform engineering"
    stale = manager.patch(
        team_url(platform), {"description": "x"}, headers={"If-Match": first["ETag"]}
    )
    assert_error(stale, 412, "PRECONDITION_FAILED")
    assert stale.json()["current"]["name"] == "Platform engineering"
    again = manager.get(team_url(platform), headers={"If-None-Match": renamed["ETag"]})
    assert again.status_code == 304


def test_it_refuses_to_empty_a_team_that_is_a_workloads_only_acting_owner(
    platform, tess, mia, alice, staff
):
    """The older finding: removing the last members of an owner team (or deleting it) must not
    leave a workload without anyone who can act as owner."""
    lonely = WorkloadFactory(name="Lonely", owner=alice)
    WorkloadMember.objects.create(workload=lonely, team=platform, role=Role.OWNER)
    WorkloadMember.objects.filter(workload=lonely, user=alice).delete()
    admin = client_for(staff)
    assert admin.delete(team_url(platform, "members", "mia")).status_code == 204
    refused = admin.delete(team_url(platform, "members", "tess"))
    body = assert_error(refused, 409, "LAST_OWNER")
    assert "'Lonely'" in body["message"]
    assert body["workloads"] == [{"id": lonely.pk, "name": "Lonely"}]
    assert_error(admin.delete(team_url(platform)), 409, "LAST_OWNER")
    assert TeamMembership.objects.filter(team=platform, user=tess).exists()
    # With another owner who can act, both go through.
    WorkloadMember.objects.create(workload=lonely, user=alice, role=Role.OWNER)
    assert admin.delete(team_url(platform, "members", "tess")).status_code == 204
    assert admin.delete(team_url(platform)).status_code == 204
    assert Activity.objects.filter(workload=lonely, verb="team.delete").exists()


def test_it_keeps_a_team_as_a_workload_member_working(team, tess, workload, clients):
    added = clients["owner"].post(url(workload, "members"), {"team": "Platform", "role": "READER"})
    assert added.status_code == 201
    assert client_for(tess).get(url(workload)).json()["role"] == "READER"


def test_it_refuses_unknown_query_parameters(platform, tess):
    assert_error(
        client_for(tess).get(TEAMS + "?nmae=x"), 400, "UNKNOWN_PARAMETER", field="nmae", query=True
    )
