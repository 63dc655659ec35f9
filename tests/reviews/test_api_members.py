"""Members and roles: users and teams, only owners manage them, the last owner stays."""

from __future__ import annotations

import pytest

from reviews.choices import Role
from reviews.models import Activity, WorkloadMember
from tests.fixtures.users import UserFactory, client_for
from tests.reviews.factories import TRICKY_SLUG, TeamFactory, WorkloadFactory
from tests.reviews.helpers import assert_error, listed, patch_answer, url


def members(client, workload) -> dict[str, str]:
    """``{"user:alice": "OWNER", "team:Platform": "READER", ...}`` as the API lists them."""
    return {
        f"user:{m['user']['username']}" if m["user"] else f"team:{m['team']['name']}": m["role"]
        for m in listed(client, url(workload, "members"))
    }


def member_id(workload, **who) -> int:
    return WorkloadMember.objects.get(workload=workload, **who).pk


def test_it_lists_members_with_their_roles(workload, clients):
    assert members(clients["reader"], workload) == {
        "user:alice": "OWNER",
        "user:bob": "CONTRIBUTOR",
        "user:dora": "READER",
    }


def test_it_adds_a_user_who_then_sees_the_workload(workload, clients, charlie):
    response = clients["owner"].post(
        url(workload, "members"), {"user": "charlie", "role": "READER"}
    )
    assert response.status_code == 201
    assert response.json()["user"] == {"id": charlie.pk, "username": "charlie"}
    assert response.json()["team"] is None
    assert clients["outsider"].get(url(workload)).json()["role"] == "READER"
    assert Activity.objects.filter(verb="member.add", summary__contains="charlie").exists()


def test_it_takes_a_user_as_it_shows_one_and_the_bare_username_still(workload, clients, charlie):
    owner = clients["owner"]
    added = owner.post(
        url(workload, "members"), {"user": {"username": "charlie"}, "role": "READER"}, format="json"
    )
    assert added.status_code == 201, added.content
    assert added.json()["user"] == {"id": charlie.pk, "username": "charlie"}
    by_id = owner.patch(
        url(workload, "members"), {"user": {"id": charlie.pk}, "role": "CONTRIBUTOR"}, format="json"
    )
    assert by_id.json()["role"] == "CONTRIBUTOR"
    assert (
        owner.delete(url(workload, "members"), {"user": "charlie"}, format="json").status_code
        == 204
    )
    for bad in ({"name": "charlie"}, {"username": ""}, {"id": "7"}, ["charlie"], 7):
        response = owner.post(
            url(workload, "members"), {"user": bad, "role": "READER"}, format="json"
        )
        assert_error(response, 400, "VALIDATION_ERROR", field="user")
    assert_error(
        owner.post(url(workload, "members"), {"user": {"id": 0}, "role": "READER"}, format="json"),
        400,
        "VALIDATION_ERROR",
        field="user",
    )
    assert "user:charlie" not in members(owner, workload)


def test_it_gives_a_teams_members_access_with_the_teams_role(workload, clients, team, tess):
    teammate = client_for(tess)
    assert teammate.get(url(workload)).status_code == 404
    response = clients["owner"].post(
        url(workload, "members"), {"team": "Platform", "role": "READER"}
    )
    assert response.status_code == 201
    assert response.json()["team"] == {"id": team.pk, "name": "Platform"}
    assert teammate.get(url(workload)).json()["role"] == "READER"
    answer = patch_answer(teammate, workload, TRICKY_SLUG, "p1q1", notes="x")
    assert_error(answer, 403, "PERMISSION_DENIED")

    clients["owner"].patch(
        url(workload, "members", str(member_id(workload, team=team))), {"role": "CONTRIBUTOR"}
    )
    assert patch_answer(teammate, workload, TRICKY_SLUG, "p1q1", notes="x").status_code == 200
    # leaving the team ends the access
    team.members.remove(tess)
    assert teammate.get(url(workload)).status_code == 404


def test_it_uses_the_strongest_of_a_users_own_and_team_roles(workload, clients, dora):
    team = TeamFactory(name="Reviewers", members=[dora])
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.OWNER)
    assert clients["reader"].get(url(workload)).json()["role"] == "OWNER"


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"user": "bob", "role": "READER"}, 409, "ALREADY_MEMBER", None),
        ({"user": "nobody", "role": "READER"}, 400, "VALIDATION_ERROR", "user"),
        ({"team": "Nobody", "role": "READER"}, 400, "VALIDATION_ERROR", "team"),
        (
            {"user": "charlie", "team": "Platform", "role": "READER"},
            400,
            "VALIDATION_ERROR",
            "user",
        ),
        ({"role": "READER"}, 400, "VALIDATION_ERROR", "user"),
        ({"user": "charlie", "role": "ADMIN"}, 400, "VALIDATION_ERROR", "role"),
        ({"user": "charlie"}, 400, "VALIDATION_ERROR", "role"),
    ],
)
def test_it_refuses_bad_new_members(body, status, code, field, workload, clients, charlie, team):
    before = members(clients["owner"], workload)
    response = clients["owner"].post(url(workload, "members"), body, format="json")
    assert_error(response, status, code, field=field)
    assert members(clients["owner"], workload) == before


def test_it_refuses_a_team_twice(workload, clients, team):
    body = {"team": "Platform", "role": "READER"}
    assert clients["owner"].post(url(workload, "members"), body).status_code == 201
    assert_error(clients["owner"].post(url(workload, "members"), body), 409, "ALREADY_MEMBER")


