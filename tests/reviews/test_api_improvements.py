"""The improvement plan and the tracking of its items (owner, due date, status, note)."""

from __future__ import annotations

import pytest

from reviews.choices import Role
from reviews.models import Activity, ImprovementItem
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import assert_error, listed, patch_answer, review_url, select, url


def plan(client, workload, query: str = "") -> list[dict]:
    return listed(client, review_url(workload, TRICKY_SLUG, "improvements") + query)


def item_url(workload, question_key: str, choice_key: str) -> str:
    return review_url(workload, TRICKY_SLUG, "improvements", question_key, choice_key)


def track(client, workload, question_key: str, choice_key: str, **fields):
    return client.patch(item_url(workload, question_key, choice_key), fields, format="json")


@pytest.fixture
def answered(workload, clients):
    """p1q1 HIGH (nothing useful), p1q2 MEDIUM (c1), p2q1 MEDIUM (c2), p2q2 HIGH (c3)."""
    owner = clients["owner"]
    select(owner, workload, TRICKY_SLUG, "p1q1", "no")
    select(owner, workload, TRICKY_SLUG, "p1q2", "c1")
    select(owner, workload, TRICKY_SLUG, "p2q1", "c2")
    select(owner, workload, TRICKY_SLUG, "p2q2", "c3")
    return workload


def test_it_lists_unselected_best_practices_of_high_and_medium_questions(answered, clients):
    body = plan(clients["reader"], answered)
    assert [(e["question_key"], e["risk"]) for e in body] == [
        ("p1q1", "HIGH"),
        ("p2q2", "HIGH"),
        ("p1q2", "MEDIUM"),
        ("p2q1", "MEDIUM"),
    ]
    items = {e["question_key"]: [i["choice_key"] for i in e["items"]] for e in body}
    assert items == {
        "p1q1": ["p1q1_c1", "p1q1_c2", "p1q1_c3"],
        "p2q2": ["p2q2_c1", "p2q2_c2"],
        "p1q2": ["p1q2_c2", "p1q2_c3"],
        "p2q1": ["p2q1_c1", "p2q1_c3"],
    }
    first = body[0]
    assert (first["pillar"], first["pillar_name"], first["phase"], first["phase_name"]) == (
        "pillar1",
        "Pillar 1",
        "build",
        "Build",
    )
    assert body[1]["phase"] is None
    item = first["items"][0]
    assert item["improvement_plan_text"] == "Start doing p1q1_c1."
    assert item["helpful_resource_url"] == "https://example.com/p1q1_c1"
    assert item["title"] == "Practice p1q1_c1"
    assert (item["owner"], item["due_date"], item["status"], item["note"]) == (
        None,
        None,
        "OPEN",
        "",
    )


def test_it_orders_by_risk_then_pillar_priorities_then_lens_order(answered, clients):
    clients["owner"].patch(url(answered), {"pillar_priorities": ["pillar2"]}, format="json")
    assert [e["question_key"] for e in plan(clients["reader"], answered)] == [
        "p2q2",
        "p1q1",
        "p2q1",
        "p1q2",
    ]
    clients["owner"].patch(
        url(answered), {"pillar_priorities": ["pillar1", "pillar2"]}, format="json"
    )
    assert [e["question_key"] for e in plan(clients["reader"], answered)] == [
        "p1q1",
        "p2q2",
        "p1q2",
        "p2q1",
    ]


def test_it_has_an_empty_plan_when_nothing_is_at_risk(workload, clients):
    assert plan(clients["reader"], workload) == []
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "c1")  # NONE
    assert plan(clients["reader"], workload) == []


def test_it_tracks_an_item(answered, clients, bob):
    response = track(
        clients["contributor"],
        answered,
        "p1q1",
        "p1q1_c2",
        owner="bob",
        due_date="2026-03-31",
        status="IN_PROGRESS",
        note="Bob drafts the runbook.",
    )
    assert response.status_code == 200, response.json()
    expected = {
        "owner": {"id": bob.pk, "username": "bob"},
        "due_date": "2026-03-31",
        "status": "IN_PROGRESS",
        "note": "Bob drafts the runbook.",
    }
    assert response.json() | expected == response.json()
    assert response.json()["question_key"] == "p1q1"
    item = plan(clients["reader"], answered)[0]["items"][1]
    assert item | expected == item
    activity = Activity.objects.get(verb="improvement.update")
    # The item's keys too, so the feed can name it (issue 12 finding 16).
    assert activity.data == {
        "fields": ["owner", "due_date", "status", "note"],
        "question": "p1q1",
        "choice": "p1q1_c2",
    }
    assert "in progress" in activity.summary
    # partial changes keep the rest; null clears the owner and the due date
    body = track(clients["owner"], answered, "p1q1", "p1q1_c2", owner=None, due_date=None).json()
    assert (body["owner"], body["due_date"], body["status"]) == (None, None, "IN_PROGRESS")


def test_it_filters_the_plan_by_item_status(answered, clients):
    track(clients["owner"], answered, "p1q1", "p1q1_c2", status="DONE")
    track(clients["owner"], answered, "p2q1", "p2q1_c3", status="RISK_ACCEPTED")
    done = plan(clients["reader"], answered, "?status=DONE,RISK_ACCEPTED")
    assert [(e["question_key"], [i["choice_key"] for i in e["items"]]) for e in done] == [
        ("p1q1", ["p1q1_c2"]),
        ("p2q1", ["p2q1_c3"]),
    ]
    open_items = plan(clients["reader"], answered, "?status=OPEN")
    assert sum(len(e["items"]) for e in open_items) == 7


