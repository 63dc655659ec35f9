"""The pure comparison of two workload states (reviews/compare.py), on hand-built data."""

from __future__ import annotations

import pytest

from reviews import risk
from reviews.compare import compare_review, compare_states, direction

# Two versions of one lens. Version 1: q1 (sec/build), q2 (sec/run), q3 (rel/build).
# Version 2: q1 unchanged, q2 lost choice c and gained d, q3 removed, q4 (rel/run) added.


def _choices(*keys: str) -> dict:
    choices = {
        key: {
            "title": f"Practice {key}",
            "best_practice_id": f"BP-{key.upper()}",
            "order": index,
            "is_none": False,
        }
        for index, key in enumerate(keys)
    }
    choices["no"] = {"title": "None of these", "best_practice_id": "", "order": 99, "is_none": True}
    return choices


def _question(title: str, pillar: str, phase: str, *choices: str) -> dict:
    return {"title": title, "pillar": pillar, "phase": phase, "choices": _choices(*choices)}


CATALOGUES = {
    1: {
        "q1": _question("Question 1", "sec", "build", "a", "b", "c"),
        "q2": _question("Question 2", "sec", "run", "a", "b", "c"),
        "q3": _question("Question 3", "rel", "build", "a", "b"),
    },
    2: {
        "q1": _question("Question 1", "sec", "build", "a", "b", "c"),
        "q2": _question("Question 2 (new wording)", "sec", "run", "a", "b", "d"),
        "q4": _question("Question 4", "rel", "run", "a", "b"),
    },
}
PILLARS = {"sec": "Security", "rel": "Reliability"}
PHASES = {"build": "Build", "run": "Run"}


def _answer(key: str, risk_: str, selected=(), *, na=(), applicable=True, notes="") -> dict:
    question = CATALOGUES[2].get(key) or CATALOGUES[1][key]
    return {
        "question_key": key,
        "pillar_key": question["pillar"],
        "phase_key": question["phase"],
        "selected_choices": list(selected),
        "choice_statuses": {k: {"reason": "OUT_OF_SCOPE", "notes": ""} for k in na},
        "is_applicable": applicable,
        "reason": "" if applicable else "OUT_OF_SCOPE",
        "notes": notes,
        "risk": risk_,
    }


def _state(version: int, answers: list[dict], items=(), lens: str = "lens") -> dict:
    counts = risk.empty_counts()
    for entry in answers:
        counts[entry["risk"]] += 1
    return {
        "lens": lens,
        "lens_name": "A lens",
        "lens_version": f"{version}.0",
        "lens_version_id": version,
        "answers": answers,
        "improvement_items": [
            {"question_key": q, "choice_key": c, "owner_id": None, "due_date": None, "note": ""}
            | fields
            for q, c, fields in items
        ],
        "risk_summary": risk.summarize(answers),
        "risk_counts": counts,
        "pillar_names": PILLARS,
        "phase_names": PHASES,
    }


def _question_of(result: dict, key: str) -> dict:
    return next(q for q in result["questions"] if q["question_key"] == key)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("HIGH", "MEDIUM", "improved"),
        ("HIGH", "NONE", "improved"),
        ("HIGH", "NOT_APPLICABLE", "improved"),
        ("HIGH", "UNANSWERED", "improved"),
        ("MEDIUM", "NONE", "improved"),
        ("MEDIUM", "NOT_APPLICABLE", "improved"),
        ("UNANSWERED", "NONE", "improved"),
        ("UNANSWERED", "NOT_APPLICABLE", "improved"),
        ("MEDIUM", "HIGH", "regressed"),
        ("NONE", "HIGH", "regressed"),
        ("NONE", "MEDIUM", "regressed"),
        ("NOT_APPLICABLE", "MEDIUM", "regressed"),
        ("UNANSWERED", "HIGH", "regressed"),
        ("UNANSWERED", "MEDIUM", "regressed"),
        ("NONE", "UNANSWERED", "regressed"),
        ("HIGH", "HIGH", "unchanged"),
        ("MEDIUM", "MEDIUM", "unchanged"),
        ("UNANSWERED", "UNANSWERED", "unchanged"),
        ("NONE", "NONE", "unchanged"),
        ("NONE", "NOT_APPLICABLE", "unchanged"),
        ("NOT_APPLICABLE", "NONE", "unchanged"),
        (None, "HIGH", "new"),
        (None, "UNANSWERED", "new"),
        ("HIGH", None, "removed"),
        ("NONE", None, "removed"),
    ],
)
def test_it_gives_each_pair_of_risks_its_direction(before, after, expected):
    assert direction(before, after) == expected


