"""Answering through the API: reading, changing with versions, conflicts, and history."""

from __future__ import annotations

import pytest

from reviews.models import Answer, AnswerChange
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import answer_url, assert_error, listed, patch_answer, review_url, select


def answers(client, workload, query: str = "") -> list[dict]:
    return listed(client, review_url(workload, TRICKY_SLUG, "answers") + query)


# --- reading --------------------------------------------------------------------------------


def test_it_lists_every_question_in_lens_order_with_its_choices(workload, clients):
    body = answers(clients["reader"], workload)
    assert [a["question_key"] for a in body] == ["p1q1", "p1q2", "p2q1", "p2q2"]
    first = body[0]
    assert (first["pillar"], first["phase"], first["risk"], first["version"]) == (
        "pillar1",
        "build",
        "UNANSWERED",
        0,
    )
    assert [c["key"] for c in first["choices"]] == ["p1q1_c1", "p1q1_c2", "p1q1_c3", "p1q1_no"]
    assert [c["is_none"] for c in first["choices"]] == [False, False, False, True]
    assert first["choice_statuses"] == {
        key: {"status": "UNSELECTED"} for key in ("p1q1_c1", "p1q1_c2", "p1q1_c3", "p1q1_no")
    }
    assert first["helpful_resource"] == {
        "display_text": "Read this.",
        "url": "https://example.com/p1q1",
    }
    assert body[3]["phase"] == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?pillar=pillar2", ["p2q1", "p2q2"]),
        ("?phase=build", ["p1q1", "p2q1"]),
        ("?pillar=pillar1&phase=run", ["p1q2"]),
        ("?risk=HIGH", ["p1q1"]),
        ("?risk=HIGH,MEDIUM", ["p1q1", "p2q1"]),
        ("?risk=UNANSWERED", ["p1q2", "p2q2"]),
    ],
)
def test_it_filters_answers(query, expected, workload, clients):
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "no")
    select(clients["owner"], workload, TRICKY_SLUG, "p2q1", "c1")
    assert [a["question_key"] for a in answers(clients["reader"], workload, query)] == expected


def test_it_refuses_an_unknown_risk_filter(workload, clients):
    response = clients["reader"].get(review_url(workload, TRICKY_SLUG, "answers") + "?risk=BAD")
    body = assert_error(response, 400, "INVALID_PARAMETER", field="risk", query=True)
    assert body["errors"][0]["code"] == "INVALID_CHOICE"


def test_it_answers_404_for_an_unknown_question_or_lens(workload, clients):
    assert_error(clients["reader"].get(answer_url(workload, TRICKY_SLUG, "p9q9")), 404, "NOT_FOUND")
    response = clients["owner"].patch(
        answer_url(workload, TRICKY_SLUG, "p9q9"), {"version": 0}, format="json"
    )
    assert_error(response, 404, "NOT_FOUND")
    assert_error(clients["reader"].get(review_url(workload, "nope", "answers")), 404, "NOT_FOUND")


def test_each_answer_counts_the_items_it_puts_in_the_improvement_plan(workload, clients):
    """Issue 14: the server's one plan rule says how many improvement items an answer holds
    (the review page adds these up instead of recomputing the plan); GET, PATCH and the
    improvement plan agree."""
    owner = clients["owner"]
    assert {a["plan_item_count"] for a in answers(clients["reader"], workload)} == {0}
    body = select(owner, workload, TRICKY_SLUG, "p1q1", "no")
    assert (body["risk"], body["plan_item_count"]) == ("HIGH", 3)  # c1, c2, c3
    body = select(owner, workload, TRICKY_SLUG, "p1q1", "c3")
    assert (body["risk"], body["plan_item_count"]) == ("MEDIUM", 2)  # c1, c2
    statuses = {
        "p1q1_c1": {"status": "NOT_APPLICABLE"},
        "p1q1_c2": {"status": "UNSELECTED"},
        "p1q1_c3": {"status": "SELECTED"},
        "p1q1_no": {"status": "UNSELECTED"},
    }
    body = patch_answer(owner, workload, TRICKY_SLUG, "p1q1", choice_statuses=statuses).json()
    assert (body["risk"], body["plan_item_count"]) == ("MEDIUM", 1)  # c2
    assert owner.get(answer_url(workload, TRICKY_SLUG, "p1q1")).json() == body
    plan = listed(owner, review_url(workload, TRICKY_SLUG, "improvements"))
    assert [(entry["question_key"], len(entry["items"])) for entry in plan] == [("p1q1", 1)]
    body = patch_answer(
        owner, workload, TRICKY_SLUG, "p1q1", is_applicable=False, reason="OUT_OF_SCOPE"
    ).json()
    assert (body["risk"], body["plan_item_count"]) == ("NOT_APPLICABLE", 0)


