"""Our ``mllens`` extension objects: lifecycle phases, design principles, best-practice ids.

They are ours, so they are checked strictly in both modes: an unknown key inside is an error.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any

from .context import Context, IdRegistry
from .fields import (
    check_count,
    check_id,
    check_keys,
    check_string,
    check_text,
    expect_list,
    expect_object,
    require,
)
from .problems import pointer, show

LENS_KEYS = ("edition", "phases", "designPrinciples")
QUESTION_KEYS = ("phase", "foundational", "title")
CHOICE_KEYS = ("bestPracticeId", "aliases", "phases", "title")
PILLAR_KEYS = ("description",)
# A title longer than the AWS format allows travels whole in mllens.title (full exports).
LONG_TITLE_MAX = 512
EDITION_MAX = 32
MAX_ITEMS = 20
MAX_ALIASES = 10
ID_WARN = 64
# Best-practice ids look like MLCOST04-BP14 or MLOE-08.
_BEST_PRACTICE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,31}")


def lens_extension(ctx: Context, value: Any, ptr: str) -> dict[str, Any] | None:
    """Check the lens-level ``mllens`` object and record the declared phase ids in ``ctx``."""
    obj = expect_object(ctx, value, ptr, "mllens")
    if obj is None:
        return None
    check_keys(ctx, obj, ptr, LENS_KEYS, "mllens", extension=True)
    out: dict[str, Any] = {}
    if "edition" in obj:
        out["edition"] = check_text(
            ctx,
            obj["edition"],
            pointer(ptr, "edition"),
            "edition",
            maximum=EDITION_MAX,
            nonempty=True,
        )
    if "phases" in obj:
        phases = _items(ctx, obj["phases"], pointer(ptr, "phases"), "phase", "name")
        out["phases"] = phases
        ctx.phase_ids = frozenset(phase["id"] for phase in phases if phase.get("id"))
    if "designPrinciples" in obj:
        out["designPrinciples"] = _items(
            ctx,
            obj["designPrinciples"],
            pointer(ptr, "designPrinciples"),
            "design principle",
            "title",
        )
    return out


def _items(ctx: Context, value: Any, ptr: str, what: str, label: str) -> list[dict[str, Any]]:
    """Check a list of ``{id, <label>, description?}`` objects with unique ids."""
    items = expect_list(ctx, value, ptr, f"{what}s")
    if items is None:
        return []
    check_count(ctx, items, ptr, f"{what}s", MAX_ITEMS)
    registry = IdRegistry(f"{what} id")
    out = []
    for index, item in enumerate(items):
        item_ptr = pointer(ptr, index)
        obj = expect_object(ctx, item, item_ptr, f"a {what}")
        if obj is None:
            continue
        check_keys(ctx, obj, item_ptr, ("id", label, "description"), f"a {what}", extension=True)
        entry: dict[str, Any] = {}
        if require(ctx, obj, item_ptr, "id", f"a {what}"):
            entry["id"] = check_id(
                ctx, obj["id"], pointer(item_ptr, "id"), f"{what} id", warn_above=ID_WARN
            )
            if entry["id"] is not None:
                registry.add(ctx, entry["id"], pointer(item_ptr, "id"))
        if require(ctx, obj, item_ptr, label, f"a {what}"):
            entry[label] = check_text(
                ctx,
                obj[label],
                pointer(item_ptr, label),
                f"{what} {label}",
                maximum=128,
                nonempty=True,
            )
        if "description" in obj:
            entry["description"] = check_text(
                ctx,
                obj["description"],
                pointer(item_ptr, "description"),
                f"{what} description",
                maximum=2048,
            )
        out.append(entry)
    return out


def question_extension(
    ctx: Context, value: Any, ptr: str, choice_ids: AbstractSet[str]
) -> dict[str, Any] | None:
    """Check a question's ``mllens`` object: its phase and its foundational choices."""
    obj = expect_object(ctx, value, ptr, "mllens")
    if obj is None:
        return None
    check_keys(ctx, obj, ptr, QUESTION_KEYS, "a question's mllens", extension=True)
    out: dict[str, Any] = {}
    if "phase" in obj:
        out["phase"] = _phase(ctx, obj["phase"], pointer(ptr, "phase"), "phase")
    if "foundational" in obj:
        out["foundational"] = _choice_list(
            ctx, obj["foundational"], pointer(ptr, "foundational"), choice_ids
        )
    _long_title(ctx, obj, ptr, out)
    return out


def _long_title(ctx: Context, obj: dict[str, Any], ptr: str, out: dict[str, Any]) -> None:
    if "title" in obj:
        out["title"] = check_text(
            ctx,
            obj["title"],
            pointer(ptr, "title"),
            "mllens title",
            maximum=LONG_TITLE_MAX,
            nonempty=True,
        )


