"""The answer rules shared by the answer API and the workload import, as plain data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reviews import answer_rules as rules

KNOWN = {"q_c1": False, "q_c2": False, "q_c3": False, "q_no": True}


def _codes(problems) -> list[tuple[str, str]]:
    return [(p.code, p.pointer) for p in problems]


def test_it_names_each_unknown_choice_at_its_own_pointer():
    entries = [("0", "q_c1"), ("1", "nope"), ("2", "a/b")]
    assert _codes(rules.unknown_choice_problems(KNOWN, "selected_choices", entries)) == [
        ("UNKNOWN_CHOICE", "/selected_choices/1"),
        ("UNKNOWN_CHOICE", "/selected_choices/2"),
    ]


def test_it_refuses_none_of_these_with_others_and_a_choice_both_selected_and_not_applicable():
    """Issue 12 finding 4: the invariants the import used to bypass."""
    assert _codes(rules.combination_problems(KNOWN, ["q_no", "q_c1"], [])) == [
        ("NONE_EXCLUSIVE", "/selected_choices")
    ]
    assert _codes(rules.combination_problems(KNOWN, ["q_c1"], ["q_c1", "q_c2"])) == [
        ("SELECTED_AND_NOT_APPLICABLE", "/choice_statuses/q_c1")
    ]
    assert rules.combination_problems(KNOWN, ["q_no", "q_no"], []) == []


def test_it_refuses_none_of_these_not_applicable_and_long_choice_notes():
    problems = rules.not_applicable_problems(KNOWN, {"q_no": "", "q_c1": "n" * 251, "q_c2": ""})
    assert _codes(problems) == [
        ("NONE_NOT_APPLICABLE", "/choice_statuses/q_no"),
        ("LENGTH", "/choice_statuses/q_c1/notes"),
    ]


def test_it_puts_problems_under_a_base_pointer():
    problems = rules.under("/reviews/0/answers/3", rules.notes_problems("n" * 10_001))
    assert _codes(problems) == [("LENGTH", "/reviews/0/answers/3/notes")]
    assert problems[0].field == "reviews.0.answers.3.notes"


@given(st.lists(st.sampled_from(sorted(KNOWN))))
def test_it_orders_a_selection_as_the_lens_does_without_repeats(selected):
    ordered = rules.in_lens_order(KNOWN, selected)
    assert ordered == [key for key in KNOWN if key in selected]


def test_it_gives_a_not_applicable_question_a_reason_and_an_applicable_one_none():
    assert rules.reason_for(True, "OTHER") == ""
    assert rules.reason_for(False, "") == "NONE"
    assert rules.reason_for(False, "OTHER") == "OTHER"