def test_it_reports_best_practices_gained_and_lost_in_lens_order():
    before = _state(1, [_answer("q1", "MEDIUM", ["a", "c"])])
    after = _state(1, [_answer("q1", "NONE", ["a", "b"])])
    change = _question_of(compare_review(before, after, CATALOGUES), "q1")
    assert change["direction"] == "improved"
    assert change["gained"] == [{"key": "b", "title": "Practice b", "best_practice_id": "BP-B"}]
    assert change["lost"] == [{"key": "c", "title": "Practice c", "best_practice_id": "BP-C"}]
    assert (change["risk_before"], change["risk_after"]) == ("MEDIUM", "NONE")


def test_it_does_not_count_none_of_these_as_a_best_practice():
    before = _state(1, [_answer("q1", "MEDIUM", ["a", "b"])])
    after = _state(1, [_answer("q1", "HIGH", ["no"])])
    change = _question_of(compare_review(before, after, CATALOGUES), "q1")
    assert change["gained"] == []
    assert [c["key"] for c in change["lost"]] == ["a", "b"]
    back = _question_of(compare_review(after, before, CATALOGUES), "q1")
    assert [c["key"] for c in back["gained"]] == ["a", "b"]
    assert back["lost"] == []


def test_it_reports_choices_marked_and_unmarked_not_applicable():
    before = _state(1, [_answer("q1", "HIGH", ["a"], na=["c"])])
    after = _state(1, [_answer("q1", "HIGH", ["a"], na=["b"])])
    change = _question_of(compare_review(before, after, CATALOGUES), "q1")
    assert [c["key"] for c in change["not_applicable_added"]] == ["b"]
    assert [c["key"] for c in change["not_applicable_removed"]] == ["c"]
    assert change["gained"] == change["lost"] == []
    assert change["direction"] == "unchanged"


def test_it_reports_a_question_becoming_not_applicable_and_back():
    before = _state(1, [_answer("q1", "NONE", ["a", "b", "c"]), _answer("q2", "HIGH", ["no"])])
    after = _state(
        1,
        [
            _answer("q1", "NOT_APPLICABLE", ["a", "b", "c"], applicable=False),
            _answer("q2", "HIGH", ["no"]),
        ],
    )
    result = compare_review(before, after, CATALOGUES)
    q1, q2 = _question_of(result, "q1"), _question_of(result, "q2")
    assert q1["applicability_changed"] is True
    assert (q1["is_applicable_before"], q1["is_applicable_after"]) == (True, False)
    assert q1["direction"] == "unchanged"  # no risk either way
    assert q2["applicability_changed"] is False
    back = _question_of(compare_review(after, before, CATALOGUES), "q1")
    assert back["applicability_changed"] is True
    assert (back["is_applicable_before"], back["is_applicable_after"]) == (False, True)


def test_it_reports_changed_notes():
    before = _state(1, [_answer("q1", "HIGH", ["no"], notes="Nothing yet."), _answer("q2", "HIGH")])
    after = _state(
        1, [_answer("q1", "HIGH", ["no"], notes="Still nothing."), _answer("q2", "HIGH")]
    )
    result = compare_review(before, after, CATALOGUES)
    q1 = _question_of(result, "q1")
    assert q1["notes_changed"] is True
    assert (q1["notes_before"], q1["notes_after"]) == ("Nothing yet.", "Still nothing.")
    assert _question_of(result, "q2")["notes_changed"] is False


