"""Carrying our ``mllens`` extensions over to a new version whose file does not hold them.

A lens exported by the AWS tool (or written by AWS, like the official ML Lens) cannot hold
lifecycle phases, best-practice ids and their aliases, a practice's own phases, design
principles or foundational practices. When such a file is imported as a new version of a
lens, what the previous version had is carried over: lens-level items as they were, a
question's items by question id, a choice's by question id and choice id. What the file
declares itself always wins.

Pure: takes two canonical documents, returns the merged document and what happened, as
``lensformat.Problem`` warnings that list what was carried and what could not be matched.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from catalog.lensformat import WARNING, Problem
from catalog.lensformat.problems import pointer

# The edition labels the shipped data file's version; it never describes an imported file.
LENS_KEYS = ("phases", "designPrinciples")
QUESTION_KEYS = ("phase", "foundational")
CHOICE_KEYS = ("bestPracticeId", "aliases")
_NAMES = {
    "phases": "lifecycle phases",
    "designPrinciples": "design principles",
    "phase": "lifecycle phase",
    "foundational": "foundational practices",
    "bestPracticeId": "best-practice id",
    "aliases": "aliases (earlier best-practice ids)",
    # A choice's own "phases" (Generative AI Lens), reported apart from the lens's phases.
    "practicePhases": "lifecycle phases of practices",
}
_UNITS = dict.fromkeys(QUESTION_KEYS, "questions") | dict.fromkeys(
    (*CHOICE_KEYS, "practicePhases"), "choices"
)
# Ids listed in one warning before "and N more".
_LIST_AT_MOST = 40


@dataclass
class CarryOver:
    """The merged document and the warnings describing the carry-over."""

    document: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def carried(self) -> bool:
        return any(w.code == "EXTENSION_CARRIED_OVER" for w in self.warnings)


def _questions(document: dict) -> dict[str, tuple[str, dict]]:
    """``{question id: (pointer, question)}`` over the whole lens."""
    found = {}
    for p, pillar in enumerate(document.get("pillars", [])):
        for q, question in enumerate(pillar.get("questions", [])):
            found[question["id"]] = (pointer("", "pillars", p, "questions", q), question)
    return found


def _listing(ids: list[str]) -> str:
    shown = ", ".join(ids[:_LIST_AT_MOST])
    more = len(ids) - _LIST_AT_MOST
    return f"{shown}, and {more} more" if more > 0 else shown


class _Report:
    def __init__(self, source: str) -> None:
        self.source = source
        self.carried: dict[str, list[str]] = {}
        self.problems: list[Problem] = []

    def carry(self, key: str, where: str) -> None:
        self.carried.setdefault(key, []).append(where)

    def unmatched(self, ptr: str, message: str) -> None:
        self.problems.append(Problem("EXTENSION_NOT_MATCHED", ptr, message, WARNING))

    def warnings(self) -> list[Problem]:
        done = [
            Problem(
                "EXTENSION_CARRIED_OVER",
                "/mllens" if key in LENS_KEYS else "",
                f"{_NAMES[key]} carried over from {self.source}"
                + ("" if key in LENS_KEYS else f" for {len(ids)} {_UNITS[key]}: {_listing(ids)}"),
                WARNING,
            )
            for key, ids in self.carried.items()
        ]
        return [*done, *self.problems]


def carry_over(document: dict[str, Any], previous: dict[str, Any], *, source: str) -> CarryOver:
    """Fill the ``mllens`` items that ``document`` lacks from ``previous``.

    ``source`` names the previous version in the warnings ("version 2025-11"). Returns the
    document unchanged, with no warnings, when the previous version has no extensions.
    """
    merged = copy.deepcopy(document)
    report = _Report(source)
    before_lens = previous.get("mllens", {})
    lens_ext = merged.get("mllens", {})
    for key in LENS_KEYS:
        if key in before_lens and key not in lens_ext:
            lens_ext[key] = copy.deepcopy(before_lens[key])
            report.carry(key, "/mllens")
    if lens_ext:
        merged["mllens"] = lens_ext
    phases = {phase["id"] for phase in lens_ext.get("phases", [])}
    bp_taken = {
        choice.get("mllens", {}).get("bestPracticeId")
        for _, question in _questions(merged).values()
        for choice in question["choices"]
    }

    now = _questions(merged)
    for key, (_, before) in _questions(previous).items():
        if key not in now:
            if before.get("mllens") or any(c.get("mllens") for c in before["choices"]):
                report.unmatched(
                    "", f"question {key} of {source} is not in the file; its extensions are dropped"
                )
            continue
        ptr, question = now[key]
        _question(report, question, before, ptr, phases)
        choices = {choice["id"]: (c, choice) for c, choice in enumerate(question["choices"])}
        for before_choice in before["choices"]:
            extension = before_choice.get("mllens")
            if not extension:
                continue
            if before_choice["id"] not in choices:
                report.unmatched(
                    ptr,
                    f"choice {before_choice['id']} of {source} is not in question {key}; "
                    "its best-practice id and aliases are dropped",
                )
                continue
            index, choice = choices[before_choice["id"]]
            _choice(report, choice, extension, pointer(ptr, "choices", index), bp_taken, phases)
    if report.carried:
        before_ids = _questions(previous)
        for key, (ptr, question) in now.items():
            if key not in before_ids and not question.get("mllens"):
                report.unmatched(
                    ptr, f"question {key} is new: nothing to carry over, it has no extensions"
                )
    return CarryOver(document=merged, warnings=report.warnings())


def _question(report: _Report, question: dict, before: dict, ptr: str, phases: set[str]) -> None:
    before_ext = before.get("mllens", {})
    extension = question.get("mllens", {})
    if "phase" in before_ext and "phase" not in extension:
        if before_ext["phase"] in phases:
            extension["phase"] = before_ext["phase"]
            report.carry("phase", question["id"])
        else:
            report.unmatched(
                pointer(ptr, "mllens", "phase"),
                f"phase {before_ext['phase']} of question {question['id']} is not a phase "
                "of this version",
            )
    if "foundational" in before_ext and "foundational" not in extension:
        choice_ids = {choice["id"] for choice in question["choices"]}
        kept = [key for key in before_ext["foundational"] if key in choice_ids]
        extension["foundational"] = kept
        report.carry("foundational", question["id"])
        for key in before_ext["foundational"]:
            if key not in choice_ids:
                report.unmatched(
                    pointer(ptr, "mllens", "foundational"),
                    f"foundational practice {key} is not a choice of question {question['id']}",
                )
    if extension:
        question["mllens"] = extension


def _choice(
    report: _Report, choice: dict, before_ext: dict, ptr: str, bp_taken: set, phases: set[str]
) -> None:
    extension = choice.get("mllens", {})
    where = choice["id"]
    if "bestPracticeId" in before_ext and "bestPracticeId" not in extension:
        bp = before_ext["bestPracticeId"]
        if bp in bp_taken:
            report.unmatched(
                pointer(ptr, "mllens", "bestPracticeId"),
                f"best-practice id {bp} is already used by another choice of the file",
            )
        else:
            extension["bestPracticeId"] = bp
            bp_taken.add(bp)
            report.carry("bestPracticeId", where)
    if "aliases" in before_ext and "aliases" not in extension:
        extension["aliases"] = list(before_ext["aliases"])
        report.carry("aliases", where)
    if "phases" in before_ext and "phases" not in extension:
        kept = [phase for phase in before_ext["phases"] if phase in phases]
        extension["phases"] = kept
        report.carry("practicePhases", where)
        for phase in before_ext["phases"]:
            if phase not in phases:
                report.unmatched(
                    pointer(ptr, "mllens", "phases"),
                    f"phase {phase} of choice {where} is not a phase of this version",
                )
    if extension:
        choice["mllens"] = extension
