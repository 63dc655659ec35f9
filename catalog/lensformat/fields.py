"""Checks for single values: types, text, ids and URLs (custom-lens spec, table 2.6)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .context import Context
from .problems import json_type, pointer, show

# C0 controls other than tab, newline and carriage return, and lone surrogates (which
# json.loads produces from escapes such as "\ud800" and which cannot be stored as UTF-8).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_ID = re.compile(r"[A-Za-z0-9_]*")
_URL = re.compile(r"https?://", re.IGNORECASE)

ID_MIN = 3
ID_MAX = 128
URL_MAX = 2048


def expect_object(ctx: Context, value: Any, ptr: str, what: str) -> dict[str, Any] | None:
    """Return ``value`` when it is a JSON object, else report TYPE and return None."""
    if isinstance(value, dict):
        return value
    ctx.error("TYPE", ptr, f"{what} must be an object, not {json_type(value)}")
    return None


def expect_list(ctx: Context, value: Any, ptr: str, what: str) -> list[Any] | None:
    """Return ``value`` when it is a JSON array, else report TYPE and return None."""
    if isinstance(value, list):
        return value
    ctx.error("TYPE", ptr, f"{what} must be an array, not {json_type(value)}")
    return None


def check_count(
    ctx: Context, items: list[Any], ptr: str, what: str, maximum: int, minimum: int = 0
) -> None:
    """Report LIMIT when the number of ``items`` is outside ``minimum..maximum``."""
    if len(items) > maximum:
        ctx.error("LIMIT", ptr, f"{len(items)} {what}; at most {maximum} are allowed")
    elif len(items) < minimum:
        ctx.error("LIMIT", ptr, f"no {what}; at least {minimum} is required")


def check_keys(
    ctx: Context,
    obj: dict[str, Any],
    ptr: str,
    allowed: Iterable[str],
    where: str,
    *,
    extension: bool = False,
) -> dict[str, Any]:
    """Report keys outside ``allowed`` and return ``obj`` with case variants of known keys fixed.

    A key that differs from a known one only in letter case (``Url``, ``DisplayText``) is read
    as that key in lenient mode, with a KEY_CASE warning; strict mode rejects it. When the
    exact key is there too, the two must agree. Inside our own ``mllens`` objects every unknown
    key is an error.
    """
    allowed = tuple(allowed)
    folded = {key.casefold(): key for key in allowed}
    out = dict(obj)
    for key in obj:
        if key in allowed:
            continue
        name = str(key)
        key_ptr = pointer(ptr, name)
        known = folded.get(name.casefold())
        if extension:
            ctx.error("UNKNOWN_KEY", key_ptr, f"unknown key {show(name)} in {where}")
        elif known is None:
            ctx.unknown_key(key_ptr, name, where)
        elif known in out:
            value = out.pop(key)
            message = f"key {show(name)} differs only in case from {known!r}, which is also here"
            if value == out[known]:
                ctx.tolerated("KEY_CASE", key_ptr, message, "same value, ignored")
            else:
                ctx.error("KEY_CASE", key_ptr, f"{message} with another value; keep one of them")
        else:
            ctx.tolerated(
                "KEY_CASE",
                key_ptr,
                f"key {show(name)} differs only in case from {known!r} (keys are case-sensitive)",
                f"read as {known!r}",
            )
            out[known] = out.pop(key)
    return out


def require(ctx: Context, obj: dict[str, Any], ptr: str, key: str, where: str) -> bool:
    """Report MISSING_FIELD unless ``obj`` has ``key``."""
    if key in obj:
        return True
    ctx.error("MISSING_FIELD", pointer(ptr, key), f"{where} needs {key!r}")
    return False


def check_string(ctx: Context, value: Any, ptr: str, what: str) -> str | None:
    """Return ``value`` when it is a string of allowed characters, else report TYPE or CHARSET."""
    if not isinstance(value, str):
        ctx.error("TYPE", ptr, f"{what} must be a string, not {json_type(value)}")
        return None
    bad = _BAD_CHARS.search(value)
    if bad:
        ctx.error(
            "CHARSET",
            ptr,
            f"{what} contains the control character or lone surrogate {bad.group()!r} "
            f"at offset {bad.start()}",
        )
        return None
    return value


def check_text(
    ctx: Context,
    value: Any,
    ptr: str,
    what: str,
    *,
    maximum: int,
    warn_above: int | None = None,
    lenient_up_to: int | None = None,
    nonempty: bool = False,
) -> str | None:
    """Check a text field and return it when usable.

    Above ``maximum`` characters is a LENGTH error, except that with ``lenient_up_to`` lenient
    mode only warns up to that many. Above ``warn_above`` is a LENGTH warning.
    """
    text = check_string(ctx, value, ptr, what)
    if text is None:
        return None
    size = len(text)
    if nonempty and not text.strip():
        ctx.error("LENGTH", ptr, f"{what} must not be empty")
    elif size > maximum:
        message = f"{what} is {size} characters long; the limit is {maximum}"
        if lenient_up_to is not None and size <= lenient_up_to:
            ctx.tolerated("LENGTH", ptr, message, "accepted")
        else:
            ctx.error("LENGTH", ptr, message)
    elif warn_above is not None and size > warn_above:
        ctx.warning(
            "LENGTH", ptr, f"{what} is {size} characters long; AWS accepts at most {warn_above}"
        )
    return text


def check_id(
    ctx: Context, value: Any, ptr: str, what: str, *, warn_above: int | None = None
) -> str | None:
    """Check an id (3-128 of ``[A-Za-z0-9_]``) and return it when valid."""
    text = check_string(ctx, value, ptr, what)
    if text is None:
        return None
    if not _ID.fullmatch(text):
        ctx.error("CHARSET", ptr, f"{what} {show(text)} may only use A-Z, a-z, 0-9 and _")
        return None
    if not ID_MIN <= len(text) <= ID_MAX:
        ctx.error(
            "LENGTH",
            ptr,
            f"{what} is {len(text)} characters long; it must be {ID_MIN} to {ID_MAX}",
        )
        return None
    if warn_above is not None and len(text) > warn_above:
        ctx.warning(
            "LENGTH",
            ptr,
            f"{what} is {len(text)} characters long; AWS accepts at most {warn_above}",
        )
    return text


def check_url(ctx: Context, value: Any, ptr: str, what: str) -> str | None:
    """Check an http(s) URL of at most 2048 characters and return it when valid."""
    text = check_string(ctx, value, ptr, what)
    if text is None:
        return None
    scheme = _URL.match(text)
    if scheme is None:
        ctx.error("URL_SCHEME", ptr, f"{what} must start with http:// or https://")
        return None
    if len(text) > URL_MAX:
        ctx.error("LENGTH", ptr, f"{what} is {len(text)} characters long; the limit is {URL_MAX}")
        return None
    if not text[scheme.end() :].strip():
        ctx.error("URL_SCHEME", ptr, f"{what} has no host after the scheme")
        return None
    return text
