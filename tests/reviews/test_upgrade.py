"""Upgrading a lens review to a newer published version of its lens.

Version 2 of the test lens adds p1q3, removes p2q2 and swaps choice p1q2_c3 for p1q2_c4;
p1q1 and p2q1 do not change.
"""

from __future__ import annotations

import pytest

from reviews.models import Activity, Answer, AnswerChange, ImprovementItem, LensReview, Workload
from reviews.services.milestones import milestone_create
from tests.fixtures.milestones import (
    answer,
    not_applicable,
    publish,
    track,
    versioned_doc,
    workload_path,
)
from tests.reviews.helpers import assert_counts_match_answers, assert_error, listed

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def slug(versioned_lens) -> str:
    return versioned_lens.slug


@pytest.fixture
def answered(versioned_workload, slug, alice, bob):
    """Answers on 1.0 for every question, tracking on two items; 2.0 not yet published."""
    answer(versioned_workload, slug, "p1q1", bob, selected_choices=["p1q1_c1", "p1q1_c2"],
           notes="Two of three.")  # fmt: skip  # MEDIUM
    answer(versioned_workload, slug, "p1q2", bob, selected_choices=["p1q2_c1", "p1q2_c3"],
           choice_statuses={"p1q2_c2": not_applicable("OTHER", "No GPUs.")})  # fmt: skip
    answer(versioned_workload, slug, "p2q1", bob, is_applicable=False, reason="OUT_OF_SCOPE")
    answer(versioned_workload, slug, "p2q2", bob, selected_choices=["p2q2_no"])  # HIGH
    track(versioned_workload, slug, "p2q2", "p2q2_c1", alice, status="IN_PROGRESS", owner=bob)
    track(versioned_workload, slug, "p1q1", "p1q1_c3", alice, note="Next quarter.")
    return Workload.objects.get(pk=versioned_workload.pk)


@pytest.fixture
def v2(versioned_lens, alice):
    return publish(versioned_lens, alice, versioned_doc(2), "2.0")


def upgrade(client, workload, slug: str, name: str = "Before 2.0"):
    path = workload_path(workload, f"reviews/{slug}/upgrade")
    return client.post(path, {"milestone_name": name}, format="json")


def answers_now(workload) -> dict[str, Answer]:
    return {a.question_key: a for a in Answer.objects.filter(lens_review__workload=workload)}


def test_it_offers_no_upgrade_on_the_latest_version(clients, answered, slug):
    body = clients["reader"].get(workload_path(answered, f"reviews/{slug}/")).json()
    assert body["upgrade_available"] is None
    assert_error(upgrade(clients["owner"], answered, slug), 409, "NO_UPGRADE")
    assert not answered.milestones.exists()


def test_it_says_an_upgrade_is_available_with_the_diff_summary(clients, answered, slug, v2):
    body = clients["reader"].get(workload_path(answered, f"reviews/{slug}/")).json()
    assert body["lens_version"] == "1.0"
    assert body["upgrade_available"] == {
        "version": "2.0",
        "is_major": True,
        "summary": {
            "pillars": {"NEW": 0, "UPDATED": 0, "DELETED": 0},
            "questions": {"NEW": 1, "UPDATED": 1, "DELETED": 1},
            "choices": {"NEW": 1, "UPDATED": 0, "DELETED": 1},
        },
    }
    [shown] = listed(clients["reader"], workload_path(answered, "reviews/"))
    assert shown["upgrade_available"] == body["upgrade_available"]


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 403), ("contributor", 403), ("outsider", 404)]
)
def test_it_lets_neither_readers_contributors_nor_outsiders_upgrade(
    clients, answered, slug, v2, role, status
):
    """Issue 12 finding 5: upgrading a review is an owner action, as the review page says."""
    before = {k: (a.version, a.selected_choices) for k, a in answers_now(answered).items()}
    response = upgrade(clients[role], answered, slug)
    assert_error(response, status, "PERMISSION_DENIED" if status == 403 else "NOT_FOUND")
    assert LensReview.objects.get(workload=answered).lens_version.version == "1.0"
    assert not answered.milestones.exists()
    assert {k: (a.version, a.selected_choices) for k, a in answers_now(answered).items()} == before


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_it_lets_owners_and_staff_upgrade(clients, answered, slug, v2, role):
    response = upgrade(clients[role], answered, slug)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["lens_version"] == "2.0"
    assert body["milestone"] == 1
    assert body["upgrade_available"] is None
    assert body["questions_total"] == 4


