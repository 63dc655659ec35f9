"""Hypothesis strategies for whole custom lenses, written by us.

The lenses are valid in lenient mode and use what real files and our extension use: long titles,
pillar and choice descriptions, additional resources, mllens phases and best-practice ids,
empty urls, case-variant keys and question-level links, Unicode text, every rule shape.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from catalog.lensformat.nonechoice import looks_like_none

# Letters, digits, spaces (also non-breaking), punctuation, accents, CJK, emoji, RTL, markup.
_LETTERS = (
    "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,;:-\u2013\u2014'\"<>&/ \u00a0éüßøñ漢字📈שלום"
)


# Strategies are built once: building them per draw costs more than drawing.
@cache
def _text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(_LETTERS, min_size=1, max_size=max_size).filter(lambda s: s.strip() != "")


@cache
def _title() -> st.SearchStrategy[str]:
    # Mostly short; sometimes over the AWS limit of 128 (lenient mode keeps up to 512).
    long = st.tuples(_text(20), st.integers(130, 400)).map(
        lambda pair: (pair[0] + " lorem ipsum" * 40)[: pair[1]]
    )
    return st.one_of(_text(60), _text(60), _text(60), long)


_BOOL = st.booleans()
_URL = st.builds(
    lambda path: f"https://example.com/{path}", st.from_regex(r"[a-z0-9/]{0,12}", fullmatch=True)
)


@st.composite
def _resource(draw) -> dict[str, Any]:
    out: dict[str, Any] = {"displayText": draw(_text(80))}
    link = draw(st.sampled_from(["url", "url", "none", "empty"]))
    if link == "url":
        out["url"] = draw(_URL)
    elif link == "empty":
        out["url"] = ""
    return out


_RESOURCE = _resource()
_CONTENT = st.lists(_RESOURCE, min_size=1, max_size=3)
_KINDS = st.lists(st.sampled_from(["HELPFUL_RESOURCE", "IMPROVEMENT_PLAN"]), unique=True)


@st.composite
def _additional(draw) -> list[dict[str, Any]]:
    kinds = draw(_KINDS)
    return [{"type": kind, "content": draw(_CONTENT)} for kind in kinds]


_ADDITIONAL = _additional()


def _condition(draw, ids: list[str]) -> str:
    parts = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3))
    parts = [f"!{p}" if draw(_BOOL) else p for p in parts]
    joined = draw(st.sampled_from([" && ", " || ", "&&", "||"])).join(parts)
    return f"({joined})" if draw(_BOOL) else joined


def _rules(draw, ids: list[str]) -> list[dict[str, str]]:
    levels = draw(st.permutations(["NO_RISK", "MEDIUM_RISK", "HIGH_RISK"]))
    count = draw(st.integers(1, 3))
    rules = [{"condition": _condition(draw, ids), "risk": level} for level in levels[: count - 1]]
    return [*rules, {"condition": "default", "risk": levels[count - 1]}]


def _choice(draw, cid: str, bp: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": cid, "title": draw(_title())}
    if looks_like_none(out):
        # A title such as "none." on an id without `_no` is a warning that publishing must
        # confirm (tests/catalog/test_none_choice.py covers it); these lenses publish as they are.
        out["title"] = f"Practice {out['title']}"
    if draw(_BOOL):
        out["description"] = draw(_text(200))
    if bp is not None:
        out["mllens"] = {"bestPracticeId": bp}
    if draw(_BOOL):
        out["helpfulResource"] = draw(_RESOURCE)
    if not cid.endswith("_no"):
        out["improvementPlan"] = draw(_RESOURCE)
        if draw(_BOOL):
            out["additionalResources"] = draw(_ADDITIONAL)
    if draw(st.integers(0, 9)) == 0 and "helpfulResource" in out:
        # A key in the wrong case, as some generated files have it.
        out["HelpfulResource"] = out.pop("helpfulResource")
    return out


def _question(draw, qid: str, number: int, phases: list[str]) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    ids = [f"{qid}_c{index}" for index in range(1, count + 1)]
    with_bp = draw(_BOOL)
    choices = [
        _choice(draw, cid, f"T{number:02d}-BP{i:02d}" if with_bp else None)
        for i, cid in enumerate(ids, 1)
    ]
    if draw(_BOOL):
        choices.append(_choice(draw, f"{qid}_no", None))
    out: dict[str, Any] = {"id": qid, "title": draw(_title())}
    if draw(_BOOL):
        out["description"] = draw(_text(300))
    if phases and draw(_BOOL):
        out["mllens"] = {"phase": draw(st.sampled_from(phases))}
    link = draw(st.sampled_from(["resource", "resource", "none", "question-url"]))
    if link == "resource":
        out["helpfulResource"] = draw(_RESOURCE)
    elif link == "question-url":
        out["url"] = draw(_URL)
    out["choices"] = choices
    out["riskRules"] = _rules(draw, ids)
    return out


@st.composite
def lenses(draw) -> dict[str, Any]:
    """A lens document that lenient mode accepts."""
    phases = draw(st.lists(st.sampled_from(["plan", "build", "run"]), unique=True))
    doc: dict[str, Any] = {"schemaVersion": "2021-11-01", "name": draw(_text(60))}
    if draw(_BOOL):
        doc["description"] = draw(_text(300))
    if phases:
        doc["mllens"] = {
            "edition": "1",
            "phases": [{"id": phase, "name": phase.title()} for phase in phases],
        }
    pillars, number = [], 0
    for p in range(1, draw(st.integers(1, 3)) + 1):
        pillar: dict[str, Any] = {"id": f"pillar{p}", "name": draw(_text(60))}
        if draw(_BOOL):
            pillar["description"] = draw(_text(200))
        questions = []
        for q in range(1, draw(st.integers(1, 3)) + 1):
            number += 1
            questions.append(_question(draw, f"P{p}Q{q}", number, phases))
        pillar["questions"] = questions
        pillars.append(pillar)
    doc["pillars"] = pillars
    return doc


def aws_projection(document: dict[str, Any]) -> dict[str, Any]:
    """What of a canonical document the AWS format holds: no mllens, no pillar descriptions."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "mllens"}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    out = strip(document)
    for pillar in out["pillars"]:
        pillar.pop("description", None)
    return out
