"""The rules a stored answer obeys, as plain data in and problems out.

One home for them: ``answer_update`` (the API) and ``workload_import`` both call these, so an
imported answer can never hold what the API would refuse. ``known`` maps each choice key of
the question, in lens order, to whether it is the "None of these" choice. Problems carry
JSON Pointers relative to the answer (``/selected_choices/2``); callers put them under
their own base with :func:`under`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from mllens.errors import ErrorDetail
from mllens.errors import problem as _problem
from reviews.limits import MAX_CHOICE_NOTES, MAX_NOTES
from reviews.risk import none_selected


def unknown_choice_problems(
    known: Mapping[str, bool], field: str, entries: Iterable[tuple[str, str]]
) -> list[ErrorDetail]:
    """Each ``(where, key)`` whose key is not a choice of the question, at ``/field/where``."""
    return [
        _problem("UNKNOWN_CHOICE", f"{key!r} is not a choice of this question.", field, where)
        for where, key in entries
        if key not in known
    ]


def not_applicable_problems(
    known: Mapping[str, bool], notes: Mapping[str, str]
) -> list[ErrorDetail]:
    """Choices marked not applicable (key → notes): "None of these" may not be, and notes
    have at most ``MAX_CHOICE_NOTES`` characters."""
    problems = []
    for key, text in notes.items():
        if known.get(key):
            problems.append(
                _problem(
                    "NONE_NOT_APPLICABLE",
                    "'None of these' cannot be marked not applicable.",
                    "choice_statuses",
                    key,
                )
            )
        if len(text or "") > MAX_CHOICE_NOTES:
            problems.append(
                _problem(
                    "LENGTH",
                    f"Choice notes have at most {MAX_CHOICE_NOTES} characters.",
                    "choice_statuses",
                    key,
                    "notes",
                )
            )
    return problems


def combination_problems(
    known: Mapping[str, bool], selected: Sequence[str], not_applicable: Iterable[str]
) -> list[ErrorDetail]:
    """ "None of these" stands alone; a choice is either selected or not applicable."""
    problems = []
    if len(set(selected)) > 1 and none_selected(known=known, selected=selected):
        problems.append(
            _problem(
                "NONE_EXCLUSIVE",
                "'None of these' cannot be selected together with other choices.",
                "selected_choices",
            )
        )
    chosen = set(selected)
    problems.extend(
        _problem(
            "SELECTED_AND_NOT_APPLICABLE",
            f"{key!r} cannot be both selected and not applicable.",
            "choice_statuses",
            key,
        )
        for key in not_applicable
        if key in chosen
    )
    return problems


def notes_problems(notes: str) -> list[ErrorDetail]:
    if len(notes) > MAX_NOTES:
        return [_problem("LENGTH", f"Notes have at most {MAX_NOTES} characters.", "notes")]
    return []


def in_lens_order(known: Mapping[str, bool], selected: Iterable[str]) -> list[str]:
    """The selection without repeats, in the lens's order of choices."""
    order = {key: index for index, key in enumerate(known)}
    return sorted(dict.fromkeys(selected), key=order.__getitem__)


def reason_for(is_applicable: bool, reason: str) -> str:
    """An applicable question has no reason; a not applicable one has one (NONE if unsaid)."""
    if is_applicable:
        return ""
    return reason or "NONE"


def under(base: str, problems: Iterable[ErrorDetail]) -> list[ErrorDetail]:
    """The problems with ``base`` (a JSON Pointer) before their pointers."""
    prefix = ".".join(base.strip("/").split("/")) if base else ""
    return [
        ErrorDetail(
            p.code,
            p.message,
            pointer=base + (p.pointer or ""),
            field=".".join(x for x in (prefix, p.field or "") if x) or None,
        )
        for p in problems
    ]
