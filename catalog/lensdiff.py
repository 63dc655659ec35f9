"""What changed between two versions of a lens: pillars, questions and choices.

Pure: takes two canonical lens documents, returns plain data. Items are matched by
id (pillars lens-wide, questions lens-wide, choices within their question), like the
AWS tool's ``GetLensVersionDifference``, and reported as NEW, UPDATED or DELETED.
"""

from __future__ import annotations

from typing import Any

NEW, UPDATED, DELETED = "NEW", "UPDATED", "DELETED"

_PILLAR_FIELDS = ("name", "description")
_QUESTION_FIELDS = ("title", "description", "helpfulResource", "riskRules", "mllens", "pillar")
_CHOICE_FIELDS = (
    "title",
    "description",
    "helpfulResource",
    "improvementPlan",
    "additionalResources",
    "mllens",
)


def _questions(document: dict) -> dict[str, dict]:
    found = {}
    for pillar in document.get("pillars", []):
        for question in pillar.get("questions", []):
            found[question["id"]] = {**question, "pillar": pillar["id"]}
    return found


def _changed(before: dict, after: dict, fields: tuple[str, ...]) -> list[str]:
    return [name for name in fields if before.get(name) != after.get(name)]


def _compare(
    before: dict[str, dict], after: dict[str, dict], fields: tuple[str, ...], extra: dict
) -> list[dict[str, Any]]:
    changes = []
    for key, item in after.items():
        if key not in before:
            changes.append({**extra, "id": key, "change": NEW, "title": _label(item)})
        else:
            fields_changed = _changed(before[key], item, fields)
            if fields_changed:
                changes.append(
                    {
                        **extra,
                        "id": key,
                        "change": UPDATED,
                        "title": _label(item),
                        "fields": fields_changed,
                    }
                )
    changes.extend(
        {**extra, "id": key, "change": DELETED, "title": _label(item)}
        for key, item in before.items()
        if key not in after
    )
    return changes


def _label(item: dict) -> str:
    return item.get("title") or item.get("name") or ""


def lens_diff(before: dict, after: dict) -> dict[str, Any]:
    """Return ``{"pillars", "questions", "choices", "summary"}`` listing every change.

    A question counts as UPDATED when its text, rules, phase or pillar changed, or when
    any of its choices was added, removed or changed (so a reviewer knows to look again).
    """
    pillars = _compare(
        {p["id"]: p for p in before.get("pillars", [])},
        {p["id"]: p for p in after.get("pillars", [])},
        _PILLAR_FIELDS,
        {},
    )
    questions_before, questions_after = _questions(before), _questions(after)
    choices: list[dict] = []
    for key in questions_after.keys() & questions_before.keys():
        choices.extend(
            _compare(
                {c["id"]: c for c in questions_before[key].get("choices", [])},
                {c["id"]: c for c in questions_after[key].get("choices", [])},
                _CHOICE_FIELDS,
                {"question": key},
            )
        )
    questions = _compare(questions_before, questions_after, _QUESTION_FIELDS, {})
    touched = {change["question"] for change in choices}
    reported = {q["id"] for q in questions}
    for key in sorted(touched - reported, key=list(questions_after).index):
        questions.append(
            {
                "id": key,
                "change": UPDATED,
                "title": _label(questions_after[key]),
                "fields": ["choices"],
            }
        )
    for question in questions:
        changed_choices = question["id"] in touched and question["change"] == UPDATED
        if changed_choices and "choices" not in question["fields"]:
            question["fields"].append("choices")
    # Questions of the new version in its order, then the deleted ones in the old order.
    order: dict[str, int] = {}
    for index, key in enumerate([*questions_after, *questions_before]):
        order.setdefault(key, index)
    questions.sort(key=lambda q: order[q["id"]])
    choices.sort(key=lambda c: order[c["question"]])
    summary = {
        kind: {
            state: sum(1 for c in items if c["change"] == state)
            for state in (NEW, UPDATED, DELETED)
        }
        for kind, items in (("pillars", pillars), ("questions", questions), ("choices", choices))
    }
    return {"pillars": pillars, "questions": questions, "choices": choices, "summary": summary}
