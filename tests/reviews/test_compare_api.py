"""GET /workloads/<id>/compare on hand-built workloads: milestones, now, and lens versions."""

from __future__ import annotations

import json

import pytest
from rest_framework.utils.encoders import JSONEncoder

from reviews.models import Workload
from reviews.selectors.milestones import workload_compare
from reviews.services.milestones import milestone_create
from reviews.services.upgrades import lens_review_upgrade
from tests.catalog.factories import ML_EDITION
from tests.fixtures.milestones import (
    answer,
    not_applicable,
    publish,
    track,
    versioned_doc,
    workload_path,
)
from tests.reviews.helpers import assert_error

pytestmark = pytest.mark.usefixtures("fast_passwords")


def compare(client, workload, query: str) -> dict:
    response = client.get(workload_path(workload, f"compare?{query}"))
    assert response.status_code == 200, response.content[:500]
    return response.json()


def counts(**values) -> dict:
    return {"UNANSWERED": 0, "HIGH": 0, "MEDIUM": 0, "NONE": 0, "NOT_APPLICABLE": 0, **values}


def by_key(lens: dict) -> dict:
    return {q["question_key"]: q for q in lens["questions"]}


@pytest.fixture
def changed_workload(versioned_workload, versioned_lens, alice, bob):
    """Milestone 1, then one question improved, one regressed, one unchanged with a choice
    marked not applicable, one made not applicable; tracking changed; then milestone 2."""
    slug = versioned_lens.slug
    answer(versioned_workload, slug, "p1q1", bob, selected_choices=["p1q1_c1"])  # MEDIUM
    answer(versioned_workload, slug, "p1q2", bob, selected_choices=["p1q2_no"])  # HIGH
    answer(versioned_workload, slug, "p2q1", bob, selected_choices=["p2q1_c1", "p2q1_c2",
           "p2q1_c3"], notes="All three in place.")  # fmt: skip
    track(versioned_workload, slug, "p1q2", "p1q2_c1", alice, status="IN_PROGRESS", owner=bob)
    track(versioned_workload, slug, "p1q1", "p1q1_c2", alice, note="Next sprint.")
    milestone_create(workload=versioned_workload, name="Baseline", actor=alice)

    answer(versioned_workload, slug, "p1q1", bob, selected_choices=["p1q1_c1", "p1q1_c2",
           "p1q1_c3"])  # fmt: skip  # NONE: improved
    answer(versioned_workload, slug, "p1q2", bob,
           choice_statuses={"p1q2_c3": not_applicable("BUSINESS_PRIORITIES")})  # fmt: skip
    track(versioned_workload, slug, "p1q2", "p1q2_c1", alice, status="DONE")
    answer(versioned_workload, slug, "p2q1", bob, selected_choices=["p2q1_c1"],
           notes="Only the first.")  # fmt: skip  # MEDIUM: regressed
    answer(versioned_workload, slug, "p2q2", bob, is_applicable=False, reason="OUT_OF_SCOPE")
    return Workload.objects.get(pk=versioned_workload.pk)