def test_it_accepts_as_owner_a_member_through_a_team(answered, clients, team, tess):
    answered.members.create(team=team, role=Role.READER)
    response = track(clients["owner"], answered, "p1q1", "p1q1_c1", owner="tess")
    assert response.json()["owner"]["username"] == "tess"


def test_it_takes_the_owner_as_the_api_shows_users(answered, clients, bob):
    by_name = track(clients["owner"], answered, "p1q1", "p1q1_c1", owner={"username": "bob"})
    assert by_name.json()["owner"] == {"id": bob.pk, "username": "bob"}
    by_id = track(clients["owner"], answered, "p1q1", "p1q1_c2", owner={"id": bob.pk})
    assert by_id.json()["owner"] == {"id": bob.pk, "username": "bob"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"owner": "charlie"}, "owner"),
        ({"owner": "nobody"}, "owner"),
        ({"owner": {"username": "nobody"}}, "owner"),
        ({"owner": {"login": "bob"}}, "owner"),
        ({"due_date": "31/03/2026"}, "due_date"),
        ({"status": "FORGOTTEN"}, "status"),
        ({"note": "n" * 2001}, "note"),
    ],
)
def test_it_refuses_invalid_tracking(fields, field, answered, clients, charlie):
    response = track(clients["owner"], answered, "p1q1", "p1q1_c1", **fields)
    assert_error(response, 400, "VALIDATION_ERROR", field=field)
    assert not ImprovementItem.objects.exists()


def test_it_refuses_an_owner_from_another_workload(answered, clients, charlie):
    WorkloadFactory(owner=charlie, name="Charlie's")
    response = track(clients["owner"], answered, "p1q1", "p1q1_c1", owner="charlie")
    body = assert_error(response, 400, "VALIDATION_ERROR", field="owner")
    assert body["errors"][0]["code"] == "NOT_MEMBER"


@pytest.mark.parametrize(
    ("question_key", "choice_key"),
    [
        ("p1q2", "p1q2_c1"),  # selected
        ("p1q1", "p1q1_no"),  # "None of these"
        ("p2q1", "p2q1_c2"),  # selected
        ("p9q9", "p9q9_c1"),  # no such question
        ("p1q1", "p1q2_c1"),  # another question's choice
    ],
)
def test_it_answers_404_for_an_item_not_in_the_plan(question_key, choice_key, answered, clients):
    response = track(clients["owner"], answered, question_key, choice_key, status="DONE")
    assert_error(response, 404, "NOT_FOUND")
    assert not ImprovementItem.objects.exists()


def test_it_answers_404_for_items_of_questions_not_at_risk(workload, clients):
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "c1")  # NONE: c2, c3 unselected
    assert_error(
        track(clients["owner"], workload, "p1q1", "p1q1_c2", status="DONE"), 404, "NOT_FOUND"
    )
    patch_answer(
        clients["owner"],
        workload,
        TRICKY_SLUG,
        "p1q2",
        selected_choices=["p1q2_c1"],
        choice_statuses={"p1q2_c3": {"status": "NOT_APPLICABLE"}},
    )
    assert_error(
        track(clients["owner"], workload, "p1q2", "p1q2_c3", status="DONE"), 404, "NOT_FOUND"
    )


def test_it_keeps_tracking_across_answer_changes_while_the_item_is_in_the_plan(answered, clients):
    owner = clients["owner"]
    track(owner, answered, "p1q1", "p1q1_c2", status="IN_PROGRESS", note="Started.")
    # p1q1 moves HIGH -> MEDIUM (c3 alone) -> HIGH (c1, c3): c2 stays unselected throughout
    select(owner, answered, TRICKY_SLUG, "p1q1", "c3")
    patch_answer(owner, answered, TRICKY_SLUG, "p1q1", notes="More context.")
    select(owner, answered, TRICKY_SLUG, "p1q1", "c1", "c3")
    entry = next(e for e in plan(owner, answered) if e["question_key"] == "p1q1")
    item = next(i for i in entry["items"] if i["choice_key"] == "p1q1_c2")
    assert (item["status"], item["note"]) == ("IN_PROGRESS", "Started.")
    assert entry["risk"] == "HIGH"


@pytest.mark.parametrize(
    "leave",
    [
        {"selected_choices": ["p1q1_c2", "p1q1_c3"]},  # the practice is now selected (HIGH)
        {"choice_statuses": {"p1q1_c2": {"status": "NOT_APPLICABLE"}}},
        {"selected_choices": ["p1q1_c1", "p1q1_c2"]},  # the question is now NONE
        {"is_applicable": False},
    ],
    ids=["selected", "not-applicable", "no-risk", "question-not-applicable"],
)
def test_it_starts_afresh_when_an_item_comes_back_to_the_plan(leave, answered, clients):
    owner = clients["owner"]
    track(owner, answered, "p1q1", "p1q1_c2", status="DONE", note="Was done.")
    track(owner, answered, "p1q1", "p1q1_c1", status="IN_PROGRESS")
    patch_answer(owner, answered, TRICKY_SLUG, "p1q1", **leave)
    items = [i["choice_key"] for e in plan(owner, answered) for i in e["items"]]
    assert "p1q1_c2" not in items
    patch_answer(
        owner,
        answered,
        TRICKY_SLUG,
        "p1q1",
        is_applicable=True,
        selected_choices=["p1q1_no"],
        choice_statuses={"p1q1_c2": {"status": "UNSELECTED"}},
    )
    entry = plan(owner, answered)[0]
    assert entry["question_key"] == "p1q1"
    back = {i["choice_key"]: (i["status"], i["note"]) for i in entry["items"]}
    assert back["p1q1_c2"] == ("OPEN", "")