def test_it_keeps_the_old_state_in_the_milestone(clients, answered, slug, v2):
    reader = clients["reader"]
    paths = [f"reviews/{slug}/answers/", f"reviews/{slug}/improvements/"]
    paths += [f"reviews/{slug}/answers/{key}/" for key in ("p1q1", "p1q2", "p2q1", "p2q2")]
    live = {path: reader.get(workload_path(answered, path)).content for path in paths}

    assert upgrade(clients["owner"], answered, slug).status_code == 200

    for path in paths:
        snapshot = reader.get(workload_path(answered, path + "?milestone=1"))
        assert snapshot.status_code == 200
        assert snapshot.content == live[path], path
    review = reader.get(workload_path(answered, f"reviews/{slug}/?milestone=1")).json()
    assert (review["lens_version"], review["milestone"], review["questions_total"]) == ("1.0", 1, 4)
    removed = reader.get(workload_path(answered, f"reviews/{slug}/answers/p2q2/?milestone=1"))
    assert removed.json()["selected_choices"] == ["p2q2_no"]
    assert removed.json()["risk"] == "HIGH"
    gone = reader.get(workload_path(answered, f"reviews/{slug}/answers/p2q2/"))
    assert_error(gone, 404, "NOT_FOUND")
    milestone = reader.get(workload_path(answered, "milestones/1/")).json()
    assert milestone["name"] == "Before 2.0"
    assert milestone["reviews"][0]["lens_version"] == "1.0"


def test_it_carries_answers_over_by_question_and_choice_key(clients, answered, slug, v2):
    upgrade(clients["owner"], answered, slug)
    answers = answers_now(answered)
    assert sorted(answers) == ["p1q1", "p1q2", "p1q3", "p2q1"]
    p1q1, p1q2, p1q3, p2q1 = (answers[k] for k in ("p1q1", "p1q2", "p1q3", "p2q1"))
    assert (p1q1.selected_choices, p1q1.notes, p1q1.risk) == (
        ["p1q1_c1", "p1q1_c2"],
        "Two of three.",
        "MEDIUM",
    )
    # p1q2_c3 is gone from the lens, so from the selection; the not-applicable mark stays.
    assert p1q2.selected_choices == ["p1q2_c1"]
    assert p1q2.choice_statuses == {"p1q2_c2": {"reason": "OTHER", "notes": "No GPUs."}}
    assert p1q2.risk == "MEDIUM"
    assert (p2q1.is_applicable, p2q1.reason, p2q1.risk) == (False, "OUT_OF_SCOPE", "NOT_APPLICABLE")
    assert (p1q3.selected_choices, p1q3.risk, p1q3.version) == ([], "UNANSWERED", 0)
    assert {a.question.lens_version_id for a in answers.values()} == {v2.pk}
    assert [a.question_key for a in sorted(answers.values(), key=lambda a: a.order)] == [
        "p1q1",
        "p1q2",
        "p1q3",
        "p2q1",
    ]


def test_it_flags_new_questions_and_changed_choices_for_review(clients, answered, slug, v2):
    upgrade(clients["owner"], answered, slug)
    shown = listed(clients["reader"], workload_path(answered, f"reviews/{slug}/answers/"))
    assert {a["question_key"]: a["needs_review"] for a in shown} == {
        "p1q1": False,
        "p1q2": True,
        "p1q3": True,
        "p2q1": False,
    }


