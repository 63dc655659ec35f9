"""Questions and their choices (custom-lens spec, sections 2.3 and 2.4)."""

from __future__ import annotations

from typing import Any

from .context import Context, IdRegistry
from .extension import choice_extension, question_extension, take_long_title
from .fields import (
    check_count,
    check_id,
    check_keys,
    check_text,
    expect_list,
    expect_object,
    require,
)
from .nonechoice import NONE_SUFFIX, is_none_choice, looks_like_none, none_choice_problem
from .problems import pointer
from .resources import QUESTION_LINK_KEYS, additional_resources, question_links, resource
from .rules import risk_rules

# Canonical key order; "mllens" sits after the texts, as it does at the top level.
QUESTION_KEYS = ("id", "title", "description", "mllens", "helpfulResource", "choices", "riskRules")
CHOICE_KEYS = (
    "id",
    "title",
    "description",
    "mllens",
    "helpfulResource",
    "improvementPlan",
    "additionalResources",
)
MAX_CHOICES = 15
TITLE_MAX = 128
# The API's QuestionTitle/ChoiceTitle limit; lenient mode tolerates titles up to it, no further.
TITLE_HARD_MAX = 512
ID_WARN = 64


def question(ctx: Context, value: Any, ptr: str) -> dict[str, Any] | None:
    """Check one question with its choices and risk rules; return its canonical form.

    Question ids are unique lens-wide because answers are addressed by (lens, question id).
    A question needs at least one choice: there would be nothing to answer.
    """
    obj = expect_object(ctx, value, ptr, "a question")
    if obj is None:
        return None
    obj = check_keys(ctx, obj, ptr, [*QUESTION_KEYS, *QUESTION_LINK_KEYS], "a question")
    out: dict[str, Any] = {}
    if require(ctx, obj, ptr, "id", "a question"):
        out["id"] = check_id(ctx, obj["id"], pointer(ptr, "id"), "question id")
        if out["id"] is not None:
            ctx.question_ids.add(ctx, out["id"], pointer(ptr, "id"))
    if require(ctx, obj, ptr, "title", "a question"):
        out["title"] = _title(ctx, obj["title"], pointer(ptr, "title"), "question title")
    if "description" in obj:
        out["description"] = _description(ctx, obj["description"], pointer(ptr, "description"))
    if "helpfulResource" in obj:
        out["helpfulResource"] = resource(
            ctx, obj["helpfulResource"], pointer(ptr, "helpfulResource"), "helpfulResource"
        )
    question_links(ctx, obj, ptr, out)
    choices, choice_ids = _choices(ctx, obj, ptr)
    if "mllens" in obj:
        out["mllens"] = question_extension(ctx, obj["mllens"], pointer(ptr, "mllens"), choice_ids)
        take_long_title(out)
    out["choices"] = choices
    if require(ctx, obj, ptr, "riskRules", "a question"):
        out["riskRules"] = risk_rules(ctx, obj["riskRules"], pointer(ptr, "riskRules"), choice_ids)
    for index, item in enumerate(choices or ()):
        if item is not None and looks_like_none(item):
            ctx.add(none_choice_problem(item["id"], pointer(ptr, "choices", index, "id")))
    if choices is not None and not any(is_none_choice(cid) for cid in choice_ids):
        ctx.info(
            "NO_NONE_CHOICE",
            ptr,
            f"no 'None of these' choice (a choice id ending in {NONE_SUFFIX!r})",
        )
    return {key: out[key] for key in QUESTION_KEYS if key in out}


def _choices(ctx: Context, obj: dict[str, Any], ptr: str) -> tuple[list | None, set[str]]:
    if not require(ctx, obj, ptr, "choices", "a question"):
        return None, set()
    choices_ptr = pointer(ptr, "choices")
    items = expect_list(ctx, obj["choices"], choices_ptr, "choices")
    if items is None:
        return None, set()
    check_count(ctx, items, choices_ptr, "choices", MAX_CHOICES, minimum=1)
    registry = IdRegistry("choice id")
    choices = [choice(ctx, item, pointer(choices_ptr, i), registry) for i, item in enumerate(items)]
    ids = {c["id"] for c in choices if c is not None and isinstance(c.get("id"), str)}
    return choices, ids


def choice(ctx: Context, value: Any, ptr: str, registry: IdRegistry) -> dict[str, Any] | None:
    """Check one choice; its id goes into the question's ``registry``.

    ``description`` is not in the AWS format but the API and real files have it: kept silently.
    Every choice except the "None of these" one (id ending in ``_no``) needs improvement guidance.
    """
    obj = expect_object(ctx, value, ptr, "a choice")
    if obj is None:
        return None
    obj = check_keys(ctx, obj, ptr, CHOICE_KEYS, "a choice")
    out: dict[str, Any] = {}
    if require(ctx, obj, ptr, "id", "a choice"):
        out["id"] = check_id(ctx, obj["id"], pointer(ptr, "id"), "choice id", warn_above=ID_WARN)
        if out["id"] is not None:
            registry.add(ctx, out["id"], pointer(ptr, "id"))
    if require(ctx, obj, ptr, "title", "a choice"):
        out["title"] = _title(ctx, obj["title"], pointer(ptr, "title"), "choice title")
    if "description" in obj:
        out["description"] = _description(ctx, obj["description"], pointer(ptr, "description"))
    if "mllens" in obj:
        out["mllens"] = choice_extension(ctx, obj["mllens"], pointer(ptr, "mllens"))
        take_long_title(out)
    if "helpfulResource" in obj:
        out["helpfulResource"] = resource(
            ctx, obj["helpfulResource"], pointer(ptr, "helpfulResource"), "helpfulResource"
        )
    none_choice = is_none_choice(out.get("id"))
    if "improvementPlan" in obj:
        out["improvementPlan"] = resource(
            ctx,
            obj["improvementPlan"],
            pointer(ptr, "improvementPlan"),
            "improvementPlan",
            text_required=not none_choice,
        )
    elif not none_choice:
        ctx.error(
            "MISSING_FIELD",
            pointer(ptr, "improvementPlan"),
            "every choice except the 'None of these' choice (id ending in '_no') needs "
            "improvementPlan.displayText",
        )
    if "additionalResources" in obj:
        out["additionalResources"] = additional_resources(
            ctx, obj["additionalResources"], pointer(ptr, "additionalResources")
        )
    return out


def _title(ctx: Context, value: Any, ptr: str, what: str) -> str | None:
    return check_text(
        ctx, value, ptr, what, maximum=TITLE_MAX, lenient_up_to=TITLE_HARD_MAX, nonempty=True
    )


def _description(ctx: Context, value: Any, ptr: str) -> str | None:
    return check_text(ctx, value, ptr, "description", maximum=2048, warn_above=1024)