def test_it_compares_a_milestone_with_now(clients, changed_workload, versioned_lens):
    result = compare(clients["reader"], changed_workload, "base=1&target=current")
    assert (result["base"]["milestone"], result["base"]["name"]) == (1, "Baseline")
    assert result["target"] == {"milestone": "current", "name": "Now", "recorded_at": None}
    assert result["summary"] == {
        "questions": {"IMPROVED": 2, "REGRESSED": 1, "UNCHANGED": 1, "NEW": 0, "REMOVED": 0},
        "high": {"before": 1, "after": 1},
        "medium": {"before": 1, "after": 1},
    }
    [lens] = result["lenses"]
    assert lens["lens"] == versioned_lens.slug
    assert (lens["base_version"], lens["target_version"]) == ("1.0", "1.0")
    questions = by_key(lens)
    assert [q["question_key"] for q in lens["questions"]] == ["p1q1", "p1q2", "p2q1", "p2q2"]

    p1q1 = questions["p1q1"]
    assert (p1q1["risk_before"], p1q1["risk_after"], p1q1["direction"]) == (
        "MEDIUM",
        "NONE",
        "IMPROVED",
    )
    assert [c["key"] for c in p1q1["gained"]] == ["p1q1_c2", "p1q1_c3"]
    assert p1q1["gained"][0]["title"] == "Practice p1q1_c2"
    assert p1q1["lost"] == []

    p1q2 = questions["p1q2"]
    assert p1q2["direction"] == "UNCHANGED"
    assert [c["key"] for c in p1q2["not_applicable_added"]] == ["p1q2_c3"]
    assert p1q2["not_applicable_removed"] == p1q2["gained"] == p1q2["lost"] == []

    p2q1 = questions["p2q1"]
    assert (p2q1["risk_before"], p2q1["risk_after"], p2q1["direction"]) == (
        "NONE",
        "MEDIUM",
        "REGRESSED",
    )
    assert [c["key"] for c in p2q1["lost"]] == ["p2q1_c2", "p2q1_c3"]
    assert p2q1["notes_changed"] is True
    assert (p2q1["notes_before"], p2q1["notes_after"]) == ("All three in place.", "Only the first.")

    p2q2 = questions["p2q2"]
    assert (p2q2["risk_before"], p2q2["risk_after"], p2q2["direction"]) == (
        "UNANSWERED",
        "NOT_APPLICABLE",
        "IMPROVED",
    )
    assert p2q2["applicability_changed"] is True
    assert (p2q2["is_applicable_before"], p2q2["is_applicable_after"]) == (True, False)
    assert questions["p1q1"]["applicability_changed"] is False

    items = lens["improvement_items"]
    opened = [(i["question_key"], i["choice_key"]) for i in items["opened"]]
    closed = [(i["question_key"], i["choice_key"], i["status"]) for i in items["closed"]]
    changed = [(i["question_key"], i["choice_key"], i["fields"], i["status_before"], i["status"])
               for i in items["changed"]]  # fmt: skip
    assert opened == [("p2q1", "p2q1_c2"), ("p2q1", "p2q1_c3")]
    assert closed == [("p1q1", "p1q1_c2", "OPEN"), ("p1q1", "p1q1_c3", "OPEN"),
                      ("p1q2", "p1q2_c3", "OPEN")]  # fmt: skip
    assert changed == [("p1q2", "p1q2_c1", ["status"], "IN_PROGRESS", "DONE")]


def test_it_counts_per_lens_pillar_phase_and_cell(clients, changed_workload):
    [lens] = compare(clients["reader"], changed_workload, "base=1&target=current")["lenses"]
    assert lens["risk_counts"] == {
        "before": counts(MEDIUM=1, HIGH=1, NONE=1, UNANSWERED=1),
        "after": counts(NONE=1, HIGH=1, MEDIUM=1, NOT_APPLICABLE=1),
    }
    assert lens["pillars"] == [
        {"key": "pillar1", "name": "Pillar 1", "before": counts(MEDIUM=1, HIGH=1),
         "after": counts(NONE=1, HIGH=1)},
        {"key": "pillar2", "name": "Pillar 2", "before": counts(NONE=1, UNANSWERED=1),
         "after": counts(MEDIUM=1, NOT_APPLICABLE=1)},
    ]  # fmt: skip
    assert lens["phases"] == [
        {"key": "build", "name": "Build", "before": counts(MEDIUM=1, NONE=1),
         "after": counts(NONE=1, MEDIUM=1)},
        {"key": "run", "name": "Run", "before": counts(HIGH=1, UNANSWERED=1),
         "after": counts(HIGH=1, NOT_APPLICABLE=1)},
    ]  # fmt: skip
    assert lens["matrix"] == [
        {"pillar": "pillar1", "phase": "build", "before": counts(MEDIUM=1),
         "after": counts(NONE=1)},
        {"pillar": "pillar1", "phase": "run", "before": counts(HIGH=1), "after": counts(HIGH=1)},
        {"pillar": "pillar2", "phase": "build", "before": counts(NONE=1),
         "after": counts(MEDIUM=1)},
        {"pillar": "pillar2", "phase": "run", "before": counts(UNANSWERED=1),
         "after": counts(NOT_APPLICABLE=1)},
    ]  # fmt: skip