def test_it_matches_questions_by_key_across_lens_versions():
    before = _state(
        1,
        [
            _answer("q1", "MEDIUM", ["a"]),
            _answer("q2", "MEDIUM", ["a", "c"]),
            _answer("q3", "HIGH", ["no"]),
        ],
    )
    after = _state(
        2,
        [
            _answer("q1", "MEDIUM", ["a"]),
            _answer("q2", "NONE", ["a", "b", "d"]),
            _answer("q4", "UNANSWERED"),
        ],
    )
    result = compare_review(before, after, CATALOGUES)
    assert (result["base_version"], result["target_version"]) == ("1.0", "2.0")
    assert [q["question_key"] for q in result["questions"]] == ["q1", "q2", "q4", "q3"]
    directions = {q["question_key"]: q["direction"] for q in result["questions"]}
    assert directions == {"q1": "unchanged", "q2": "improved", "q4": "new", "q3": "removed"}
    q2 = _question_of(result, "q2")
    assert q2["title"] == "Question 2 (new wording)"
    assert [c["key"] for c in q2["gained"]] == ["b", "d"]
    assert q2["lost"] == [{"key": "c", "title": "Practice c", "best_practice_id": "BP-C"}]
    q4, q3 = _question_of(result, "q4"), _question_of(result, "q3")
    assert (q4["risk_before"], q4["risk_after"], q4["title"]) == (None, "UNANSWERED", "Question 4")
    assert (q3["risk_before"], q3["risk_after"], q3["title"]) == ("HIGH", None, "Question 3")
    assert q3["lost"] == []  # "None of these" only
    assert q4["applicability_changed"] is q3["applicability_changed"] is False
    assert q4["notes_changed"] is q3["notes_changed"] is False


def test_it_counts_per_pillar_phase_and_cell_before_and_after():
    before = _state(1, [_answer("q1", "HIGH"), _answer("q2", "MEDIUM"), _answer("q3", "HIGH")])
    after = _state(2, [_answer("q1", "NONE"), _answer("q2", "MEDIUM"), _answer("q4", "HIGH")])
    result = compare_review(before, after, CATALOGUES)
    zero = risk.empty_counts()

    def counts(**values):
        return {**zero, **values}

    assert result["risk_counts"] == {
        "before": counts(HIGH=2, MEDIUM=1),
        "after": counts(HIGH=1, MEDIUM=1, NONE=1),
    }
    assert result["pillars"] == [
        {"key": "sec", "name": "Security", "before": counts(HIGH=1, MEDIUM=1),
         "after": counts(NONE=1, MEDIUM=1)},
        {"key": "rel", "name": "Reliability", "before": counts(HIGH=1), "after": counts(HIGH=1)},
    ]  # fmt: skip
    assert result["phases"] == [
        {"key": "build", "name": "Build", "before": counts(HIGH=2), "after": counts(NONE=1)},
        {"key": "run", "name": "Run", "before": counts(MEDIUM=1),
         "after": counts(MEDIUM=1, HIGH=1)},
    ]  # fmt: skip
    assert result["matrix"] == [
        {"pillar": "sec", "phase": "build", "before": counts(HIGH=1), "after": counts(NONE=1)},
        {"pillar": "sec", "phase": "run", "before": counts(MEDIUM=1), "after": counts(MEDIUM=1)},
        {"pillar": "rel", "phase": "build", "before": counts(HIGH=1), "after": zero},
        {"pillar": "rel", "phase": "run", "before": zero, "after": counts(HIGH=1)},
    ]


def test_it_orders_cells_by_the_lens_whatever_order_the_stored_summary_has():
    before = _state(1, [_answer("q1", "HIGH"), _answer("q2", "MEDIUM"), _answer("q3", "HIGH")])
    scrambled = {
        part: dict(reversed(list(values.items())))
        for part, values in before["risk_summary"].items()
    }
    before["risk_summary"] = {
        part: {key: dict(reversed(list(c.items()))) for key, c in values.items()}
        for part, values in scrambled.items()
    }
    result = compare_review(before, before, CATALOGUES)
    assert [(c["pillar"], c["phase"]) for c in result["matrix"]] == [
        ("sec", "build"),
        ("sec", "run"),
        ("rel", "build"),
    ]
    assert list(result["matrix"][0]["before"]) == risk.RISKS
    assert [p["key"] for p in result["pillars"]] == ["sec", "rel"]