# --- changing -------------------------------------------------------------------------------


def test_it_stores_a_change_with_its_author_and_a_new_version(workload, clients, bob):
    response = patch_answer(
        clients["contributor"],
        workload,
        TRICKY_SLUG,
        "p1q1",
        selected_choices=["p1q1_c2", "p1q1_c1", "p1q1_c1"],
        notes="We *do* review this.\n",
    )
    assert response.status_code == 200
    body = response.json()
    # lens order, duplicates dropped; notes kept byte for byte
    assert body["selected_choices"] == ["p1q1_c1", "p1q1_c2"]
    assert body["notes"] == "We *do* review this.\n"
    assert (body["risk"], body["version"]) == ("NONE", 1)
    assert body["updated_by"] == {"id": bob.pk, "username": "bob"}
    assert body["updated_at"]
    stored = Answer.objects.get(question_key="p1q1")
    assert (stored.risk, stored.version, stored.updated_by) == ("NONE", 1, bob)


def test_it_needs_the_version_it_was_based_on(workload, clients):
    response = clients["owner"].patch(
        answer_url(workload, TRICKY_SLUG, "p1q1"), {"notes": "x"}, format="json"
    )
    assert_error(response, 400, "VALIDATION_ERROR", field="version")


def test_it_refuses_a_stale_version_with_the_current_answer(workload, clients):
    """Issue 14 part 2: a 409's ``current`` is exactly the GET representation."""
    first, second = clients["owner"], clients["contributor"]
    target = answer_url(workload, TRICKY_SLUG, "p1q1")
    version = second.get(target).json()["version"]
    select(first, workload, TRICKY_SLUG, "p1q1", "c3")
    history = AnswerChange.objects.count()

    response = second.patch(
        target, {"version": version, "selected_choices": ["p1q1_c1"], "notes": "Mine"}
    )
    body = assert_error(response, 409, "CONFLICT")
    assert body["current"] == second.get(target).json()
    assert body["current"]["selected_choices"] == ["p1q1_c3"]
    assert (body["current"]["risk"], body["current"]["version"]) == ("MEDIUM", 1)
    assert body["current"]["updated_by"]["username"] == first.handler._force_user.username
    stored = Answer.objects.get(question_key="p1q1")
    assert (stored.selected_choices, stored.notes, stored.version) == (["p1q1_c3"], "", 1)
    assert AnswerChange.objects.count() == history
    # with the current version, the same change goes through
    retry = second.patch(
        target, {"version": 1, "selected_choices": ["p1q1_c1"]}, format="json"
    ).json()
    assert (retry["version"], retry["risk"]) == (2, "NONE")


def test_it_refuses_a_version_from_the_future(workload, clients):
    response = clients["owner"].patch(
        answer_url(workload, TRICKY_SLUG, "p1q1"), {"version": 5, "notes": "x"}, format="json"
    )
    assert_error(response, 409, "CONFLICT")


def test_it_keeps_the_version_for_a_change_that_changes_nothing(workload, clients):
    client = clients["owner"]
    select(client, workload, TRICKY_SLUG, "p1q1", "c1", "c2")
    for same in (
        {"selected_choices": ["p1q1_c2", "p1q1_c1"]},
        {"choice_statuses": {"p1q1_c1": {"status": "SELECTED"}}},
        {"is_applicable": True, "reason": "OTHER"},
        {},
    ):
        response = patch_answer(client, workload, TRICKY_SLUG, "p1q1", **same)
        assert response.status_code == 200
        assert response.json()["version"] == 1
    assert AnswerChange.objects.count() == 1