def test_it_compares_two_milestones_like_a_milestone_and_the_same_state_now(
    clients, changed_workload, alice
):
    milestone_create(workload=changed_workload, name="After the work", actor=alice)
    with_now = compare(clients["reader"], changed_workload, "base=1&target=current")
    with_milestone = compare(clients["reader"], changed_workload, "base=1&target=2")
    assert with_milestone["target"]["milestone"] == 2
    assert with_milestone["target"]["name"] == "After the work"
    assert with_milestone["summary"] == with_now["summary"]
    assert with_milestone["lenses"] == with_now["lenses"]
    backwards = compare(clients["reader"], changed_workload, "base=2&target=1")
    assert backwards["summary"]["questions"] == {
        "IMPROVED": 1,
        "REGRESSED": 2,
        "UNCHANGED": 1,
        "NEW": 0,
        "REMOVED": 0,
    }
    same = compare(clients["reader"], changed_workload, "base=2")  # target defaults to now
    assert same["target"]["milestone"] == "current"
    assert same["summary"]["questions"]["UNCHANGED"] == 4
    assert same["lenses"][0]["improvement_items"] == {"opened": [], "closed": [], "changed": []}


def test_it_compares_milestones_on_different_lens_versions(
    clients, versioned_workload, versioned_lens, alice, bob
):
    slug = versioned_lens.slug
    answer(versioned_workload, slug, "p1q1", bob, selected_choices=["p1q1_c1"])  # MEDIUM
    answer(versioned_workload, slug, "p1q2", bob, selected_choices=["p1q2_c1", "p1q2_c3"])
    answer(versioned_workload, slug, "p2q2", bob, selected_choices=["p2q2_no"])  # HIGH
    milestone_create(workload=versioned_workload, name="On 1.0", actor=alice)
    publish(versioned_lens, alice, versioned_doc(2), "2.0")
    review = versioned_workload.lens_reviews.get()
    lens_review_upgrade(review=review, actor=alice, milestone_name="Before 2.0")
    answer(versioned_workload, slug, "p1q2", bob, selected_choices=["p1q2_c1", "p1q2_c2",
           "p1q2_c4"])  # fmt: skip  # NONE
    answer(versioned_workload, slug, "p1q3", bob, selected_choices=["p1q3_no"])  # HIGH
    milestone_create(workload=versioned_workload, name="On 2.0", actor=alice)

    result = compare(clients["reader"], versioned_workload, "base=1&target=3")
    [lens] = result["lenses"]
    assert (lens["base_version"], lens["target_version"]) == ("1.0", "2.0")
    assert [q["question_key"] for q in lens["questions"]] == ["p1q1", "p1q2", "p1q3", "p2q1",
                                                              "p2q2"]  # fmt: skip
    questions = by_key(lens)
    directions = {key: q["direction"] for key, q in questions.items()}
    assert directions == {
        "p1q1": "UNCHANGED",
        "p1q2": "IMPROVED",
        "p1q3": "NEW",
        "p2q1": "UNCHANGED",
        "p2q2": "REMOVED",
    }
    assert (questions["p1q3"]["risk_before"], questions["p1q3"]["risk_after"]) == (None, "HIGH")
    assert (questions["p2q2"]["risk_before"], questions["p2q2"]["risk_after"]) == ("HIGH", None)
    assert questions["p2q2"]["title"] == "How do you handle p2q2?"
    p1q2 = questions["p1q2"]
    assert [c["key"] for c in p1q2["gained"]] == ["p1q2_c2", "p1q2_c4"]
    assert [(c["key"], c["title"]) for c in p1q2["lost"]] == [("p1q2_c3", "Practice p1q2_c3")]
    assert result["summary"]["questions"] == {
        "IMPROVED": 1,
        "REGRESSED": 0,
        "UNCHANGED": 2,
        "NEW": 1,
        "REMOVED": 1,
    }
    assert result["summary"]["high"] == {"before": 1, "after": 1}
    assert result["summary"]["medium"] == {"before": 2, "after": 1}
    pillars = {p["key"]: p for p in lens["pillars"]}
    assert pillars["pillar1"]["before"] == counts(MEDIUM=2)
    assert pillars["pillar1"]["after"] == counts(MEDIUM=1, NONE=1, HIGH=1)
    assert pillars["pillar2"]["before"] == counts(HIGH=1, UNANSWERED=1)
    assert pillars["pillar2"]["after"] == counts(UNANSWERED=1)
    assert [(c["pillar"], c["phase"]) for c in lens["matrix"]] == [
        ("pillar1", "build"),
        ("pillar1", "run"),
        ("pillar2", "build"),
        ("pillar2", "run"),
    ]
    assert lens["matrix"][3]["after"] == counts()  # p2q2 removed, nothing else there
    # The upgrade's own milestone holds the 1.0 state too.
    assert (
        compare(clients["reader"], versioned_workload, "base=1&target=2")["summary"]["questions"][
            "UNCHANGED"
        ]
        == 4
    )


