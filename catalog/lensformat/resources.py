"""Links and guidance: ``helpfulResource``, ``improvementPlan`` and ``additionalResources``."""

from __future__ import annotations

from typing import Any

from .context import Context
from .fields import (
    check_count,
    check_keys,
    check_string,
    check_text,
    check_url,
    expect_list,
    expect_object,
    require,
)
from .problems import pointer, show

RESOURCE_KEYS = ("displayText", "url")
ENTRY_KEYS = ("type", "content")
RESOURCE_TYPES = ("HELPFUL_RESOURCE", "IMPROVEMENT_PLAN")
DISPLAY_MAX = 2048
DISPLAY_WARN = 1024
ITEMS_PER_TYPE = 5
QUESTION_DESCRIPTION_MAX = 2048
# Keys real files put on questions although the AWS format has them on choices only.
QUESTION_LINK_KEYS = ("url", "additionalResources")


def resource(
    ctx: Context, value: Any, ptr: str, what: str, *, text_required: bool = False
) -> dict[str, Any] | None:
    """Check a ``{displayText, url}`` object and return its canonical form.

    An empty ``url`` means "no link" (EMPTY_URL warning, left out). A ``url`` needs a non-blank
    ``displayText`` (DISPLAYTEXT_REQUIRED); ``text_required`` makes the text mandatory anyway
    (MISSING_FIELD), as for the improvement plan of an ordinary choice.
    """
    obj = expect_object(ctx, value, ptr, what)
    if obj is None:
        return None
    obj = check_keys(ctx, obj, ptr, RESOURCE_KEYS, what)
    out: dict[str, Any] = {}
    if "displayText" in obj:
        out["displayText"] = check_text(
            ctx,
            obj["displayText"],
            pointer(ptr, "displayText"),
            f"{what}.displayText",
            maximum=DISPLAY_MAX,
            warn_above=DISPLAY_WARN,
        )
    has_url = "url" in obj and not _empty_url(ctx, obj["url"], pointer(ptr, "url"), what)
    if has_url:
        out["url"] = check_url(ctx, obj["url"], pointer(ptr, "url"), f"{what}.url")
    text = obj.get("displayText")
    blank = "displayText" not in obj or (isinstance(text, str) and not text.strip())
    if blank and has_url:
        ctx.error(
            "DISPLAYTEXT_REQUIRED",
            pointer(ptr, "displayText"),
            f"{what} has a url, so it needs a displayText",
        )
    elif blank and text_required:
        ctx.error("MISSING_FIELD", pointer(ptr, "displayText"), f"{what} needs a displayText")
    return out


def _empty_url(ctx: Context, value: Any, ptr: str, what: str) -> bool:
    """True for ``"url": ""`` (or blanks), which AWS reads as "no link": a warning in both modes."""
    if not (isinstance(value, str) and not value.strip()):
        return False
    ctx.warning("EMPTY_URL", ptr, f"{what}.url is empty; read as no link")
    return True


def additional_resources(ctx: Context, value: Any, ptr: str) -> list[dict[str, Any]] | None:
    """Check a choice's ``additionalResources`` and return them with one entry per type.

    AWS allows one entry per type; lenient mode merges a repeated type into the first entry.
    """
    entries = expect_list(ctx, value, ptr, "additionalResources")
    if entries is None:
        return None
    merged: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(entries):
        entry_ptr = pointer(ptr, index)
        checked = _entry(ctx, entry, entry_ptr)
        if checked is None:
            continue
        kind, items = checked
        if kind not in merged:
            merged[kind] = {"type": kind, "content": items}
            continue
        ctx.tolerated(
            "ADDITIONAL_RESOURCE_TYPE",
            pointer(entry_ptr, "type"),
            f"a second additionalResources entry of type {kind}; AWS allows one per type",
            "merged into the first",
        )
        first = merged[kind]["content"]
        if len(first) <= ITEMS_PER_TYPE < len(first) + len(items) and len(items) <= ITEMS_PER_TYPE:
            ctx.error(
                "LIMIT",
                pointer(entry_ptr, "content"),
                f"{len(first) + len(items)} {kind} items after merging; "
                f"at most {ITEMS_PER_TYPE} are allowed",
            )
        first.extend(items)
    return list(merged.values())


