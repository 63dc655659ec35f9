"""Choices that look like "None of these" but are not one by the AWS rule (issue 12 finding 24).

AWS makes a choice "None of these" only through the ``_no`` suffix of its id. A choice named
``q1_none`` or titled "None of the above" is therefore an ordinary best practice: it can be
selected with others and shows up in the improvement plan. We keep the rule and say so loudly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .problems import WARNING, Problem, pointer, show

NONE_SUFFIX = "_no"
CODE = "NONE_CHOICE_ID"
_NONE_ID = re.compile(r"_(?:no|none|nota|none_?of_?(?:these|the_?above|them))$", re.IGNORECASE)
_NONE_TITLE = re.compile(r"none(?: of (?:these|the above|them|the practices)\b.*)?", re.IGNORECASE)


def is_none_choice(choice_id: Any) -> bool:
    """The rule: a choice is "None of these" exactly when its id ends in ``_no`` (as in AWS)."""
    return isinstance(choice_id, str) and choice_id.endswith(NONE_SUFFIX)


def looks_like_none(choice: dict[str, Any]) -> bool:
    """True for a choice that reads as "None of these" but whose id does not end in ``_no``."""
    choice_id = choice.get("id")
    if not isinstance(choice_id, str) or is_none_choice(choice_id):
        return False
    title = choice.get("title")
    by_title = isinstance(title, str) and _NONE_TITLE.fullmatch(title.strip(" .!\t\n")) is not None
    return by_title or _NONE_ID.search(choice_id) is not None


def none_choice_problem(choice_id: str, ptr: str) -> Problem:
    """The warning for such a choice, pointing at its id."""
    return Problem(
        CODE,
        ptr,
        f"choice {show(choice_id)} looks like 'None of these', but only a choice whose id ends "
        f"in '{NONE_SUFFIX}' is one (the AWS rule), so it is treated as a best practice: it can "
        f"be selected together with other choices and appears in the improvement plan. Rename "
        f"its id to end in '{NONE_SUFFIX}' (and the risk rules that name it), or confirm this "
        "when publishing",
        WARNING,
    )


def none_choice_suspects(document: dict[str, Any]) -> list[Problem]:
    """Every such choice of a canonical ``document``, in document order."""
    return list(_suspects(document))


def _suspects(document: dict[str, Any]) -> Iterator[Problem]:
    for p, pillar in enumerate(document.get("pillars") or ()):
        for q, question in enumerate(pillar.get("questions") or ()):
            for c, choice in enumerate(question.get("choices") or ()):
                if looks_like_none(choice):
                    ptr = pointer("/pillars", p, "questions", q, "choices", c, "id")
                    yield none_choice_problem(choice["id"], ptr)