def test_it_clears_needs_review_when_the_question_is_answered(clients, answered, slug, v2):
    upgrade(clients["owner"], answered, slug)
    contributor = clients["contributor"]
    path = workload_path(answered, f"reviews/{slug}/answers/")
    version = answers_now(answered)["p1q3"].version
    changed = contributor.patch(
        path + "p1q3/", {"version": version, "selected_choices": ["p1q3_c1"]}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["needs_review"] is False
    # Confirming the carried answer as it stands clears the flag too.
    version = answers_now(answered)["p1q2"].version
    confirmed = contributor.patch(
        path + "p1q2/", {"version": version, "selected_choices": ["p1q2_c1"]}, format="json"
    )
    assert confirmed.status_code == 200
    assert (confirmed.json()["needs_review"], confirmed.json()["version"]) == (False, version)
    assert not Answer.objects.filter(lens_review__workload=answered, needs_review=True).exists()


def test_it_keeps_counts_equal_to_a_recomputation(clients, answered, slug, v2, ml_lens, alice):
    from reviews.services.lens_reviews import lens_review_create

    lens_review_create(workload=answered, lens=ml_lens, actor=alice)
    answer(answered, "machine-learning", "MLSEC01", alice, selected_choices=["MLSEC01_no"])
    assert upgrade(clients["owner"], answered, slug).status_code == 200
    assert_counts_match_answers(answered)
    review = LensReview.objects.get(workload=answered, lens__slug=slug)
    expected = {"UNANSWERED": 1, "HIGH": 0, "MEDIUM": 2, "NONE": 0, "NOT_APPLICABLE": 1}
    assert review.risk_counts == expected
    workload = Workload.objects.get(pk=answered.pk)
    assert workload.risk_counts == {**expected, "UNANSWERED": 35, "HIGH": 1}
    assert review.risk_summary["pillars"]["pillar2"] == {
        "UNANSWERED": 0, "HIGH": 0, "MEDIUM": 0, "NONE": 0, "NOT_APPLICABLE": 1,
    }  # fmt: skip
    milestone = answered.milestones.get()
    assert milestone.risk_counts == {
        "UNANSWERED": 34, "HIGH": 2, "MEDIUM": 2, "NONE": 0, "NOT_APPLICABLE": 1,
    }  # fmt: skip


def test_it_refuses_a_second_upgrade_with_409(clients, answered, slug, v2):
    assert upgrade(clients["owner"], answered, slug).status_code == 200
    assert_error(upgrade(clients["owner"], answered, slug, "Again"), 409, "NO_UPGRADE")
    assert answered.milestones.count() == 1


def test_it_writes_history_for_carried_answers(clients, answered, slug, v2, alice):
    versions = {k: a.version for k, a in answers_now(answered).items()}
    upgrade(clients["owner"], answered, slug)
    answers = answers_now(answered)
    for key in ("p1q1", "p1q2", "p2q1"):
        change = AnswerChange.objects.get(answer=answers[key], version=versions[key] + 1)
        assert change.actor == alice
        assert answers[key].version == versions[key] + 1
        assert change.after["selected_choices"] == answers[key].selected_choices
    change = AnswerChange.objects.get(answer=answers["p1q2"], version=versions["p1q2"] + 1)
    assert change.before["selected_choices"] == ["p1q2_c1", "p1q2_c3"]
    assert change.after["selected_choices"] == ["p1q2_c1"]
    assert not AnswerChange.objects.filter(answer=answers["p1q3"]).exists()
    history = clients["reader"].get(
        workload_path(answered, f"reviews/{slug}/answers/p1q2/history/")
    )
    assert history.json()["results"][0]["version"] == versions["p1q2"] + 1
    entry = Activity.objects.get(workload=answered, verb="review.upgrade")
    assert entry.data == {
        "from": "1.0",
        "to": "2.0",
        "needs_review": ["p1q2", "p1q3"],
        "milestone": 1,
    }


def test_it_drops_tracking_of_items_that_left_the_plan(clients, answered, slug, v2):
    upgrade(clients["owner"], answered, slug)
    tracked = ImprovementItem.objects.filter(lens_review__workload=answered)
    assert list(tracked.values_list("question_key", "choice_key", "note")) == [
        ("p1q1", "p1q1_c3", "Next quarter.")
    ]
    milestone_items = answered.milestones.get().reviews.get().improvement_items
    assert {(i["question_key"], i["choice_key"]) for i in milestone_items} == {
        ("p1q1", "p1q1_c3"),
        ("p2q2", "p2q2_c1"),
    }


@pytest.mark.parametrize(
    ("name", "status", "code"),
    [("ab", 400, "VALIDATION_ERROR"), ("Taken", 409, "DUPLICATE_NAME")],
)
def test_it_changes_nothing_when_the_milestone_cannot_be_recorded(
    clients, answered, slug, v2, alice, name, status, code
):
    milestone_create(workload=answered, name="Taken", actor=alice)
    before = {k: (a.version, a.selected_choices) for k, a in answers_now(answered).items()}
    assert_error(upgrade(clients["owner"], answered, slug, name), status, code)
    assert LensReview.objects.get(workload=answered).lens_version.version == "1.0"
    assert answered.milestones.count() == 1
    assert {k: (a.version, a.selected_choices) for k, a in answers_now(answered).items()} == before


def test_it_keeps_flags_not_yet_cleared_across_a_further_upgrade(
    clients, answered, slug, v2, versioned_lens, alice
):
    upgrade(clients["owner"], answered, slug)
    answer(answered, slug, "p1q2", alice, selected_choices=["p1q2_c1", "p1q2_c2"])  # reviewed
    doc = versioned_doc(2)
    doc["pillars"][1]["questions"][0]["title"] = "How do you handle p2q1 now?"
    publish(versioned_lens, alice, doc, "3.0")
    assert upgrade(clients["owner"], answered, slug, "Before 3.0").status_code == 200
    flags = {k: a.needs_review for k, a in answers_now(answered).items()}
    assert flags == {"p1q1": False, "p1q2": False, "p1q3": True, "p2q1": True}
