"""Write a canonical lens document back out, in full or as the plain AWS format."""

from __future__ import annotations

import copy
from typing import Any

# Keys the AWS format defines at each level; everything else is ours (mllens, descriptions).
_AWS_LENS = ("schemaVersion", "name", "description", "pillars")
_AWS_PILLAR = ("id", "name", "questions")
_AWS_QUESTION = ("id", "title", "description", "helpfulResource", "choices", "riskRules")
_AWS_CHOICE = ("id", "title", "helpfulResource", "improvementPlan", "additionalResources")
_AWS_RESOURCE = ("displayText", "url")
_AWS_ENTRY = ("type", "content")
_AWS_RULE = ("condition", "risk")

FORMATS = ("full", "aws")


def export_document(document: dict[str, Any], *, format: str) -> dict[str, Any]:
    """Return a copy of a canonical ``document`` for download.

    ``format="full"`` keeps everything, so it re-imports to the same canonical document.
    ``format="aws"`` keeps only the keys the AWS format defines (no ``mllens`` objects, no
    pillar or choice descriptions), so the AWS importer accepts it. Other formats: ValueError.
    """
    if format == "full":
        return copy.deepcopy(document)
    if format == "aws":
        return _aws_lens(document)
    raise ValueError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}")


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