def test_it_keeps_names_of_pillars_only_the_base_version_has():
    before = _state(1, [_answer("q3", "HIGH")])
    before["pillar_names"] = {**PILLARS, "old": "Retired pillar"}
    before["answers"][0]["pillar_key"] = "old"
    before["risk_summary"] = risk.summarize(before["answers"])
    after = _state(2, [_answer("q1", "HIGH")])
    pillars = compare_review(before, after, CATALOGUES)["pillars"]
    assert [(p["key"], p["name"]) for p in pillars] == [
        ("sec", "Security"),
        ("rel", "Reliability"),
        ("old", "Retired pillar"),
    ]


def test_it_reports_improvement_items_opened_closed_and_changed():
    before = _state(
        1,
        [
            _answer("q1", "HIGH", ["no"]),  # plan: a, b, c
            _answer("q2", "MEDIUM", ["a"]),  # plan: b, c
            _answer("q3", "NONE", ["a", "b"]),  # none
        ],
        items=[
            ("q1", "a", {"status": "IN_PROGRESS", "owner_id": 7}),
            ("q1", "b", {"status": "OPEN", "note": "Soon."}),
            ("q2", "b", {"status": "OPEN", "due_date": "2031-01-01"}),
        ],
    )
    after = _state(
        1,
        [
            _answer("q1", "MEDIUM", ["a"]),  # plan: b, c
            _answer("q2", "MEDIUM", ["a"], na=["c"]),  # plan: b
            _answer("q3", "HIGH", ["a"]),  # plan: b
        ],
        items=[
            ("q1", "b", {"status": "DONE", "note": "Soon."}),
            ("q2", "b", {"status": "OPEN", "due_date": "2031-02-01"}),
        ],
    )
    items = compare_review(before, after, CATALOGUES)["improvement_items"]
    assert [(i["question_key"], i["choice_key"]) for i in items["opened"]] == [("q3", "b")]
    assert [(i["question_key"], i["choice_key"], i["status"]) for i in items["closed"]] == [
        ("q1", "a", "IN_PROGRESS"),
        ("q2", "c", "OPEN"),
    ]
    assert items["closed"][0]["title"] == "Practice a"
    changed = [
        (i["question_key"], i["choice_key"], i["fields"], i["status_before"], i["status"])
        for i in items["changed"]
    ]
    assert changed == [
        ("q1", "b", ["status"], "OPEN", "DONE"),
        ("q2", "b", ["due_date"], "OPEN", "OPEN"),
    ]


def test_it_summarizes_directions_and_high_and_medium_counts():
    before = [
        _state(1, [_answer("q1", "HIGH"), _answer("q2", "MEDIUM"), _answer("q3", "UNANSWERED")]),
        _state(1, [_answer("q1", "HIGH")], lens="gone"),
    ]
    after = [
        _state(2, [_answer("q1", "MEDIUM"), _answer("q2", "HIGH"), _answer("q4", "MEDIUM")]),
        _state(2, [_answer("q1", "NONE")], lens="added"),
    ]
    result = compare_states(before, after, CATALOGUES)
    assert result["summary"] == {
        "questions": {"improved": 1, "regressed": 1, "unchanged": 0, "new": 2, "removed": 2},
        "high": {"before": 2, "after": 1},
        "medium": {"before": 1, "after": 2},
    }
    assert [lens["lens"] for lens in result["lenses"]] == ["lens", "added", "gone"]
    gone = result["lenses"][2]
    assert (gone["base_version"], gone["target_version"]) == ("1.0", None)
    assert gone["risk_counts"]["after"] == risk.empty_counts()


def test_it_reports_nothing_changed_for_the_same_state():
    state = _state(1, [_answer("q1", "HIGH", ["no"]), _answer("q2", "NONE", ["a", "b", "c"])])
    result = compare_states([state], [state], CATALOGUES)
    assert result["summary"]["questions"] == {
        "improved": 0,
        "regressed": 0,
        "unchanged": 2,
        "new": 0,
        "removed": 0,
    }
    lens = result["lenses"][0]
    assert lens["improvement_items"] == {"opened": [], "closed": [], "changed": []}
    for question in lens["questions"]:
        assert question["gained"] == question["lost"] == []
        assert not question["applicability_changed"]
        assert not question["notes_changed"]
