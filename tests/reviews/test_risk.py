"""Risk of answers and the stored counts: the pure functions, then through the API."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.question_tree import compiled_levels
from catalog.riskrules import compile_rules
from reviews import risk
from reviews.choices import Role
from reviews.models import Answer, AnswerChange
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import (
    answer_url,
    assert_counts_match_answers,
    assert_error,
    listed,
    patch_answer,
    review_url,
    select,
)

ML = "machine-learning"
RULES = compile_rules(
    [
        ("(aaa || bbb) && !ccc", "NO_RISK"),
        ("ccc && !(aaa || bbb)", "MEDIUM_RISK"),
        ("default", "HIGH_RISK"),
    ]
)

# --- pure: answer_risk ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ({"aaa"}, "NONE"),
        ({"bbb"}, "NONE"),
        ({"aaa", "bbb"}, "NONE"),
        ({"ccc"}, "MEDIUM"),
        ({"aaa", "ccc"}, "HIGH"),
        ({"ddd"}, "HIGH"),
        (set(), "UNANSWERED"),
    ],
)
def test_it_takes_the_first_rule_that_holds(selected, expected):
    assert risk.answer_risk(rules=RULES, selected=selected, is_applicable=True) == expected


def test_it_marks_a_question_not_applicable_whatever_is_selected():
    for selected in (set(), {"aaa"}, {"ccc"}):
        assert risk.answer_risk(rules=RULES, selected=selected, is_applicable=False) == (
            "NOT_APPLICABLE"
        )


def test_it_falls_back_to_high_when_no_rule_holds():
    rules = compile_rules([("aaa", "NO_RISK")])
    assert risk.answer_risk(rules=rules, selected={"bbb"}, is_applicable=True) == "HIGH"


def test_it_compiles_each_list_of_stored_rules_as_it_is():
    # Keyed by content: a draft whose rules changed never gets the old compilation.
    first = compiled_levels((("aaa", "NONE"), ("default", "HIGH")))
    second = compiled_levels((("aaa", "HIGH"), ("default", "NONE")))
    assert first.evaluate({"aaa"}) == "NONE"
    assert second.evaluate({"aaa"}) == "HIGH"


# --- pure: summarize and move ---------------------------------------------------------------


def test_it_counts_per_pillar_phase_and_cell():
    rows = [
        {"pillar_key": "sec", "phase_key": "build", "risk": "HIGH"},
        {"pillar_key": "sec", "phase_key": "run", "risk": "NONE"},
        {"pillar_key": "ops", "phase_key": "build", "risk": "HIGH"},
        {"pillar_key": "ops", "phase_key": "", "risk": "MEDIUM"},
    ]
    summary = risk.summarize(rows)
    assert summary["pillars"]["sec"] == {**risk.empty_counts(), "HIGH": 1, "NONE": 1}
    assert summary["pillars"]["ops"] == {**risk.empty_counts(), "HIGH": 1, "MEDIUM": 1}
    assert summary["phases"]["build"] == {**risk.empty_counts(), "HIGH": 2}
    assert set(summary["phases"]) == {"build", "run"}  # a question without phase is in no phase
    assert summary["matrix"] == {
        "sec|build": {**risk.empty_counts(), "HIGH": 1},
        "sec|run": {**risk.empty_counts(), "NONE": 1},
        "ops|build": {**risk.empty_counts(), "HIGH": 1},
    }


def test_it_changes_nothing_when_moving_to_the_same_risk():
    summary = risk.summarize([{"pillar_key": "a", "phase_key": "p", "risk": "HIGH"}])
    before = risk.summarize([{"pillar_key": "a", "phase_key": "p", "risk": "HIGH"}])
    risk.move(summary, "a", "p", "HIGH", "HIGH")
    assert summary == before


PILLARS, PHASES = ["sec", "ops", "cost"], ["build", "run", ""]


@given(
    questions=st.lists(
        st.tuples(st.sampled_from(PILLARS), st.sampled_from(PHASES)), min_size=1, max_size=12
    ),
    moves=st.lists(st.tuples(st.integers(0, 11), st.sampled_from(risk.RISKS)), max_size=40),
)
def test_it_keeps_a_moved_summary_equal_to_a_fresh_one(questions, moves):
    rows = [{"pillar_key": p, "phase_key": f, "risk": "UNANSWERED"} for p, f in questions]
    summary = risk.summarize(rows)
    for index, new in moves:
        row = rows[index % len(rows)]
        risk.move(summary, row["pillar_key"], row["phase_key"], row["risk"], new)
        row["risk"] = new
    assert summary == risk.summarize(rows)


# --- through the API: the tricky lens -------------------------------------------------------

TRUTH = [
    # `!` and parentheses: (c1 || c2) && !c3 -> NONE; c3 && !(c1 || c2) -> MEDIUM; else HIGH
    ("p1q1", ["c1"], "NONE"),
    ("p1q1", ["c2"], "NONE"),
    ("p1q1", ["c1", "c2"], "NONE"),
    ("p1q1", ["c3"], "MEDIUM"),
    ("p1q1", ["c1", "c3"], "HIGH"),
    ("p1q1", ["c1", "c2", "c3"], "HIGH"),
    ("p1q1", ["no"], "HIGH"),
    # HIGH first: no || !(c1 || c2) -> HIGH; c1 && c2 && c3 -> NONE; default MEDIUM
    ("p1q2", ["c3"], "HIGH"),
    ("p1q2", ["no"], "HIGH"),
    ("p1q2", ["c1"], "MEDIUM"),
    ("p1q2", ["c2", "c3"], "MEDIUM"),
    ("p1q2", ["c1", "c2", "c3"], "NONE"),
    # && binds tighter than ||: (c1 && c2) || c3 -> NONE; c1 || c2 -> MEDIUM; else HIGH
    ("p2q1", ["c3"], "NONE"),
    ("p2q1", ["c1", "c2"], "NONE"),
    ("p2q1", ["c1"], "MEDIUM"),
    ("p2q1", ["no"], "HIGH"),
    # the builder's rules: c1 && c2 && c3 -> NONE; c1 || c2 -> MEDIUM; default HIGH
    ("p2q2", ["c1", "c2", "c3"], "NONE"),
    ("p2q2", ["c2"], "MEDIUM"),
    ("p2q2", ["c3"], "HIGH"),
    ("p2q2", ["no"], "HIGH"),
]


@pytest.mark.parametrize(("key", "choices", "expected"), TRUTH)
def test_it_applies_the_tricky_lens_rules(key, choices, expected, workload, clients):
    body = select(clients["contributor"], workload, TRICKY_SLUG, key, *choices)
    assert body["risk"] == expected
    assert body["selected_choices"] == [f"{key}_{c}" for c in choices]


def test_it_counts_not_applicable_choices_as_not_selected(workload, clients):
    client = clients["contributor"]
    # c1 selected, c3 not applicable: "!c3" holds, so NONE (c3 counted would make it HIGH).
    response = patch_answer(
        client,
        workload,
        TRICKY_SLUG,
        "p1q1",
        selected_choices=["p1q1_c1"],
        choice_statuses={"p1q1_c3": {"status": "NOT_APPLICABLE", "reason": "OUT_OF_SCOPE"}},
    )
    assert response.status_code == 200
    assert response.json()["risk"] == "NONE"
    # c1 and c2 selected, c3 not applicable: "c1 && c2 && c3" fails, so MEDIUM, not NONE.
    response = patch_answer(
        client,
        workload,
        TRICKY_SLUG,
        "p1q2",
        selected_choices=["p1q2_c1", "p1q2_c2"],
        choice_statuses={"p1q2_c3": {"status": "NOT_APPLICABLE"}},
    )
    assert response.json()["risk"] == "MEDIUM"
    assert response.json()["choice_statuses"]["p1q2_c3"] == {
        "status": "NOT_APPLICABLE",
        "reason": "NONE",
        "notes": "",
    }


def test_it_leaves_not_applicable_choices_out_of_the_improvement_plan(workload, clients):
    client = clients["contributor"]
    patch_answer(
        client,
        workload,
        TRICKY_SLUG,
        "p1q2",
        selected_choices=["p1q2_c1"],
        choice_statuses={"p1q2_c2": {"status": "NOT_APPLICABLE", "reason": "OTHER"}},
    )
    plan = listed(client, review_url(workload, TRICKY_SLUG, "improvements"))
    assert [(e["question_key"], e["risk"]) for e in plan] == [("p1q2", "MEDIUM")]
    assert [item["choice_key"] for item in plan[0]["items"]] == ["p1q2_c3"]


def test_it_rates_none_of_these_alone_by_the_default_rule(workload, clients):
    body = select(clients["owner"], workload, TRICKY_SLUG, "p2q2", "no")
    assert body["risk"] == "HIGH"
    plan = listed(clients["owner"], review_url(workload, TRICKY_SLUG, "improvements"))
    # every best practice is an improvement item; "None of these" itself never is
    assert [item["choice_key"] for item in plan[0]["items"]] == ["p2q2_c1", "p2q2_c2", "p2q2_c3"]


@pytest.mark.parametrize(
    "changes",
    [
        {"selected_choices": ["p2q2_no", "p2q2_c1"]},
        {"choice_statuses": {"p2q2_c1": {"status": "SELECTED"}}},
    ],
    ids=["selected_choices", "choice_statuses"],
)
def test_it_refuses_none_of_these_with_another_choice(changes, workload, clients):
    client = clients["owner"]
    select(client, workload, TRICKY_SLUG, "p2q2", "no")
    before = Answer.objects.get(question_key="p2q2")
    response = patch_answer(client, workload, TRICKY_SLUG, "p2q2", **changes)
    assert_error(response, 400, "VALIDATION_ERROR", field="selected_choices")
    assert response.json()["errors"][0]["code"] == "NONE_EXCLUSIVE"
    after = Answer.objects.get(question_key="p2q2")
    assert (after.version, after.selected_choices, after.risk) == (
        before.version,
        before.selected_choices,
        before.risk,
    )
    assert AnswerChange.objects.filter(answer=after).count() == 1


def test_it_marks_a_question_not_applicable_with_its_reason(workload, clients):
    client = clients["owner"]
    select(client, workload, TRICKY_SLUG, "p1q1", "no")
    response = patch_answer(
        client, workload, TRICKY_SLUG, "p1q1", is_applicable=False, reason="BUSINESS_PRIORITIES"
    )
    body = response.json()
    assert (body["risk"], body["is_applicable"], body["reason"]) == (
        "NOT_APPLICABLE",
        False,
        "BUSINESS_PRIORITIES",
    )
    plan = listed(client, review_url(workload, TRICKY_SLUG, "improvements"))
    assert plan == []
    body = patch_answer(client, workload, TRICKY_SLUG, "p1q1", is_applicable=True).json()
    assert (body["risk"], body["reason"]) == ("HIGH", "")
    body = patch_answer(client, workload, TRICKY_SLUG, "p1q1", is_applicable=False).json()
    assert (body["risk"], body["reason"]) == ("NOT_APPLICABLE", "NONE")


def test_it_refuses_unknown_choice_keys_naming_them(workload, clients):
    client = clients["owner"]
    response = patch_answer(
        client, workload, TRICKY_SLUG, "p1q1", selected_choices=["p1q1_c1", "nope", "p2q1_c1"]
    )
    body = assert_error(response, 400, "VALIDATION_ERROR", field="selected_choices.1")
    assert "nope" in body["message"]
    assert "p2q1_c1" in body["message"]
    assert [(e["code"], e["pointer"]) for e in body["errors"]] == [
        ("UNKNOWN_CHOICE", "/selected_choices/1"),
        ("UNKNOWN_CHOICE", "/selected_choices/2"),
    ]
    response = patch_answer(
        client, workload, TRICKY_SLUG, "p1q1", choice_statuses={"a/b": {"status": "SELECTED"}}
    )
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert body["errors"][0]["pointer"] == "/choice_statuses/a~1b"
    assert "a/b" in body["message"]
    assert not AnswerChange.objects.exists()


def test_it_returns_to_unanswered_when_nothing_is_selected(workload, clients):
    client = clients["owner"]
    select(client, workload, TRICKY_SLUG, "p1q1", "c1")
    body = select(client, workload, TRICKY_SLUG, "p1q1")
    assert body["risk"] == "UNANSWERED"
    # a choice marked not applicable is not an answer either
    response = patch_answer(
        client,
        workload,
        TRICKY_SLUG,
        "p1q1",
        choice_statuses={"p1q1_c1": {"status": "NOT_APPLICABLE"}},
    )
    assert response.json()["risk"] == "UNANSWERED"


# --- through the API: the ML Lens -----------------------------------------------------------


@pytest.fixture
def two_lens_workload(ml_lens, tricky, alice, bob):
    return WorkloadFactory(owner=alice, lenses=[ml_lens, tricky], members=[(bob, Role.CONTRIBUTOR)])


@pytest.mark.parametrize(
    ("key", "choices", "expected"),
    [
        # The official rules (issue 13): NO_RISK, then HIGH_RISK, then default.
        ("MLOPS01", ["BP01", "BP02", "BP03"], "NONE"),
        ("MLOPS01", ["BP01", "BP03"], "HIGH"),  # (!a) || (!b) || (!c)
        ("MLOPS01", ["no"], "HIGH"),
        ("MLOPS05", ["BP01"], "NONE"),
        ("MLOPS02", ["BP01", "BP04"], "NONE"),  # only the practices the rules name
        ("MLCOST04", ["BP06", "BP13", "BP14"], "NONE"),
        ("MLCOST04", ["BP12", "BP08", "BP01"], "HIGH"),
        # MEDIUM second: where none of the named practices is selected.
        ("MLCOST03", ["BP04"], "MEDIUM"),
        ("MLPERF03", ["no"], "MEDIUM"),
        ("MLPERF05", ["BP02"], "NONE"),  # BP01 || BP02
    ],
)
def test_it_applies_the_ml_lens_rules(key, choices, expected, two_lens_workload, clients):
    body = select(clients["owner"], two_lens_workload, ML, key, *choices)
    assert body["risk"] == expected


def test_it_refuses_none_of_these_mixed_on_the_ml_lens(two_lens_workload, clients):
    response = patch_answer(
        clients["owner"],
        two_lens_workload,
        ML,
        "MLOPS01",
        selected_choices=["MLOPS01_no", "MLOPS01_BP01"],
    )
    assert_error(response, 400, "VALIDATION_ERROR", field="selected_choices")


def _random_change(rng: random.Random, answer: dict) -> dict:
    keys = [c["key"] for c in answer["choices"]]
    none = [c["key"] for c in answer["choices"] if c["is_none"]]
    practices = [k for k in keys if k not in none]
    roll = rng.random()
    if roll < 0.08:
        return {"is_applicable": not answer["is_applicable"], "reason": "OUT_OF_SCOPE"}
    if roll < 0.16:
        return {"selected_choices": none}
    if roll < 0.20:
        return {"selected_choices": [*none, rng.choice(practices)]}  # refused: 400
    if roll < 0.30:
        key = rng.choice(practices)
        status = rng.choice(["SELECTED", "NOT_APPLICABLE", "UNSELECTED"])
        return {"choice_statuses": {key: {"status": status}}}
    if roll < 0.35:
        return {"selected_choices": []}
    return {"selected_choices": rng.sample(practices, rng.randint(1, len(practices)))}


def test_it_keeps_stored_counts_equal_to_a_recomputation_after_200_changes(
    two_lens_workload, clients
):
    rng = random.Random(20250401)
    client = clients["contributor"]
    targets = [(ML, key) for key in ("MLOPS01", "MLSEC04", "MLCOST04", "MLREL03", "MLSUS06")]
    targets += [(TRICKY_SLUG, key) for key in ("p1q1", "p1q2", "p2q1", "p2q2")]
    # the answers as last seen; each accepted PATCH answers with the new state
    seen = {
        (slug, answer["question_key"]): answer
        for slug in (ML, TRICKY_SLUG)
        for answer in listed(client, review_url(two_lens_workload, slug, "answers"))
    }
    statuses, risks = [], set()
    for _ in range(200):
        slug, key = rng.choice(targets)
        current = seen[slug, key]
        changes = _random_change(rng, current)
        response = client.patch(
            answer_url(two_lens_workload, slug, key),
            {"version": current["version"], **changes},
            format="json",
        )
        statuses.append(response.status_code)
        if response.status_code == 200:
            seen[slug, key] = response.json()
            risks.add(seen[slug, key]["risk"])
    assert set(statuses) <= {200, 400}
    assert statuses.count(200) > 150
    assert risks == set(risk.RISKS)  # every level was entered (and left) along the way
    assert_counts_match_answers(two_lens_workload)
    # removing a lens takes its counts off the workload
    client.delete(review_url(two_lens_workload, TRICKY_SLUG))
    assert_counts_match_answers(two_lens_workload)
