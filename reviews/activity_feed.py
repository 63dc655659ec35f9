"""The activity feed as people read it: one entry per burst of changes, saying what changed.

Pure: takes activity rows as plain dicts (newest first) and the titles of the questions and
choices they name, returns feed entries. The rows themselves stay as recorded; grouping
happens only when the feed is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta

# Changes by one person to one answer, each within this long of the previous one, are one entry.
WINDOW = timedelta(minutes=5)


def group_rows(rows: Sequence[Mapping], *, window: timedelta = WINDOW) -> list[list[Mapping]]:
    """Runs of consecutive ``answer.update`` rows by one actor on one answer, newest first.

    ``rows`` are newest first, each with ``verb``, ``actor_id``, ``object_id`` and ``at``; any
    other row is a group of its own.
    """
    groups: list[list[Mapping]] = []
    for row in rows:
        last = groups[-1] if groups else None
        if (
            last is not None
            and row["verb"] == "answer.update"
            and last[0]["verb"] == "answer.update"
            and row["actor_id"] is not None
            and row["actor_id"] == last[0]["actor_id"]
            and row["object_id"] == last[0]["object_id"]
            and last[-1]["at"] - row["at"] <= window
        ):
            last.append(row)
        else:
            groups.append([row])
    return groups


def _titles(keys: Sequence[str], choices: Mapping[str, str]) -> str:
    return ", ".join(f"“{choices.get(key, key)}”" for key in keys)


def describe_answer_change(
    before: Mapping,
    after: Mapping,
    *,
    choices: Mapping[str, str],
    risk_label: Callable,
    reason_label: Callable,
) -> list[str]:
    """What changed between two states of an answer, in words, with choice titles."""
    lines = []
    if before.get("risk") != after.get("risk"):
        lines.append(f"{risk_label(before.get('risk'))} → {risk_label(after.get('risk'))}")
    was, now = list(before.get("selected_choices") or []), list(after.get("selected_choices") or [])
    if added := [k for k in now if k not in was]:
        lines.append(f"selected {_titles(added, choices)}")
    if removed := [k for k in was if k not in now]:
        lines.append(f"unselected {_titles(removed, choices)}")
    na_was, na_now = before.get("choice_statuses") or {}, after.get("choice_statuses") or {}
    if marked := [k for k in na_now if k not in na_was]:
        lines.append(f"marked not applicable {_titles(marked, choices)}")
    if cleared := [k for k in na_was if k not in na_now]:
        lines.append(f"applicable again {_titles(cleared, choices)}")
    if before.get("is_applicable", True) != after.get("is_applicable", True):
        if after.get("is_applicable", True):
            lines.append("question applies again")
        else:
            lines.append(f"question does not apply ({reason_label(after.get('reason'))})")
    elif not after.get("is_applicable", True) and before.get("reason") != after.get("reason"):
        lines.append(
            f"reason {reason_label(before.get('reason'))} → {reason_label(after.get('reason'))}"
        )
    if (before.get("notes") or "") != (after.get("notes") or ""):
        lines.append("notes edited")
    return lines


def feed_entries(
    rows: Sequence[Mapping],
    *,
    questions: Mapping[str, Mapping],
    risk_label: Callable,
    reason_label: Callable,
    window: timedelta = WINDOW,
) -> list[dict]:
    """Feed entries: ``{"at", "actor", "text", "changes", "count"}``, newest first.

    An ``answer.update`` row carries ``change`` (``{"before", "after"}`` from the answer's
    history, or ``None``) and ``answer_id``; ``questions`` maps an answer id to
    ``{"title", "choices": {key: title}}``.
    """
    entries = []
    for group in group_rows(rows, window=window):
        newest, oldest = group[0], group[-1]
        entry = {"at": newest["at"], "actor": newest["actor"], "count": len(group), "changes": []}
        question = (
            questions.get(newest.get("answer_id")) if newest["verb"] == "answer.update" else None
        )
        if question is None:
            entry["text"] = newest["summary"]
        else:
            entry["text"] = f"answered “{question['title']}”"
            first, last = oldest.get("change"), newest.get("change")
            if first and last:
                entry["changes"] = describe_answer_change(
                    first["before"],
                    last["after"],
                    choices=question["choices"],
                    risk_label=risk_label,
                    reason_label=reason_label,
                )
        entries.append(entry)
    return entries