def test_it_refuses_an_inactive_user(workload, clients):
    UserFactory(username="gone", is_active=False)
    response = clients["owner"].post(url(workload, "members"), {"user": "gone", "role": "READER"})
    assert_error(response, 400, "VALIDATION_ERROR", field="user")


def test_it_lets_only_owners_manage_members(workload, clients):
    contributor = clients["contributor"]
    target = url(workload, "members", str(member_id(workload, user__username="dora")))
    assert_error(
        contributor.post(url(workload, "members"), {"user": "charlie", "role": "READER"}),
        403,
        "PERMISSION_DENIED",
    )
    assert_error(contributor.patch(target, {"role": "OWNER"}), 403, "PERMISSION_DENIED")
    assert_error(contributor.delete(target), 403, "PERMISSION_DENIED")
    assert members(clients["owner"], workload)["user:dora"] == "READER"


def test_it_changes_a_role_by_id_or_by_name(workload, clients):
    owner = clients["owner"]
    target = url(workload, "members", str(member_id(workload, user__username="dora")))
    assert owner.patch(target, {"role": "CONTRIBUTOR"}).json()["role"] == "CONTRIBUTOR"
    response = owner.patch(url(workload, "members"), {"user": "dora", "role": "OWNER"})
    assert response.json()["role"] == "OWNER"
    assert members(owner, workload)["user:dora"] == "OWNER"
    assert Activity.objects.filter(verb="member.update").count() == 2


def test_it_gives_a_user_member_a_url_by_username_too(workload, clients, charlie):
    owner = clients["owner"]
    by_name = url(workload, "members", "dora")
    assert owner.get(by_name).json()["id"] == member_id(workload, user__username="dora")
    assert owner.patch(by_name, {"role": "CONTRIBUTOR"}).json()["role"] == "CONTRIBUTOR"
    assert owner.get(url(workload, "members", "charlie")).status_code == 404  # not a member
    assert clients["outsider"].get(by_name).status_code == 404
    assert owner.delete(by_name).status_code == 204
    assert "user:dora" not in members(owner, workload)


def test_it_needs_a_role_and_a_member_on_the_collection(workload, clients):
    owner = clients["owner"]
    assert_error(
        owner.patch(url(workload, "members"), {"user": "dora"}),
        400,
        "VALIDATION_ERROR",
        field="role",
    )
    assert_error(
        owner.patch(url(workload, "members"), {"role": "READER"}),
        400,
        "VALIDATION_ERROR",
        field="id",
    )
    assert_error(
        owner.delete(url(workload, "members"), {}, format="json"),
        400,
        "VALIDATION_ERROR",
        field="id",
    )
    assert_error(
        owner.patch(url(workload, "members"), {"user": "charlie", "role": "READER"}),
        404,
        "NOT_FOUND",
    )


def test_it_removes_a_member_who_then_loses_access(workload, clients):
    owner = clients["owner"]
    target = url(workload, "members", str(member_id(workload, user__username="dora")))
    assert owner.delete(target).status_code == 204
    assert clients["reader"].get(url(workload)).status_code == 404
    assert owner.get(target).status_code == 404
    assert owner.delete(url(workload, "members"), {"user": "bob"}, format="json").status_code == 204
    assert members(owner, workload) == {"user:alice": "OWNER"}
    assert Activity.objects.filter(verb="member.remove").count() == 2


def test_it_keeps_the_last_owner(workload, clients, alice):
    owner = clients["owner"]
    mine = url(workload, "members", str(member_id(workload, user=alice)))
    assert_error(owner.patch(mine, {"role": "READER"}), 409, "LAST_OWNER")
    assert_error(owner.delete(mine), 409, "LAST_OWNER")
    assert_error(
        owner.patch(url(workload, "members"), {"user": "alice", "role": "CONTRIBUTOR"}),
        409,
        "LAST_OWNER",
    )
    assert_error(
        owner.delete(url(workload, "members"), {"user": "alice"}, format="json"), 409, "LAST_OWNER"
    )
    # staff cannot remove the last owner either
    assert_error(clients["staff"].delete(mine), 409, "LAST_OWNER")
    assert members(owner, workload)["user:alice"] == "OWNER"


def test_it_lets_an_owner_step_down_once_there_is_another(workload, clients, alice):
    owner = clients["owner"]
    owner.patch(url(workload, "members"), {"user": "bob", "role": "OWNER"})
    mine = url(workload, "members", str(member_id(workload, user=alice)))
    assert owner.patch(mine, {"role": "READER"}).status_code == 200
    # now alice reads only; bob is the last owner
    assert_error(
        owner.delete(url(workload, "members"), {"user": "dora"}, format="json"),
        403,
        "PERMISSION_DENIED",
    )
    bob_member = url(workload, "members", str(member_id(workload, user__username="bob")))
    assert_error(clients["contributor"].delete(bob_member), 409, "LAST_OWNER")


def test_it_counts_an_owning_team_as_another_owner(workload, clients, alice, team):
    owner = clients["owner"]
    owner.post(url(workload, "members"), {"team": "Platform", "role": "OWNER"})
    assert (
        owner.delete(url(workload, "members", str(member_id(workload, user=alice)))).status_code
        == 204
    )
    assert clients["owner"].get(url(workload)).status_code == 404


def test_it_does_not_reach_members_of_another_workload(workload, clients, charlie):
    other = WorkloadFactory(owner=charlie, members=[])
    foreign = member_id(other, user=charlie)
    target = url(workload, "members", str(foreign))
    assert_error(clients["owner"].get(target), 404, "NOT_FOUND")
    assert_error(clients["owner"].delete(target), 404, "NOT_FOUND")
    assert WorkloadMember.objects.filter(pk=foreign).exists()
