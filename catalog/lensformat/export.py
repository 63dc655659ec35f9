"""Write a canonical lens document back out, in full or as the plain AWS format.

Both formats are files our strict mode accepts. ``full`` keeps everything: what the AWS format
cannot hold travels in ``mllens`` objects (a pillar's description, a title longer than AWS
allows), which the importer reads back, so a full export re-imports to the same canonical
document. ``aws`` keeps every key the AWS format (and the AWS API's ``Choice``) defines and
nothing else; a lens that breaks an AWS limit is refused with every problem, or, with ``fit``,
its over-long texts are shortened and each change is reported.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .problems import WARNING, LensFormatError, Problem, pointer
from .validate import validate

# Keys the AWS format defines at each level; everything else is ours (mllens, descriptions).
_AWS_LENS = ("schemaVersion", "name", "description", "pillars")
_AWS_PILLAR = ("id", "name", "questions")
_AWS_QUESTION = ("id", "title", "description", "helpfulResource", "choices", "riskRules")
_AWS_CHOICE = (
    "id",
    "title",
    "description",
    "helpfulResource",
    "improvementPlan",
    "additionalResources",
)
_AWS_RESOURCE = ("displayText", "url")
_AWS_RULE = ("condition", "risk")

# In canonical order, an object's mllens comes right before the first of these.
_AFTER_EXTENSION = frozenset(
    {"questions", "helpfulResource", "choices", "improvementPlan", "additionalResources"}
)

FORMATS = ("full", "aws")
TITLE_MAX = 128
TEXT_MAX = 2048
ELLIPSIS = "\u2026"


class NotAwsValidError(Exception):
    """The lens breaks AWS limits, so no valid AWS file can be written without ``fit``.

    ``problems`` are strict-mode errors, each with the JSON Pointer of the field at fault.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) keep this lens from the AWS format")


@dataclass(frozen=True)
class Exported:
    """A document ready for download and the changes made to it (``FITTED`` warnings)."""

    document: dict[str, Any]
    warnings: list[Problem]


def export_document(document: dict[str, Any], *, format: str, fit: bool = False) -> Exported:
    """Return a copy of a canonical ``document`` in ``format`` (``full`` or ``aws``).

    ``aws`` raises ``NotAwsValidError`` when the result would break a strict-mode limit,
    unless ``fit`` is true: then each text over its limit is cut on a word boundary and ends
    with an ellipsis, and every cut is a FITTED warning with its pointer. Unknown formats raise
    ValueError.
    """
    if format == "full":
        return Exported(_full_lens(document), [])
    if format != "aws":
        raise ValueError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}")
    out = _aws_lens(document)
    changes = _fit_texts(out) if fit else []
    try:
        validate(out, strict=True)
    except LensFormatError as error:
        raise NotAwsValidError(error.problems) from error
    return Exported(out, changes)


def aws_fit_changes(document: dict[str, Any]) -> list[Problem]:
    """The texts ``format=aws`` would have to shorten (what ``fit`` reports), without checking
    the rest: cheap enough for a page to decide which export link to offer."""
    return _fit_texts(_aws_lens(document))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters on a word boundary, ending with an ellipsis.

    Without a space in the second half of the allowed length, the cut falls mid-word.
    """
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    if not text[len(head)].isspace():
        space = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
        if space >= len(head) // 2:
            head = head[:space]
    return head.rstrip(" \t\n,;:-\u2013\u2014") + ELLIPSIS


# --- full --------------------------------------------------------------------------------------


def _full_lens(document: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(document)
    for index, pillar in enumerate(out.get("pillars", ())):
        if "description" in pillar:
            extension = {"description": pillar["description"]}
            out["pillars"][index] = _with_extension(pillar, extension, drop="description")
        for question in pillar.get("questions", ()):
            _carry_long_title(question)
            for choice in question.get("choices", ()):
                _carry_long_title(choice)
    return out


def _with_extension(item: dict[str, Any], extension: dict[str, Any], *, drop: str = "") -> dict:
    """``item`` with ``extension`` as its ``mllens`` object, placed after its texts."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key in ("mllens", drop):
            continue
        if key in _AFTER_EXTENSION:
            out.setdefault("mllens", extension)
        out[key] = value
    out.setdefault("mllens", extension)
    return out


