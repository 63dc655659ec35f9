"""The risk-rule engine: grammar, canonical text, evaluation and hostile conditions."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.riskrules import (
    MAX_DEPTH,
    MAX_TOKENS,
    RISK_LEVELS,
    And,
    Choice,
    CompiledRules,
    Default,
    Expr,
    Not,
    Or,
    RiskRuleSyntaxError,
    compile_rules,
    parse,
)

IDS = ("abc", "q1_c1", "q1_c2", "q1_no", "X_9", "Z" * 128)


# --- examples -------------------------------------------------------------------------------


def test_it_parses_default_alone_with_surrounding_whitespace():
    assert parse("default") == Default()
    assert parse("  default\n") == Default()


def test_it_parses_a_single_choice():
    assert parse("q1_c1") == Choice("q1_c1")


def test_it_gives_not_precedence_over_and_over_or():
    assert parse("!abc && q1_c1 || q1_c2") == Or(
        (And((Not(Choice("abc")), Choice("q1_c1"))), Choice("q1_c2"))
    )


def test_it_flattens_chains_and_parenthesised_groups_of_the_same_operator():
    expected = And((Choice("abc"), Choice("q1_c1"), Choice("q1_c2")))
    assert parse("abc && q1_c1 && q1_c2") == expected
    assert parse("abc && (q1_c1 && q1_c2)") == expected
    assert parse("((abc)) && ((q1_c1 && (q1_c2)))") == expected


def test_it_accepts_whitespace_between_tokens_but_needs_none():
    assert parse("!(abc||q1_c1)&&q1_c2") == parse(" ! ( abc \t|| q1_c1 ) \r\n&&  q1_c2 ")


def test_it_parses_the_aws_lab_example():
    tree = parse("(!ddbops1_1) || ddbops1_5")
    assert tree == Or((Not(Choice("ddbops1_1")), Choice("ddbops1_5")))
    assert tree.evaluate(set()) is True
    assert tree.evaluate({"ddbops1_1"}) is False
    assert tree.evaluate({"ddbops1_1", "ddbops1_5"}) is True


def test_it_renders_canonical_text():
    assert parse("abc&&(q1_c1||!q1_c2)").render() == "abc && (q1_c1 || !q1_c2)"
    assert str(parse("abc || q1_c1 && q1_c2")) == "abc || (q1_c1 && q1_c2)"
    assert parse("!(abc && q1_c1)").render() == "!(abc && q1_c1)"
    assert parse("!!abc").render() == "!!abc"
    assert Default().render() == "default"


def test_it_lists_the_choice_ids_a_condition_names():
    assert parse("abc && (q1_c1 || !abc)").choice_ids() == frozenset({"abc", "q1_c1"})
    assert parse("default").choice_ids() == frozenset()


def test_it_evaluates_and_or_not():
    tree = parse("abc && (q1_c1 || !q1_c2)")
    assert tree.evaluate({"abc"}) is True
    assert tree.evaluate({"abc", "q1_c2"}) is False
    assert tree.evaluate({"abc", "q1_c1", "q1_c2"}) is True
    assert tree.evaluate(frozenset()) is False


def test_it_makes_immutable_hashable_trees():
    tree = parse("abc && !q1_c1")
    with pytest.raises(AttributeError):
        tree.operands = ()  # type: ignore[misc]
    assert {tree, parse("abc&&!q1_c1")} == {tree}


def test_it_refuses_and_or_nodes_with_fewer_than_two_operands():
    with pytest.raises(ValueError, match="two operands"):
        And((Choice("abc"),))


@pytest.mark.parametrize(
    ("condition", "message", "position"),
    [
        ("abc && )", "unexpected ')'", 7),
        ("(abc", "missing ')'", 4),
        ("abc)", "unexpected ')'", 3),
        ("abc q1_c1", "unexpected 'q1_c1'", 4),
        ("abc & q1_c1", "unexpected '&' (operators are '&&' and '||')", 4),
        ("abc | q1_c1", "unexpected '|' (operators are '&&' and '||')", 4),
        ("abc &&", "unexpected end of condition", 6),
        ("abc ||   ", "unexpected end of condition", 9),
        ("!", "unexpected end of condition", 1),
        ("", "empty condition", 0),
        ("   ", "empty condition", 0),
        ("ab", "choice id 'ab' is shorter than 3 characters", 0),
        ("abc && xyz-1", "unexpected '-'", 10),
        ("abc && x", "choice id 'x' is shorter than 3 characters", 7),
        ("abc && caf\u00e9", "unexpected '\u00e9'", 10),
        ("abc\x00", "unexpected '\\x00'", 3),
        ("abc && default", "'default' must be the whole condition", 7),
        ("default || abc", "'default' must be the whole condition", 0),
        ("a" * 129, "choice id longer than 128 characters", 0),
        ("()", "unexpected ')'", 1),
    ],
)
def test_it_reports_syntax_errors_with_position(condition, message, position):
    with pytest.raises(RiskRuleSyntaxError) as caught:
        parse(condition)
    assert caught.value.message == message
    assert caught.value.position == position
    assert str(caught.value) == f"{message} at position {position}"
    assert isinstance(caught.value, ValueError)


def test_it_refuses_non_string_conditions():
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]


# --- hostile input --------------------------------------------------------------------------


def _fails_fast(condition: str, message: str, budget: float = 0.1) -> RiskRuleSyntaxError:
    # Generous budgets: these take about a millisecond (10 MB inputs: tens), so only a
    # pathological parser (quadratic, or recursing per token) can fail them on a busy machine.
    started = time.perf_counter()
    with pytest.raises(RiskRuleSyntaxError) as caught:
        parse(condition)
    assert time.perf_counter() - started < budget
    assert caught.value.message == message
    assert 0 <= caught.value.position <= len(condition)
    return caught.value


def test_it_fails_fast_on_ten_thousand_operators():
    _fails_fast("abc && " * 10_000 + "abc", f"more than {MAX_TOKENS} tokens")
    _fails_fast("abc" + " || abc" * 10_000, f"more than {MAX_TOKENS} tokens")


def test_it_fails_fast_on_ten_thousand_nested_parentheses():
    error = _fails_fast("(" * 10_000 + "abc" + ")" * 10_000, f"nesting deeper than {MAX_DEPTH}")
    assert error.position == MAX_DEPTH


def test_it_fails_fast_on_ten_thousand_negations():
    _fails_fast("!" * 10_000 + "abc", f"nesting deeper than {MAX_DEPTH}")


def test_it_fails_fast_on_a_ten_megabyte_identifier_or_blank():
    _fails_fast("a" * 10_000_000, "choice id longer than 128 characters", budget=1.0)
    _fails_fast(" " * 10_000_000, "empty condition", budget=1.0)


def test_it_accepts_nesting_up_to_the_limit():
    condition = "(" * MAX_DEPTH + "abc" + ")" * MAX_DEPTH
    assert parse(condition) == Choice("abc")
    with pytest.raises(RiskRuleSyntaxError, match="nesting deeper"):
        parse("(" + condition + ")")


def test_it_accepts_exactly_the_token_limit():
    condition = " && ".join(["abc"] * ((MAX_TOKENS + 1) // 2))
    assert len(parse(condition).operands) == (MAX_TOKENS + 1) // 2
    with pytest.raises(RiskRuleSyntaxError, match="tokens"):
        parse(condition + " && abc")


# --- compiled rules -------------------------------------------------------------------------


def test_it_maps_risk_values_to_levels():
    assert RISK_LEVELS == {"HIGH_RISK": "HIGH", "MEDIUM_RISK": "MEDIUM", "NO_RISK": "NONE"}


def test_it_returns_the_level_of_the_first_true_rule():
    rules = compile_rules(
        [("abc && q1_c1", "NO_RISK"), ("abc || q1_c1", "MEDIUM_RISK"), ("default", "HIGH_RISK")]
    )
    assert rules.evaluate({"abc", "q1_c1"}) == "NONE"
    assert rules.evaluate({"q1_c1"}) == "MEDIUM"
    assert rules.evaluate(set()) == "HIGH"


def test_it_lets_an_earlier_rule_win_even_when_a_later_one_also_holds():
    rules = compile_rules([("abc", "HIGH_RISK"), ("abc && q1_c1", "NO_RISK")])
    assert rules.evaluate({"abc", "q1_c1"}) == "HIGH"


def test_it_stops_at_default_because_it_is_always_true():
    rules = compile_rules([("default", "NO_RISK"), ("abc", "HIGH_RISK")])
    assert rules.evaluate({"abc"}) == "NONE"


def test_it_returns_none_when_no_rule_matches():
    rules = compile_rules([("abc", "NO_RISK"), ("q1_c1", "HIGH_RISK")])
    assert rules.evaluate({"q1_c2"}) is None
    assert compile_rules([]).evaluate({"abc"}) is None


def test_it_collects_the_choice_ids_of_all_rules():
    rules = compile_rules([("abc && !q1_c1", "NO_RISK"), ("default", "HIGH_RISK")])
    assert rules.choice_ids() == frozenset({"abc", "q1_c1"})
    assert isinstance(rules, CompiledRules)


def test_it_refuses_unknown_risk_values_and_bad_conditions():
    with pytest.raises(ValueError, match="unknown risk value"):
        compile_rules([("default", "LOW_RISK")])
    with pytest.raises(RiskRuleSyntaxError):
        compile_rules([("abc &&", "NO_RISK")])


# --- properties -----------------------------------------------------------------------------

ids = st.sampled_from(IDS)
choice_sets = st.frozensets(ids)


@st.composite
def trees(draw, depth: int = 4) -> Expr:
    """Random expression trees; small enough to stay far below the token and depth limits."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return Choice(draw(ids))
    kind = draw(st.sampled_from([Not, And, Or]))
    if kind is Not:
        return Not(draw(trees(depth - 1)))
    # Two operands near the root, up to three below: at most 36 leaves, about 300 tokens.
    width = 2 if depth > 2 else 3
    return kind(tuple(draw(st.lists(trees(depth - 1), min_size=2, max_size=width))))


