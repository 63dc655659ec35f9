"""A question's ``riskRules``: syntax, choices named, levels, reachability and the default rule."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from catalog.riskrules import RISK_LEVELS, Default, Expr, RiskRuleSyntaxError, parse

from .context import Context
from .fields import check_count, check_keys, check_string, expect_list, expect_object, require
from .problems import pointer, show

RULE_KEYS = ("condition", "risk")
MAX_RULES = 3


@dataclass
class _Rule:
    ptr: str
    canonical: dict[str, Any]
    expr: Expr | None
    risk: str | None


def risk_rules(
    ctx: Context, value: Any, ptr: str, choice_ids: AbstractSet[str]
) -> list[dict[str, Any]] | None:
    """Check a question's risk rules and return their canonical list.

    Lenient mode drops rules after ``default`` (they can never apply) and, when ``default`` is
    missing, appends one with the level no other rule uses: with two levels unused, HIGH_RISK if
    the first rule is NO_RISK (the usual "best case first" pattern), else NO_RISK. When all
    three levels are taken no fourth rule may be added, so that stays an error.
    """
    items = expect_list(ctx, value, ptr, "riskRules")
    if items is None:
        return None
    rules = [
        rule
        for index, item in enumerate(items)
        if (rule := _rule(ctx, item, pointer(ptr, index), choice_ids)) is not None
    ]
    default_at = next((i for i, rule in enumerate(rules) if isinstance(rule.expr, Default)), None)
    if default_at is not None:
        for rule in rules[default_at + 1 :]:
            ctx.warning(
                "RISK_RULE_UNREACHABLE",
                rule.ptr,
                "this rule comes after the default rule, so it never applies"
                + ("" if ctx.strict else "; dropped"),
            )
        if not ctx.strict:
            rules = rules[: default_at + 1]
    # Lenient mode counts what it keeps, as it does for levels: dropped rules cannot clash.
    check_count(ctx, items if ctx.strict else rules, ptr, "risk rules", MAX_RULES)
    _check_levels(ctx, rules)
    canonical = [rule.canonical for rule in rules]
    if default_at is None:
        _missing_default(ctx, ptr, rules, canonical)
    return canonical


def _rule(ctx: Context, value: Any, ptr: str, choice_ids: AbstractSet[str]) -> _Rule | None:
    obj = expect_object(ctx, value, ptr, "a risk rule")
    if obj is None:
        return None
    obj = check_keys(ctx, obj, ptr, RULE_KEYS, "a risk rule")
    expr = condition = risk = None
    if require(ctx, obj, ptr, "condition", "a risk rule"):
        condition_ptr = pointer(ptr, "condition")
        condition = check_string(ctx, obj["condition"], condition_ptr, "condition")
        if condition is not None:
            expr = _parse(ctx, condition, condition_ptr, choice_ids)
    if require(ctx, obj, ptr, "risk", "a risk rule"):
        risk = check_string(ctx, obj["risk"], pointer(ptr, "risk"), "risk")
        if risk is not None and risk not in RISK_LEVELS:
            ctx.error(
                "RISK_VALUE",
                pointer(ptr, "risk"),
                f"risk {show(risk)} must be one of {', '.join(RISK_LEVELS)}",
            )
            risk = None
    return _Rule(ptr, {"condition": condition, "risk": risk}, expr, risk)


def _parse(ctx: Context, condition: str, ptr: str, choice_ids: AbstractSet[str]) -> Expr | None:
    try:
        expr = parse(condition)
    except RiskRuleSyntaxError as exc:
        ctx.error("RISK_RULE_SYNTAX", ptr, f"invalid condition: {exc}")
        return None
    folded = {choice.casefold(): choice for choice in choice_ids}
    for name in sorted(expr.choice_ids() - choice_ids):
        hint = folded.get(name.casefold())
        ctx.error(
            "RISK_RULE_UNKNOWN_CHOICE",
            ptr,
            f"the condition names {show(name)}, which is not a choice of this question"
            + (f" (ids are case-sensitive: did you mean {show(hint)}?)" if hint else ""),
        )
    return expr


def _check_levels(ctx: Context, rules: list[_Rule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.risk is None:
            continue
        if rule.risk in seen:
            ctx.error(
                "RISK_RULE_DUPLICATE_LEVEL",
                pointer(rule.ptr, "risk"),
                f"a second {rule.risk} rule (the first is {seen[rule.risk]}); "
                "a question has at most one rule per risk level",
            )
        else:
            seen[rule.risk] = rule.ptr


def _missing_default(
    ctx: Context, ptr: str, rules: list[_Rule], canonical: list[dict[str, Any]]
) -> None:
    message = "no default rule; every question needs one"
    used = {rule.risk for rule in rules}
    unused = [level for level in RISK_LEVELS if level not in used]
    if ctx.strict:
        ctx.error("RISK_RULE_DEFAULT_MISSING", ptr, message)
    elif not unused or len(rules) >= MAX_RULES:
        ctx.error(
            "RISK_RULE_DEFAULT_MISSING",
            ptr,
            f"{message}, and none can be added: a question has at most {MAX_RULES} rules, one "
            "per risk level, and all are taken; make the last rule's condition 'default'",
        )
    else:
        if len(unused) == 1:
            level, why = unused[0], "the level no other rule uses"
        elif rules and rules[0].risk == "NO_RISK":
            level, why = "HIGH_RISK", "as the rules start from the best case"
        else:
            level, why = "NO_RISK", "as the rules start from the worst case"
        canonical.append({"condition": "default", "risk": level})
        ctx.warning(
            "RISK_RULE_DEFAULT_MISSING", ptr, f"{message}; added 'default' with {level}, {why}"
        )
