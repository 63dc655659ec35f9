"""Issue 13 part 1: the shipped ML Lens rates risk exactly as AWS's official ML Lens does.

The official rules are facts kept in tests/catalog/data/ml-lens-official-risk-rules.tsv. Every
selection of every question's practices (and the "None of these" choice alone) is rated by the
app's own path (the rules loaded into the database, compiled and evaluated as answers are) and
compared with the TSV's rules evaluated by an independent oracle.
"""

from __future__ import annotations

import pytest

from catalog.choices import RISK_TO_FORMAT, Risk
from catalog.models import LensVersion, Question
from catalog.question_tree import question_rules
from catalog.riskrules import compile_rules, foundational_choices
from reviews import risk
from tests.catalog.factories import ML_SLUG
from tests.catalog.official_rules import (
    OFFICIAL_TSV,
    PREVIOUS_TSV,
    oracle,
    practice_selections,
    read_rules,
    shipped_document,
)

OFFICIAL = read_rules(OFFICIAL_TSV)


@pytest.fixture
def questions(ml_lens) -> list[Question]:
    version = ml_lens.versions.get()
    return list(version.questions.prefetch_related("choices", "risk_rules").order_by("order"))


def _app_rules(question: Question):
    return question_rules(question)


def _practices(question: Question) -> list[str]:
    return [choice.key for choice in question.choices.all() if not choice.is_none]


def test_it_stores_the_official_rules_of_every_question_in_order(questions):
    assert [q.key for q in questions] == list(OFFICIAL)
    for question in questions:
        stored = [
            (rule.condition, RISK_TO_FORMAT[Risk(rule.risk)]) for rule in question.risk_rules.all()
        ]
        assert stored == OFFICIAL[question.key], question.key
        assert [rule.order for rule in question.risk_rules.all()] == list(range(len(stored)))


def test_it_gives_the_official_risk_for_every_selection_of_every_question(questions):
    """Exhaustive: 16,759 sets of practices plus the 35 "None of these" answers."""
    checked = none_checked = 0
    for question in questions:
        rules = _app_rules(question)
        for selected in practice_selections(_practices(question)):
            expected = oracle(OFFICIAL[question.key], selected)
            got = risk.answer_risk(rules=rules, selected=selected, is_applicable=True)
            assert got == expected, (question.key, sorted(selected))
            checked += 1
        none = frozenset({f"{question.key}_no"})
        expected = oracle(OFFICIAL[question.key], none)
        assert risk.answer_risk(rules=rules, selected=none, is_applicable=True) == expected
        none_checked += 1
    assert (checked, none_checked) == (16_759, 35)


def test_it_keeps_not_applicable_and_unanswered_outside_the_rules(questions):
    for question in questions:
        rules = _app_rules(question)
        everything = _practices(question)
        assert risk.answer_risk(rules=rules, selected=everything, is_applicable=False) == (
            "NOT_APPLICABLE"
        )
        assert risk.answer_risk(rules=rules, selected=[], is_applicable=True) == "UNANSWERED"


def test_it_changes_the_risk_of_3981_of_16759_selections_from_the_previous_edition():
    """The figure of issue 13: how many answers the official rules rate differently."""
    previous = read_rules(PREVIOUS_TSV)
    changed = total = none_changed = 0
    for pillar in shipped_document()["pillars"]:
        for question in pillar["questions"]:
            key = question["id"]
            practices = [c["id"] for c in question["choices"] if not c["id"].endswith("_no")]
            for selected in practice_selections(practices):
                total += 1
                changed += oracle(previous[key], selected) != oracle(OFFICIAL[key], selected)
            none = frozenset({f"{key}_no"})
            none_changed += oracle(previous[key], none) != oracle(OFFICIAL[key], none)
    assert (changed, total) == (3_981, 16_759)
    # "None of these" alone: MLPERF03, MLPERF05 and MLCOST03 rate it MEDIUM, not HIGH.
    assert none_changed == 3


def test_it_derives_foundational_practices_from_the_rules_not_from_a_second_list(questions):
    """The shipped file records no ``foundational`` lists: they would have to agree with the
    rules, and one home per rule means deriving them."""
    for pillar in shipped_document()["pillars"]:
        for question in pillar["questions"]:
            assert "foundational" not in question.get("mllens", {}), question["id"]
    for question in questions:
        practices = _practices(question)
        everything = frozenset(practices)
        expected = [
            key
            for key in practices
            if len(practices) > 1 and oracle(OFFICIAL[question.key], everything - {key}) == "HIGH"
        ]
        assert foundational_choices(_app_rules(question), practices) == expected, question.key


def test_it_shows_the_derived_foundational_practices_in_the_version_tree(api, ml_lens):
    tree = api.get(f"/api/v1/lenses/{ML_SLUG}/versions/latest/").json()
    version = LensVersion.objects.get(lens=ml_lens)
    for entry in tree["questions"]:
        question = version.questions.get(key=entry["key"])
        practices = _practices(question)
        rules = compile_rules(OFFICIAL[question.key])
        assert entry["foundational"] == foundational_choices(rules, practices), entry["key"]
    by_key = {entry["key"]: entry for entry in tree["questions"]}
    # Spot checks a reader can verify against the TSV by eye.
    assert by_key["MLOPS02"]["foundational"] == ["MLOPS02_BP01", "MLOPS02_BP04"]
    assert by_key["MLSUS02"]["foundational"] == []