def _space(draw) -> str:
    return draw(st.sampled_from(["", " ", "  ", "\t", "\n", " \r\n "]))


@st.composite
def noisy_text(draw, tree: Expr) -> str:
    """Render ``tree`` with random whitespace, and parentheses wherever they are optional."""

    def render(node: Expr, needs_parens: bool) -> str:
        if isinstance(node, Choice):
            text = node.id
        elif isinstance(node, Not):
            operand = node.operand
            text = "!" + _space(draw) + render(operand, isinstance(operand, And | Or))
        else:
            operator = "&&" if isinstance(node, And) else "||"
            parts = [
                render(child, isinstance(node, And) and isinstance(child, Or))
                for child in node.operands
            ]
            text = (_space(draw) + operator + _space(draw)).join(parts)
        if needs_parens or draw(st.integers(0, 4)) == 0:
            text = "(" + _space(draw) + text + _space(draw) + ")"
        return text

    return _space(draw) + render(tree, False) + _space(draw)


@given(st.data(), trees(), st.lists(choice_sets, min_size=1, max_size=8))
def test_it_parses_any_rendering_of_a_tree_to_an_equivalent_tree(data, tree, selections):
    text = data.draw(noisy_text(tree))
    parsed = parse(text)
    for selected in selections:
        assert parsed.evaluate(selected) == tree.evaluate(selected)
    assert parsed.choice_ids() == tree.choice_ids()