def _carry_long_title(item: dict[str, Any]) -> None:
    """Keep a title over the AWS limit whole in ``mllens.title`` and fit the AWS ``title``."""
    title = item.get("title")
    if not isinstance(title, str) or len(title) <= TITLE_MAX:
        return
    updated = _with_extension(item, {**(item.get("mllens") or {}), "title": title})
    updated["title"] = shorten(title, TITLE_MAX)
    item.clear()
    item.update(updated)


# --- aws ---------------------------------------------------------------------------------------


def _pick(obj: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: copy.deepcopy(obj[key]) for key in keys if key in obj}


def _aws_lens(document: dict[str, Any]) -> dict[str, Any]:
    out = _pick(document, _AWS_LENS)
    out["pillars"] = [_aws_pillar(pillar) for pillar in document.get("pillars", ())]
    return out


def _aws_pillar(pillar: dict[str, Any]) -> dict[str, Any]:
    out = _pick(pillar, _AWS_PILLAR)
    out["questions"] = [_aws_question(question) for question in pillar.get("questions", ())]
    return out


def _aws_question(question: dict[str, Any]) -> dict[str, Any]:
    out = _pick(question, _AWS_QUESTION)
    if "helpfulResource" in question:
        out["helpfulResource"] = _pick(question["helpfulResource"], _AWS_RESOURCE)
    out["choices"] = [_aws_choice(choice) for choice in question.get("choices", ())]
    out["riskRules"] = [_pick(rule, _AWS_RULE) for rule in question.get("riskRules", ())]
    return out


def _aws_choice(choice: dict[str, Any]) -> dict[str, Any]:
    out = _pick(choice, _AWS_CHOICE)
    for key in ("helpfulResource", "improvementPlan"):
        if key in choice:
            out[key] = _pick(choice[key], _AWS_RESOURCE)
    if "additionalResources" in choice:
        out["additionalResources"] = [
            {
                **_pick(entry, ("type",)),
                "content": [_pick(i, _AWS_RESOURCE) for i in entry["content"]],
            }
            for entry in choice["additionalResources"]
        ]
    return out


# --- fit ---------------------------------------------------------------------------------------


def _fit_texts(lens: dict[str, Any]) -> list[Problem]:
    """Shorten every text of an AWS document to its strict-mode limit, in place."""
    changes: list[Problem] = []

    def fit(obj: dict[str, Any] | None, key: str, ptr: str, limit: int) -> None:
        if obj is None or not isinstance(obj.get(key), str) or len(obj[key]) <= limit:
            return
        before = obj[key]
        obj[key] = shorten(before, limit)
        changes.append(
            Problem(
                "FITTED",
                pointer(ptr, key),
                f"shortened from {len(before)} to {len(obj[key])} characters "
                f"(the AWS limit is {limit})",
                WARNING,
            )
        )

    def fit_resource(obj: dict[str, Any] | None, ptr: str) -> None:
        if obj is not None:
            fit(obj, "displayText", ptr, TEXT_MAX)

    fit(lens, "name", "", TITLE_MAX)
    fit(lens, "description", "", TEXT_MAX)
    for p, pillar in enumerate(lens.get("pillars", ())):
        p_ptr = pointer("/pillars", p)
        fit(pillar, "name", p_ptr, TITLE_MAX)
        for q, question in enumerate(pillar.get("questions", ())):
            q_ptr = pointer(p_ptr, "questions", q)
            fit(question, "title", q_ptr, TITLE_MAX)
            fit(question, "description", q_ptr, TEXT_MAX)
            fit_resource(question.get("helpfulResource"), pointer(q_ptr, "helpfulResource"))
            for c, choice in enumerate(question.get("choices", ())):
                c_ptr = pointer(q_ptr, "choices", c)
                fit(choice, "title", c_ptr, TITLE_MAX)
                fit(choice, "description", c_ptr, TEXT_MAX)
                for key in ("helpfulResource", "improvementPlan"):
                    fit_resource(choice.get(key), pointer(c_ptr, key))
                for e, entry in enumerate(choice.get("additionalResources", ())):
                    for i, item in enumerate(entry.get("content", ())):
                        item_ptr = pointer(c_ptr, "additionalResources", e, "content", i)
                        fit_resource(item, item_ptr)
    return changes