def test_it_reports_a_lens_applied_after_the_milestone_as_all_new(
    clients, versioned_workload, ml_lens, alice
):
    from reviews.services.lens_reviews import lens_review_create

    milestone_create(workload=versioned_workload, name="Before ML", actor=alice)
    lens_review_create(workload=versioned_workload, lens=ml_lens, actor=alice)
    result = compare(clients["reader"], versioned_workload, "base=1")
    lenses = {lens["lens"]: lens for lens in result["lenses"]}
    ml = lenses["machine-learning"]
    assert (ml["base_version"], ml["target_version"]) == (None, ML_EDITION)
    assert {q["direction"] for q in ml["questions"]} == {"NEW"}
    assert result["summary"]["questions"]["NEW"] == 35
    assert result["summary"]["questions"]["UNCHANGED"] == 4


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "base"),
        ("target=current", "base"),
        ("base=abc", "base"),
        ("base=0", "base"),
        ("base=1&target=latest", "target"),
        ("base=1&target=-2", "target"),
    ],
)
def test_it_refuses_a_missing_or_malformed_milestone_number_with_400(
    clients, versioned_workload, alice, query, field
):
    milestone_create(workload=versioned_workload, name="Only one", actor=alice)
    response = clients["reader"].get(workload_path(versioned_workload, f"compare?{query}"))
    assert_error(response, 400, "INVALID_PARAMETER", field=field, query=True)


@pytest.mark.parametrize("query", ["base=2", "base=1&target=2", "base=2&target=current"])
def test_it_answers_404_for_a_milestone_the_workload_does_not_have(
    clients, versioned_workload, alice, query
):
    milestone_create(workload=versioned_workload, name="Only one", actor=alice)
    response = clients["reader"].get(workload_path(versioned_workload, f"compare?{query}"))
    assert_error(response, 404, "NOT_FOUND")


def test_it_takes_an_empty_target_as_now(clients, versioned_workload, alice):
    milestone_create(workload=versioned_workload, name="Only one", actor=alice)
    assert compare(clients["reader"], versioned_workload, "base=1&target=")["target"] == {
        "milestone": "current",
        "name": "Now",
        "recorded_at": None,
    }


def test_it_answers_the_domain_comparison_with_directions_in_the_api_case(
    clients, changed_workload
):
    """The answer is reviews.compare's result as the Comparison serializer renders it: every
    value kept, directions SCREAMING_SNAKE (not patched after); the first v1 shape keeps the
    domain's lower case."""
    domain = json.loads(json.dumps(workload_compare(changed_workload, base=1, target="current"),
                                   cls=JSONEncoder))  # fmt: skip
    body = compare(clients["reader"], changed_workload, "base=1&target=current")
    assert body["summary"]["questions"] == {
        key.upper(): n for key, n in domain["summary"]["questions"].items()
    }
    for lens, domain_lens in zip(body["lenses"], domain["lenses"], strict=True):
        for question in domain_lens["questions"]:
            question["direction"] = question["direction"].upper()
        assert lens == domain_lens
    assert {k: v for k, v in body.items() if k not in ("summary", "lenses")} == {
        k: v for k, v in domain.items() if k not in ("summary", "lenses")
    }
    legacy = (
        clients["reader"]
        .get(
            workload_path(changed_workload, "compare?base=1&target=current"),
            HTTP_API_VERSION="2026-11-01",
        )
        .json()
    )
    assert legacy["summary"]["questions"].keys() == {
        "improved", "regressed", "unchanged", "new", "removed"
    }  # fmt: skip
    assert {q["direction"] for q in legacy["lenses"][0]["questions"]} <= {
        "improved", "regressed", "unchanged", "new", "removed"
    }  # fmt: skip