@given(trees())
def test_it_renders_text_that_reparses_to_an_equal_tree(tree):
    parsed = parse(tree.render())
    assert parse(parsed.render()) == parsed
    assert parse(str(parsed)) == parsed


MUTATIONS = ["drop_paren", "append_operator", "illegal_char", "short_id", "blank"]


@given(st.data(), trees(), st.sampled_from(MUTATIONS))
def test_it_rejects_broken_conditions_with_a_position_inside_the_text(data, tree, mutation):
    text = data.draw(noisy_text(tree))
    if mutation == "drop_paren":
        parens = [i for i, char in enumerate(text) if char in "()"]
        if not parens:
            text = "(" + text
        else:
            drop = data.draw(st.sampled_from(parens))
            text = text[:drop] + text[drop + 1 :]
    elif mutation == "append_operator":
        text += data.draw(st.sampled_from(["&&", " &&", "||", " |", "&", "!", " ! ", "(", "&&!"]))
    elif mutation == "illegal_char":
        at = data.draw(st.integers(0, len(text)))
        bad = data.draw(st.sampled_from(["%", "$", "-", ".", "\x00", "\u00e9", "'", '"', "=", "<"]))
        text = text[:at] + bad + text[at:]
    elif mutation == "short_id":
        text += data.draw(st.sampled_from([" && ab", "||x", " && (a1)", " || !__"]))
    else:
        text = data.draw(st.sampled_from(["", " ", "\n\t"]))
    with pytest.raises(RiskRuleSyntaxError) as caught:
        parse(text)
    assert 0 <= caught.value.position <= len(text)