def _entry(ctx: Context, value: Any, ptr: str) -> tuple[str, list[dict[str, Any]]] | None:
    obj = expect_object(ctx, value, ptr, "an additionalResources entry")
    if obj is None:
        return None
    obj = check_keys(ctx, obj, ptr, ENTRY_KEYS, "an additionalResources entry")
    kind = None
    if require(ctx, obj, ptr, "type", "an additionalResources entry"):
        kind = check_string(ctx, obj["type"], pointer(ptr, "type"), "additionalResources type")
        if kind is not None and kind not in RESOURCE_TYPES:
            ctx.error(
                "ADDITIONAL_RESOURCE_TYPE",
                pointer(ptr, "type"),
                f"additionalResources type {show(kind)} must be one of {', '.join(RESOURCE_TYPES)}",
            )
            kind = None
    items: list[dict[str, Any]] = []
    if require(ctx, obj, ptr, "content", "an additionalResources entry"):
        content_ptr = pointer(ptr, "content")
        content = expect_list(ctx, obj["content"], content_ptr, "additionalResources content")
        for index, item in enumerate(content or ()):
            checked = resource(ctx, item, pointer(content_ptr, index), "content item")
            if checked is not None:
                items.append(checked)
        if content is not None:
            check_count(ctx, content, content_ptr, f"{kind or 'content'} items", ITEMS_PER_TYPE)
    return None if kind is None else (kind, items)


def _quiet_url(value: Any, ptr: str) -> str | None:
    """``value`` when it is a valid http(s) URL, without reporting anything."""
    scratch = Context(strict=True)
    url = check_url(scratch, value, ptr, "url")
    return None if scratch.error_total else url


def question_links(ctx: Context, obj: dict[str, Any], ptr: str, out: dict[str, Any]) -> None:
    """Keep the links real files put on a question outside ``helpfulResource``.

    A question-level ``url`` or ``additionalResources`` is not in the AWS format: strict mode
    rejects it. Lenient mode never drops it: the first link becomes the question's
    ``helpfulResource`` when that has no url yet, and every further link (a question holds one)
    is appended to the question's description as a "text: url" line; each with a warning.
    """
    links: list[tuple[str, str, str | None]] = []
    if "url" in obj:
        url_ptr = pointer(ptr, "url")
        if not _empty_url(ctx, obj["url"], url_ptr, "the question"):
            url = _quiet_url(obj["url"], url_ptr)
            if ctx.strict:
                ctx.unknown_key(url_ptr, "url", "a question")
            elif url is None:
                # Not a usable link: an unknown key like any other (its value never echoed).
                ctx.unknown_key(url_ptr, "url", "a question (not an http(s) link)")
            else:
                links.append((url_ptr, "", url))
    if "additionalResources" in obj:
        entries_ptr = pointer(ptr, "additionalResources")
        ctx.tolerated(
            "ADDITIONAL_RESOURCE_TYPE",
            entries_ptr,
            "additionalResources belong on choices, not on questions",
        )
        for entry in additional_resources(ctx, obj["additionalResources"], entries_ptr) or ():
            for item in entry["content"]:
                if item.get("url") or item.get("displayText"):
                    links.append((entries_ptr, item.get("displayText") or "", item.get("url")))
    if ctx.strict:
        return
    appended = False
    for link_ptr, text, url in links:
        helpful = out.get("helpfulResource")
        if url is None:
            # A text without a link (a book, say): kept as text.
            before = out.get("description") or ""
            out["description"] = f"{before}\n\n{text}" if before else text
            appended = True
            message = f"resource {show(text)} on the question (no url): appended to its description"
            ctx.warning("QUESTION_LINK", link_ptr, message)
            continue
        if helpful is None:
            out["helpfulResource"] = {"displayText": text or url, "url": url}
            where = "taken as the question's helpfulResource"
        elif not helpful.get("url"):
            text = helpful.get("displayText") or text or url
            out["helpfulResource"] = {"displayText": text, "url": url}
            where = "taken as the url of the question's helpfulResource"
        else:
            line = f"{text}: {url}" if text else url
            before = out.get("description") or ""
            out["description"] = f"{before}\n\n{line}" if before else line
            appended = True
            where = "appended to the question's description (a question has one helpfulResource)"
        ctx.warning("QUESTION_LINK", link_ptr, f"link {show(url)} on the question: {where}")
    description = out.get("description")
    if appended and description and len(description) > QUESTION_DESCRIPTION_MAX:
        ctx.error(
            "LENGTH",
            pointer(ptr, "description"),
            f"the description with the question's extra links is {len(description)} characters "
            f"long; the limit is {QUESTION_DESCRIPTION_MAX}",
        )
