"""Question assignees (issue 18 item 2): a member user or team, an optional due date."""

from __future__ import annotations

from reviews.choices import Role
from reviews.models import Activity, QuestionAssignee
from reviews.selectors.comments import questions_assigned_to
from tests.reviews.factories import TRICKY_SLUG, TeamFactory
from tests.reviews.helpers import answer_url, assert_error


def assignee_url(workload, question_key: str = "p1q1") -> str:
    return answer_url(workload, TRICKY_SLUG, question_key, "assignee").rstrip("/")


def put(client, workload, body: dict, **headers):
    return client.patch(assignee_url(workload), body, format="json", headers=headers)


def test_a_contributor_assigns_a_member_with_a_due_date(workload, clients, bob, dora, charlie):
    nobody = clients["reader"].get(assignee_url(workload))
    assert nobody.json() == {
        "user": None,
        "team": None,
        "due_date": None,
        "assigned_by": None,
        "assigned_at": None,
        "version": 0,
    }
    done = put(
        clients["contributor"], workload, {"user": {"username": "dora"}, "due_date": "2027-01-15"}
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["user"]["username"], body["team"], body["due_date"]) == (
        "dora",
        None,
        "2027-01-15",
    )
    assert (body["assigned_by"]["username"], body["version"]) == ("bob", 1)
    assert done["ETag"] == '"1"'
    assert [a.question_key for a in questions_assigned_to(dora)] == ["p1q1"]
    assert list(questions_assigned_to(bob)) == []
    assert Activity.objects.filter(verb="question.assign").count() == 1
    # A stale If-Match changes nothing.
    stale = put(clients["owner"], workload, {"user": {"username": "bob"}}, **{"If-Match": '"0"'})
    assert assert_error(stale, 412, "PRECONDITION_FAILED")["current"]["user"]["username"] == "dora"
    # Only members; exactly one of user and team.
    assert_error(
        put(clients["owner"], workload, {"user": {"username": "charlie"}}),
        400,
        "VALIDATION_ERROR",
        field="user",
    )
    assert_error(
        put(clients["owner"], workload, {"due_date": "2027-01-15"}), 400, "VALIDATION_ERROR"
    )
    assert_error(
        put(clients["owner"], workload, {"team": "Nobody"}), 400, "VALIDATION_ERROR", field="team"
    )
    assert QuestionAssignee.objects.get().user == dora


def test_a_team_is_assigned_and_its_members_see_it(workload, clients, dora):
    TeamFactory(name="Platform", members=[dora])
    workload.members.create(team=dora.review_teams.get(), role=Role.READER)
    done = put(clients["owner"], workload, {"team": "Platform"})
    assert done.json()["team"]["name"] == "Platform"
    assert [a.question_key for a in questions_assigned_to(dora)] == ["p1q1"]
    assert clients["owner"].delete(assignee_url(workload)).status_code == 204
    assert clients["reader"].get(assignee_url(workload)).json()["version"] == 0
    assert Activity.objects.filter(verb="question.unassign").count() == 1


def test_readers_may_not_assign_and_outsiders_see_nothing(workload, clients):
    assert_error(
        put(clients["reader"], workload, {"user": {"username": "dora"}}), 403, "PERMISSION_DENIED"
    )
    assert clients["outsider"].get(assignee_url(workload)).status_code == 404
    assert clients["owner"].get(assignee_url(workload, "nope")).status_code == 404
    assert not QuestionAssignee.objects.exists()
