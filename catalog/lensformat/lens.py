"""The lens document and its pillars (custom-lens spec, sections 2.1 and 2.2)."""

from __future__ import annotations

from typing import Any

from .context import Context
from .extension import lens_extension, pillar_extension
from .fields import (
    check_count,
    check_id,
    check_keys,
    check_text,
    expect_list,
    expect_object,
    require,
)
from .problems import pointer, show
from .question import question

SCHEMA_VERSION = "2021-11-01"
LENS_KEYS = ("schemaVersion", "name", "description", "mllens", "pillars")
PILLAR_KEYS = ("id", "name", "description", "mllens", "questions")
OFFICIAL_PILLARS = (
    "operationalExcellence",
    "security",
    "reliability",
    "performance",
    "costOptimization",
    "sustainability",
)
_OFFICIAL_FOLDED = {pillar.casefold(): pillar for pillar in OFFICIAL_PILLARS}
MAX_PILLARS = 10
MAX_QUESTIONS = 20
NAME_MAX = 128
DESCRIPTION_MAX = 2048
DESCRIPTION_WARN = 1024
ID_WARN = 64


def lens(ctx: Context, value: Any) -> dict[str, Any] | None:
    """Check a whole lens document and return its canonical form (keys in spec order).

    The lens ``description`` is optional: the spec's MISSING_FIELD list does not name it.
    """
    obj = expect_object(ctx, value, "", "a lens document")
    if obj is None:
        return None
    obj = check_keys(ctx, obj, "", LENS_KEYS, "the lens")
    out: dict[str, Any] = {}
    version = obj.get("schemaVersion")
    if version != SCHEMA_VERSION:
        found = "is missing" if "schemaVersion" not in obj else "is not " + repr(SCHEMA_VERSION)
        ctx.error("SCHEMA_VERSION", "/schemaVersion", f"schemaVersion {found}")
    out["schemaVersion"] = SCHEMA_VERSION
    if require(ctx, obj, "", "name", "the lens"):
        out["name"] = check_text(
            ctx, obj["name"], "/name", "lens name", maximum=NAME_MAX, nonempty=True
        )
    if "description" in obj:
        out["description"] = _description(ctx, obj["description"], "/description")
    # Questions refer to the phases declared here, so this goes first whatever the key order.
    if "mllens" in obj:
        out["mllens"] = lens_extension(ctx, obj["mllens"], "/mllens")
    if require(ctx, obj, "", "pillars", "the lens"):
        out["pillars"] = _pillars(ctx, obj["pillars"])
    _non_scoring(ctx, out.get("pillars"))
    return out


def _pillars(ctx: Context, value: Any) -> list[Any] | None:
    items = expect_list(ctx, value, "/pillars", "pillars")
    if items is None:
        return None
    check_count(ctx, items, "/pillars", "pillars", MAX_PILLARS, minimum=1)
    return [pillar(ctx, item, pointer("/pillars", i)) for i, item in enumerate(items)]


def pillar(ctx: Context, value: Any, ptr: str) -> dict[str, Any] | None:
    """Check one pillar and its questions; return its canonical form.

    A pillar needs at least one question (LIMIT): an empty pillar has nothing to review or score.
    Its ``description`` is not in the AWS format; it is kept for display (and dropped on AWS
    export) but still reported as UNKNOWN_KEY: a warning in lenient mode, an error in strict.
    A full export carries it as ``mllens.description``, which both modes accept.
    """
    obj = expect_object(ctx, value, ptr, "a pillar")
    if obj is None:
        return None
    obj = check_keys(ctx, obj, ptr, PILLAR_KEYS, "a pillar")
    out: dict[str, Any] = {}
    if require(ctx, obj, ptr, "id", "a pillar"):
        out["id"] = check_id(ctx, obj["id"], pointer(ptr, "id"), "pillar id", warn_above=ID_WARN)
        if out["id"] is not None:
            ctx.pillar_ids.add(ctx, out["id"], pointer(ptr, "id"))
            _official_case(ctx, out["id"], pointer(ptr, "id"))
    if require(ctx, obj, ptr, "name", "a pillar"):
        out["name"] = check_text(
            ctx, obj["name"], pointer(ptr, "name"), "pillar name", maximum=NAME_MAX, nonempty=True
        )
    if "description" in obj:
        ctx.tolerated(
            "UNKNOWN_KEY",
            pointer(ptr, "description"),
            "pillars have no description in the AWS format",
            "kept for display, left out of AWS exports",
        )
        out["description"] = _description(ctx, obj["description"], pointer(ptr, "description"))
    if "mllens" in obj:
        _pillar_extension(ctx, obj, ptr, out)
    if require(ctx, obj, ptr, "questions", "a pillar"):
        questions_ptr = pointer(ptr, "questions")
        items = expect_list(ctx, obj["questions"], questions_ptr, "questions")
        if items is not None:
            check_count(ctx, items, questions_ptr, "questions", MAX_QUESTIONS, minimum=1)
            out["questions"] = [
                question(ctx, item, pointer(questions_ptr, i)) for i, item in enumerate(items)
            ]
    return out


def _pillar_extension(ctx: Context, obj: dict[str, Any], ptr: str, out: dict[str, Any]) -> None:
    """Read a full export's ``mllens.description`` as the pillar's description."""
    extension = pillar_extension(ctx, obj["mllens"], pointer(ptr, "mllens"))
    if not extension or "description" not in extension:
        return
    if "description" in obj:
        ctx.error(
            "DUPLICATE_KEY",
            pointer(ptr, "mllens", "description"),
            "the pillar has both a description and mllens.description; keep one",
        )
        return
    out["description"] = extension["description"]


def _official_case(ctx: Context, pillar_id: str, ptr: str) -> None:
    official = _OFFICIAL_FOLDED.get(pillar_id.casefold())
    if official is not None and official != pillar_id:
        ctx.warning(
            "PILLAR_ID_CASE",
            ptr,
            f"pillar id {show(pillar_id)} differs only in case from the official {official!r}; "
            "it makes a separate custom pillar",
        )


def _description(ctx: Context, value: Any, ptr: str) -> str | None:
    return check_text(
        ctx, value, ptr, "description", maximum=DESCRIPTION_MAX, warn_above=DESCRIPTION_WARN
    )


def _non_scoring(ctx: Context, pillars: list[Any] | None) -> None:
    """Note a lens whose every question has the single rule ``default -> NO_RISK``."""
    questions = [q for p in pillars or () if p for q in p.get("questions") or () if q is not None]
    only_default = [{"condition": "default", "risk": "NO_RISK"}]
    if questions and all(_rules_text(q) == only_default for q in questions):
        ctx.info(
            "NON_SCORING",
            "",
            "every question's only risk rule is 'default' with NO_RISK, so no answer ever "
            "shows a risk or an improvement",
        )


def _rules_text(question: dict[str, Any]) -> list[dict[str, Any]] | None:
    rules = question.get("riskRules")
    if not rules:
        return None
    return [{"condition": (r.get("condition") or "").strip(), "risk": r.get("risk")} for r in rules]