def test_it_stores_choice_statuses(workload, clients):
    response = patch_answer(
        clients["owner"],
        workload,
        TRICKY_SLUG,
        "p1q2",
        choice_statuses={
            "p1q2_c1": {"status": "SELECTED"},
            "p1q2_c2": {"status": "NOT_APPLICABLE", "reason": "OUT_OF_SCOPE", "notes": "Batch."},
            "p1q2_c3": {"status": "UNSELECTED"},
        },
    )
    body = response.json()
    assert body["selected_choices"] == ["p1q2_c1"]
    assert body["choice_statuses"] == {
        "p1q2_c1": {"status": "SELECTED"},
        "p1q2_c2": {"status": "NOT_APPLICABLE", "reason": "OUT_OF_SCOPE", "notes": "Batch."},
        "p1q2_c3": {"status": "UNSELECTED"},
        "p1q2_no": {"status": "UNSELECTED"},
    }
    # selecting a not-applicable choice makes it applicable again
    body = select(clients["owner"], workload, TRICKY_SLUG, "p1q2", "c1", "c2")
    assert body["choice_statuses"]["p1q2_c2"] == {"status": "SELECTED"}
    assert Answer.objects.get(question_key="p1q2").choice_statuses == {}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        (
            {"choice_statuses": {"p1q1_no": {"status": "NOT_APPLICABLE"}}},
            "choice_statuses.p1q1_no",
            "NONE_NOT_APPLICABLE",
        ),
        (
            {"choice_statuses": {"p1q1_c1": {"status": "NOT_APPLICABLE", "notes": "n" * 251}}},
            "choice_statuses.p1q1_c1.notes",
            "MAX_LENGTH",
        ),
        (
            {"choice_statuses": {"p1q1_c1": {"status": "MAYBE"}}},
            "choice_statuses.p1q1_c1.status",
            "INVALID_CHOICE",
        ),
        (
            {"choice_statuses": {"p1q1_c1": {"status": "NOT_APPLICABLE", "reason": "LAZY"}}},
            "choice_statuses.p1q1_c1.reason",
            "INVALID_CHOICE",
        ),
        ({"notes": "n" * 10_001}, "notes", "MAX_LENGTH"),
        ({"is_applicable": False, "reason": "BORED"}, "reason", "INVALID_CHOICE"),
        ({"selected_choices": "p1q1_c1"}, "selected_choices", "NOT_A_LIST"),
        ({"version": -1}, "version", "MIN_VALUE"),
    ],
)
def test_it_refuses_invalid_answers_and_changes_nothing(changes, field, code, workload, clients):
    response = patch_answer(clients["owner"], workload, TRICKY_SLUG, "p1q1", **changes)
    body = assert_error(response, 400, "VALIDATION_ERROR", field=field)
    assert code in {error["code"] for error in body["errors"]}
    stored = Answer.objects.get(question_key="p1q1")
    assert (stored.version, stored.notes, stored.is_applicable) == (0, "", True)
    assert not AnswerChange.objects.exists()


def test_it_accepts_notes_of_10000_characters(workload, clients):
    notes = "<script>alert(1)</script> " + "n" * 9_974
    response = patch_answer(clients["owner"], workload, TRICKY_SLUG, "p1q1", notes=notes)
    assert response.status_code == 200
    assert response.json()["notes"] == notes


# --- history --------------------------------------------------------------------------------


def test_it_records_every_accepted_change_in_the_history(workload, clients, alice, bob):
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "c3")
    patch_answer(clients["contributor"], workload, TRICKY_SLUG, "p1q1", notes="Checked.")
    patch_answer(clients["contributor"], workload, TRICKY_SLUG, "p1q1", notes="Checked.")  # no-op
    patch_answer(clients["owner"], workload, TRICKY_SLUG, "p1q1", version=0, notes="stale")
    response = clients["reader"].get(answer_url(workload, TRICKY_SLUG, "p1q1", "history"))
    assert response.status_code == 200
    history = response.json()["results"]
    assert [(h["version"], h["actor"]["username"]) for h in history] == [(2, "bob"), (1, "alice")]
    newest, oldest = history
    assert oldest["before"]["risk"] == "UNANSWERED"
    assert oldest["before"]["version"] == 0
    assert (oldest["after"]["selected_choices"], oldest["after"]["risk"]) == (["p1q1_c3"], "MEDIUM")
    assert newest["before"] == oldest["after"]
    assert newest["after"] == {**oldest["after"], "notes": "Checked.", "version": 2}
    assert newest["at"] >= oldest["at"]


def test_it_answers_404_for_the_history_of_an_unknown_question(workload, clients):
    response = clients["reader"].get(answer_url(workload, TRICKY_SLUG, "p9q9", "history"))
    assert_error(response, 404, "NOT_FOUND")


def test_it_keeps_a_readers_hands_off_answers(workload, clients):
    response = patch_answer(clients["reader"], workload, TRICKY_SLUG, "p1q1", notes="mine")
    assert_error(response, 403, "PERMISSION_DENIED")
    assert not AnswerChange.objects.exists()
