"""Risk rules inside a lens: syntax, named choices, levels, reachability and the default rule."""

from __future__ import annotations

import pytest

from catalog.lensformat import validate
from tests.catalog.lensdocs import errors, lens_doc, q_ptr, question, rejection

BOTH = pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])


def _with_rules(*rules: tuple[str, str]) -> dict:
    doc = lens_doc()
    question(doc)["riskRules"] = [{"condition": c, "risk": r} for c, r in rules]
    return doc


def _rule_ptr(index: int, *rest: str) -> str:
    return q_ptr(0, 0, "riskRules", index, *rest)


@BOTH
def test_it_reports_condition_syntax_errors_with_their_position(strict):
    doc = _with_rules(("p1q1_c1 && )", "NO_RISK"), ("default", "HIGH_RISK"))
    exc = rejection(doc, strict=strict)
    assert [(p.code, p.pointer) for p in exc.problems] == [
        ("RISK_RULE_SYNTAX", _rule_ptr(0, "condition"))
    ]
    assert exc.problems[0].message == "invalid condition: unexpected ')' at position 11"


@BOTH
@pytest.mark.parametrize(
    "condition",
    ["", "p1q1_c1 &", "(p1q1_c1", "p1q1_c1 ||", "p1q1_c1 %", "ab", "p1q1_c1 && default", "&&"],
)
def test_it_rejects_every_kind_of_bad_condition(condition, strict):
    doc = _with_rules((condition, "NO_RISK"), ("default", "HIGH_RISK"))
    assert errors(doc, strict=strict) == {("RISK_RULE_SYNTAX", _rule_ptr(0, "condition"))}


def test_it_fails_fast_on_a_ten_thousand_operator_condition():
    doc = _with_rules(("p1q1_c1 && " * 10_000 + "p1q1_c1", "NO_RISK"), ("default", "HIGH_RISK"))
    exc = rejection(doc)
    assert exc.code == "RISK_RULE_SYNTAX"
    assert "more than 512 tokens" in exc.message


def test_it_rejects_a_control_character_in_a_condition_as_charset():
    doc = _with_rules(("p1q1_c1\x00", "NO_RISK"), ("default", "HIGH_RISK"))
    assert errors(doc) == {("CHARSET", _rule_ptr(0, "condition"))}


@BOTH
def test_it_names_each_unknown_choice_in_a_condition(strict):
    doc = _with_rules(("p1q1_c1 && nope_1 || !p2q1_c1", "NO_RISK"), ("default", "HIGH_RISK"))
    exc = rejection(doc, strict=strict)
    assert [(p.code, p.pointer) for p in exc.problems] == [
        ("RISK_RULE_UNKNOWN_CHOICE", _rule_ptr(0, "condition")),
        ("RISK_RULE_UNKNOWN_CHOICE", _rule_ptr(0, "condition")),
    ]
    assert "'nope_1'" in exc.problems[0].message
    assert "'p2q1_c1'" in exc.problems[1].message


def test_it_hints_at_a_choice_id_that_differs_only_in_case():
    doc = _with_rules(("P1Q1_C1", "NO_RISK"), ("default", "HIGH_RISK"))
    message = rejection(doc).problems[0].message
    assert "did you mean 'p1q1_c1'?" in message


def test_it_lets_rules_refer_to_the_none_choice():
    doc = _with_rules(("(!p1q1_no) && p1q1_c1", "NO_RISK"), ("default", "HIGH_RISK"))
    validate(doc, strict=True)


@BOTH
@pytest.mark.parametrize("risk", ["LOW_RISK", "high_risk", "HIGH", "", "NOT_APPLICABLE"])
def test_it_rejects_unknown_risk_values(risk, strict):
    doc = _with_rules(("p1q1_c1", risk), ("default", "HIGH_RISK"))
    assert errors(doc, strict=strict) == {("RISK_VALUE", _rule_ptr(0, "risk"))}


@BOTH
def test_it_reports_type_for_a_risk_that_is_not_a_string(strict):
    doc = _with_rules(("p1q1_c1", None), ("default", "HIGH_RISK"))
    assert errors(doc, strict=strict) == {("TYPE", _rule_ptr(0, "risk"))}


@BOTH
def test_it_rejects_two_rules_with_the_same_level(strict):
    doc = _with_rules(("p1q1_c1", "NO_RISK"), ("p1q1_c2", "NO_RISK"), ("default", "HIGH_RISK"))
    assert errors(doc, strict=strict) == {("RISK_RULE_DUPLICATE_LEVEL", _rule_ptr(1, "risk"))}


def test_it_warns_about_and_drops_rules_after_default_in_lenient_mode():
    doc = _with_rules(("p1q1_c1", "NO_RISK"), ("default", "HIGH_RISK"), ("p1q1_c2", "MEDIUM_RISK"))
    result = validate(doc)
    assert [(w.code, w.pointer, w.severity) for w in result.warnings] == [
        ("RISK_RULE_UNREACHABLE", _rule_ptr(2), "warning")
    ]
    assert question(result.document)["riskRules"] == question(doc)["riskRules"][:2]