def take_long_title(item: dict[str, Any]) -> None:
    """Move ``mllens.title`` (a full export's long title) into ``title``; drop an emptied mllens."""
    extension = item.get("mllens")
    if not isinstance(extension, dict) or "title" not in extension:
        return
    title = extension.pop("title")
    if title is not None:
        item["title"] = title
    if not extension:
        del item["mllens"]


def pillar_extension(ctx: Context, value: Any, ptr: str) -> dict[str, Any] | None:
    """Check a pillar's ``mllens`` object: its description, which the AWS format cannot hold."""
    obj = expect_object(ctx, value, ptr, "mllens")
    if obj is None:
        return None
    check_keys(ctx, obj, ptr, PILLAR_KEYS, "a pillar's mllens", extension=True)
    if "description" not in obj:
        return {}
    text = check_text(
        ctx, obj["description"], pointer(ptr, "description"), "description", maximum=2048
    )
    return {"description": text}


def _choice_list(ctx: Context, value: Any, ptr: str, choice_ids: AbstractSet[str]) -> list[str]:
    items = expect_list(ctx, value, ptr, "foundational")
    out: list[str] = []
    for index, item in enumerate(items or ()):
        item_ptr = pointer(ptr, index)
        name = check_string(ctx, item, item_ptr, "a foundational choice id")
        if name is None:
            continue
        if name not in choice_ids:
            ctx.error("UNKNOWN_CHOICE", item_ptr, f"{show(name)} is not a choice of this question")
        elif name in out:
            ctx.error("DUPLICATE_ID", item_ptr, f"{show(name)} is listed twice")
        out.append(name)
    return out


def choice_extension(ctx: Context, value: Any, ptr: str) -> dict[str, Any] | None:
    """Check a choice's ``mllens`` object: its best-practice id (unique lens-wide), aliases
    and the lifecycle phases the practice belongs to (for lenses such as the Generative AI
    Lens that place practices, not questions, in phases)."""
    obj = expect_object(ctx, value, ptr, "mllens")
    if obj is None:
        return None
    check_keys(ctx, obj, ptr, CHOICE_KEYS, "a choice's mllens", extension=True)
    out: dict[str, Any] = {}
    if "bestPracticeId" in obj:
        bp_ptr = pointer(ptr, "bestPracticeId")
        bp = _best_practice_id(ctx, obj["bestPracticeId"], bp_ptr, "bestPracticeId")
        if bp is not None:
            ctx.best_practice_ids.add(ctx, bp, bp_ptr)
        out["bestPracticeId"] = bp
    if "aliases" in obj:
        aliases_ptr = pointer(ptr, "aliases")
        items = expect_list(ctx, obj["aliases"], aliases_ptr, "aliases") or []
        check_count(ctx, items, aliases_ptr, "aliases", MAX_ALIASES)
        aliases: list[str | None] = []
        for index, item in enumerate(items):
            alias_ptr = pointer(aliases_ptr, index)
            alias = _best_practice_id(ctx, item, alias_ptr, "alias")
            if alias is not None and alias in aliases:
                ctx.error("DUPLICATE_ID", alias_ptr, f"alias {show(alias)} is listed twice")
            aliases.append(alias)
        out["aliases"] = aliases
    if "phases" in obj:
        out["phases"] = _phase_list(ctx, obj["phases"], pointer(ptr, "phases"))
    _long_title(ctx, obj, ptr, out)
    return out


def _phase_list(ctx: Context, value: Any, ptr: str) -> list[str]:
    items = expect_list(ctx, value, ptr, "phases") or []
    check_count(ctx, items, ptr, "phases", MAX_ITEMS)
    out: list[str] = []
    for index, item in enumerate(items):
        item_ptr = pointer(ptr, index)
        phase = _phase(ctx, item, item_ptr, "a phase id")
        if phase is None:
            continue
        if phase in ctx.phase_ids and phase in out:
            ctx.error("DUPLICATE_ID", item_ptr, f"phase {show(phase)} is listed twice")
        out.append(phase)
    return out


def _phase(ctx: Context, value: Any, ptr: str, what: str) -> str | None:
    """A phase id of a question or a choice: a string that /mllens/phases declares (an
    undeclared one is an error, and is still returned so the caller keeps its place)."""
    phase = check_string(ctx, value, ptr, what)
    if phase is not None and phase not in ctx.phase_ids:
        ctx.error("UNKNOWN_PHASE", ptr, f"phase {show(phase)} is not declared in /mllens/phases")
    return phase


def _best_practice_id(ctx: Context, value: Any, ptr: str, what: str) -> str | None:
    text = check_string(ctx, value, ptr, what)
    if text is None:
        return None
    if len(text) > 32:
        ctx.error("LENGTH", ptr, f"{what} is {len(text)} characters long; the limit is 32")
        return None
    if not _BEST_PRACTICE.fullmatch(text):
        ctx.error(
            "CHARSET",
            ptr,
            f"{what} {show(text)} must be capital letters, digits and '-', such as MLOPS01-BP01",
        )
        return None
    return text