def test_it_warns_about_but_keeps_rules_after_default_in_strict_mode():
    doc = _with_rules(("default", "NO_RISK"), ("p1q1_c2", "HIGH_RISK"))
    result = validate(doc, strict=True)
    assert [(w.code, w.pointer) for w in result.warnings] == [
        ("RISK_RULE_UNREACHABLE", _rule_ptr(1))
    ]
    assert question(result.document)["riskRules"] == question(doc)["riskRules"]


def test_it_counts_only_kept_rules_against_the_limit_in_lenient_mode():
    doc = _with_rules(
        ("p1q1_c1", "NO_RISK"),
        ("default", "HIGH_RISK"),
        ("p1q1_c2", "MEDIUM_RISK"),
        ("p1q1_c3", "MEDIUM_RISK"),
    )
    assert len(question(validate(doc).document)["riskRules"]) == 2
    assert errors(doc, strict=True) == {
        ("LIMIT", q_ptr(0, 0, "riskRules")),
        ("RISK_RULE_DUPLICATE_LEVEL", _rule_ptr(3, "risk")),
    }


def test_it_still_checks_unreachable_rules_for_errors():
    doc = _with_rules(("default", "NO_RISK"), ("p1q1_c2 &&", "HIGH_RISK"))
    assert errors(doc) == {("RISK_RULE_SYNTAX", _rule_ptr(1, "condition"))}


def test_it_ignores_a_level_repeated_only_by_a_dropped_rule_in_lenient_mode():
    doc = _with_rules(("default", "NO_RISK"), ("p1q1_c2", "NO_RISK"))
    assert question(validate(doc).document)["riskRules"] == [
        {"condition": "default", "risk": "NO_RISK"}
    ]
    assert ("RISK_RULE_DUPLICATE_LEVEL", _rule_ptr(1, "risk")) in errors(doc, strict=True)


def test_it_rejects_a_missing_default_rule_in_strict_mode():
    doc = _with_rules(("p1q1_c1", "NO_RISK"), ("p1q1_c2", "MEDIUM_RISK"))
    assert errors(doc, strict=True) == {("RISK_RULE_DEFAULT_MISSING", q_ptr(0, 0, "riskRules"))}


@pytest.mark.parametrize(
    ("rules", "added"),
    [
        ([("p1q1_c1", "NO_RISK"), ("p1q1_c2", "MEDIUM_RISK")], "HIGH_RISK"),
        ([("p1q1_c1", "HIGH_RISK"), ("p1q1_c2", "MEDIUM_RISK")], "NO_RISK"),
        ([("p1q1_c1", "HIGH_RISK"), ("p1q1_c2", "NO_RISK")], "MEDIUM_RISK"),
        ([("p1q1_c1", "NO_RISK")], "HIGH_RISK"),
        ([("p1q1_c1", "MEDIUM_RISK")], "NO_RISK"),
        ([("p1q1_c1", "HIGH_RISK")], "NO_RISK"),
        ([], "NO_RISK"),
    ],
)
def test_it_adds_a_default_rule_with_an_unused_level_in_lenient_mode(rules, added):
    doc = _with_rules(*rules)
    result = validate(doc)
    warning = result.warnings[0]
    assert (warning.code, warning.pointer, warning.severity) == (
        "RISK_RULE_DEFAULT_MISSING",
        q_ptr(0, 0, "riskRules"),
        "warning",
    )
    assert added in warning.message
    expected = [*question(doc)["riskRules"], {"condition": "default", "risk": added}]
    assert question(result.document)["riskRules"] == expected


def test_it_cannot_add_a_default_when_all_three_levels_are_used():
    doc = _with_rules(("p1q1_c1", "NO_RISK"), ("p1q1_c2", "MEDIUM_RISK"), ("p1q1_c3", "HIGH_RISK"))
    exc = rejection(doc)
    assert [(p.code, p.pointer) for p in exc.problems] == [
        ("RISK_RULE_DEFAULT_MISSING", q_ptr(0, 0, "riskRules"))
    ]
    assert "none can be added" in exc.message


def test_it_accepts_high_risk_first_ordering():
    doc = _with_rules(
        ("!p1q1_c1 && !p1q1_c2", "HIGH_RISK"),
        ("!p1q1_c3", "MEDIUM_RISK"),
        ("default", "NO_RISK"),
    )
    result = validate(doc, strict=True)
    assert result.warnings == []
    assert result.document == doc


def test_it_keeps_condition_text_as_written():
    doc = _with_rules(("  (p1q1_c1)&&!p1q1_c2 ", "NO_RISK"), (" default ", "HIGH_RISK"))
    assert question(validate(doc, strict=True).document)["riskRules"] == question(doc)["riskRules"]
