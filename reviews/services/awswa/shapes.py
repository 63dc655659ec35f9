"""The two AWS review file shapes in circulation, read into one plain structure.

- The AWS labs ``exportImportWAFR.py`` file: ``{"workload": [Workload], "lens_review":
  [{lens: LensReview}], "lenses": [{lens: [Answer, ...]}]}``.
- A bundle of raw API responses: an object whose values are responses or lists of them
  (``{"GetWorkload": {...}, "ListAnswers": [page, page], ...}``), or a list of responses.
  Each response is recognised by its own keys (``Workload``, ``LensReview``, ``Answer``,
  ``AnswerSummaries``, ``MilestoneSummaries``, ``Milestone``), and one carrying a
  ``MilestoneNumber`` belongs to that milestone.

Nothing here touches the database; every item keeps the JSON Pointer it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from mllens.errors import pointer

LABS = "exportImportWAFR"
API = "api-responses"
_ARN = re.compile(r"^arn:[\w-]+:wellarchitected:([\w-]*):([\w-]*):lens/(.+)$")


class Problem(NamedTuple):
    code: str
    message: str
    pointer: str


def lens_key(raw: str) -> str:
    """An official lens's alias from its alias or ARN; a custom lens's ARN unchanged."""
    found = _ARN.match(raw.strip())
    if not found:
        return raw.strip()
    _, account, rest = found.groups()
    return raw.strip() if re.fullmatch(r"\d{12}", account) else rest


def is_custom(key: str) -> bool:
    return key.startswith("arn:")


@dataclass
class AwsLens:
    key: str
    pointer: str
    review: dict = field(default_factory=dict)
    review_pointer: str = ""
    # QuestionId -> (answer, pointer), in file order; a GetAnswer replaces a summary.
    answers: dict[str, tuple[dict, str]] = field(default_factory=dict)
    # (NextToken, pointer) of every ListAnswers page.
    pages: list[tuple[str | None, str]] = field(default_factory=list)


@dataclass
class AwsState:
    workload: dict = field(default_factory=dict)
    workload_pointer: str = ""
    lenses: dict[str, AwsLens] = field(default_factory=dict)

    def lens(self, raw: str, where: str) -> AwsLens:
        key = lens_key(raw)
        if key not in self.lenses:
            self.lenses[key] = AwsLens(key=key, pointer=where)
        return self.lenses[key]


@dataclass
class AwsMilestone:
    number: int
    name: str = ""
    recorded_at: object = None
    pointer: str = ""
    state: AwsState = field(default_factory=AwsState)


@dataclass
class AwsFile:
    shape: str
    state: AwsState
    milestones: list[AwsMilestone]
    problems: list[Problem]


def read(document) -> AwsFile:
    """Read either shape; a document that is neither has a problem at ``""``."""
    if isinstance(document, dict) and "workload" in document:
        return _read_labs(document)
    if isinstance(document, dict | list):
        found = _read_api(document)
        if found.state.workload_pointer:
            return found
    return AwsFile(
        shape="",
        state=AwsState(),
        milestones=[],
        problems=[
            Problem(
                "UNKNOWN_SHAPE",
                "Expected an exportImportWAFR.py file (workload, lens_review, lenses) or "
                "AWS API responses including GetWorkload.",
                "",
            )
        ],
    )


def _answer_of(value: dict) -> dict:
    # Some scripts keep the whole GetAnswer response instead of its Answer.
    return value["Answer"] if isinstance(value.get("Answer"), dict) else value


def _read_labs(document: dict) -> AwsFile:
    problems: list[Problem] = []
    state = AwsState()
    workloads = document.get("workload")
    if isinstance(workloads, dict):
        state.workload, state.workload_pointer = workloads, "/workload"
    elif isinstance(workloads, list) and workloads and isinstance(workloads[0], dict):
        state.workload, state.workload_pointer = workloads[0], "/workload/0"
        if len(workloads) > 1:
            problems.append(Problem("ONE_WORKLOAD", "Only one workload per file.", "/workload/1"))
    else:
        problems.append(Problem("REQUIRED", "The workload object is missing.", "/workload"))
    _applied(state)
    for index, entry in enumerate(_list(document, "lens_review", problems)):
        for raw, review in _single_key(entry, pointer("lens_review", index), problems):
            where = pointer("lens_review", index, raw)
            if isinstance(review, dict) and isinstance(review.get("LensReview"), dict):
                review, where = review["LensReview"], where + "/LensReview"
            if not isinstance(review, dict):
                problems.append(Problem("TYPE", "Expected a lens review object.", where))
                continue
            lens = state.lens(raw, where)
            lens.review, lens.review_pointer = review, where
    for index, entry in enumerate(_list(document, "lenses", problems)):
        for raw, answers in _single_key(entry, pointer("lenses", index), problems):
            where = pointer("lenses", index, raw)
            if not isinstance(answers, list):
                problems.append(Problem("TYPE", "Expected a list of answers.", where))
                continue
            lens = state.lens(raw, where)
            for number, answer in enumerate(answers):
                _add_answer(lens, answer, f"{where}/{number}", problems)
    return AwsFile(shape=LABS, state=state, milestones=[], problems=problems)


def _applied(state: AwsState) -> None:
    """The workload's lenses, in its order, even those without answers in the file."""
    lenses = state.workload.get("Lenses")
    for index, raw in enumerate(lenses if isinstance(lenses, list) else []):
        if isinstance(raw, str):
            state.lens(raw, f"{state.workload_pointer}/Lenses/{index}")


def _list(document: dict, key: str, problems: list[Problem]) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem("TYPE", f"Expected {key} to be a list.", pointer(key)))
        return []
    return value


def _single_key(entry, where: str, problems: list[Problem]):
    if not isinstance(entry, dict):
        problems.append(Problem("TYPE", "Expected an object keyed by lens.", where))
        return []
    return list(entry.items())


def _add_answer(lens: AwsLens, answer, where: str, problems: list[Problem]) -> None:
    if isinstance(answer, dict):
        if isinstance(answer.get("Answer"), dict):
            answer, where = answer["Answer"], where + "/Answer"
        question = answer.get("QuestionId")
        if isinstance(question, str) and question:
            known = lens.answers.get(question)
            if known is None or _is_full(answer) or not _is_full(known[0]):
                lens.answers[question] = (answer, where)
            return
    problems.append(Problem("REQUIRED", "An answer without a QuestionId.", where))


def _is_full(answer: dict) -> bool:
    """A GetAnswer ``Answer`` (notes, choice notes) rather than a ListAnswers summary."""
    return "ChoiceAnswers" in answer or "Notes" in answer or "QuestionDescription" in answer


def _responses(document):
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield item, pointer(index)
        return
    for key, value in document.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield item, pointer(key, index)
        else:
            yield value, pointer(key)


def _read_api(document) -> AwsFile:
    problems: list[Problem] = []
    current = AwsState()
    milestones: dict[int, AwsMilestone] = {}

    def state_for(response: dict, where: str) -> AwsState:
        number = response.get("MilestoneNumber")
        if number is None:
            return current
        if not isinstance(number, int) or isinstance(number, bool):
            problems.append(Problem("TYPE", "MilestoneNumber is a number.", where))
            return current
        return milestones.setdefault(number, AwsMilestone(number=number)).state

    for response, where in _responses(document):
        if not isinstance(response, dict):
            problems.append(Problem("TYPE", "Expected an API response object.", where))
        elif isinstance(response.get("Milestone"), dict):
            _milestone(response["Milestone"], where + "/Milestone", milestones, problems)
        elif isinstance(response.get("MilestoneSummaries"), list):
            for index, summary in enumerate(response["MilestoneSummaries"]):
                _milestone(summary, f"{where}/MilestoneSummaries/{index}", milestones, problems)
        elif isinstance(response.get("Workload"), dict):
            current.workload, current.workload_pointer = response["Workload"], where + "/Workload"
            _applied(current)
        elif isinstance(response.get("LensReview"), dict):
            review = response["LensReview"]
            raw = review.get("LensAlias") or review.get("LensArn")
            if not isinstance(raw, str):
                problems.append(Problem("REQUIRED", "A lens review names its lens.", where))
                continue
            lens = state_for(response, where).lens(raw, where + "/LensReview")
            lens.review, lens.review_pointer = review, where + "/LensReview"
        elif "AnswerSummaries" in response or isinstance(response.get("Answer"), dict):
            raw = response.get("LensAlias") or response.get("LensArn")
            if not isinstance(raw, str):
                problems.append(Problem("REQUIRED", "An answers response names its lens.", where))
                continue
            lens = state_for(response, where).lens(raw, where)
            if "AnswerSummaries" in response:
                lens.pages.append((response.get("NextToken"), where))
                summaries = _as_list(
                    response["AnswerSummaries"], where + "/AnswerSummaries", problems
                )
                for index, answer in enumerate(summaries):
                    _add_answer(lens, answer, f"{where}/AnswerSummaries/{index}", problems)
            else:
                _add_answer(lens, response["Answer"], where + "/Answer", problems)
        elif "LensReviewSummaries" in response:
            summaries = _as_list(
                response["LensReviewSummaries"], where + "/LensReviewSummaries", problems
            )
            for index, summary in enumerate(summaries):
                if not isinstance(summary, dict):
                    continue
                raw = summary.get("LensAlias") or summary.get("LensArn")
                if isinstance(raw, str):
                    state_for(response, where).lens(raw, f"{where}/LensReviewSummaries/{index}")
        else:
            problems.append(
                Problem("UNKNOWN_RESPONSE", "Not a Well-Architected API response.", where)
            )
    for lens in current.lenses.values():
        _check_pages(lens, problems)
    ordered = []
    for number in sorted(milestones):
        milestone = milestones[number]
        for lens in milestone.state.lenses.values():
            _check_pages(lens, problems)
        if not milestone.pointer:
            problems.append(
                Problem(
                    "UNKNOWN_MILESTONE",
                    f"Answers of milestone {number} without its ListMilestones or "
                    "GetMilestone entry.",
                    next(iter(milestone.state.lenses.values())).pointer,
                )
            )
            continue
        ordered.append(milestone)
    return AwsFile(shape=API, state=current, milestones=ordered, problems=problems)


def _as_list(value, where: str, problems: list[Problem]) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    problems.append(Problem("TYPE", "Expected a list.", where))
    return []


def _milestone(data, where: str, milestones: dict, problems: list[Problem]) -> None:
    if not isinstance(data, dict):
        problems.append(Problem("TYPE", "Expected a milestone object.", where))
        return
    number = data.get("MilestoneNumber")
    if not isinstance(number, int) or isinstance(number, bool):
        problems.append(Problem("REQUIRED", "A milestone has a MilestoneNumber.", where))
        return
    milestone = milestones.setdefault(number, AwsMilestone(number=number))
    milestone.name = data.get("MilestoneName") or milestone.name
    milestone.recorded_at = data.get("RecordedAt", milestone.recorded_at)
    # GetMilestone holds the whole workload; ListMilestones only its summary.
    if isinstance(data.get("Workload"), dict):
        milestone.state.workload = data["Workload"]
        milestone.state.workload_pointer = where + "/Workload"
        milestone.pointer = where
    elif isinstance(data.get("WorkloadSummary"), dict) and not milestone.state.workload:
        milestone.state.workload = data["WorkloadSummary"]
        milestone.state.workload_pointer = where + "/WorkloadSummary"
    milestone.pointer = milestone.pointer or where
    _applied(milestone.state)


def _check_pages(lens: AwsLens, problems: list[Problem]) -> None:
    if lens.pages and all(token for token, _ in lens.pages):
        problems.append(
            Problem(
                "MISSING_PAGE",
                "Every ListAnswers page of this lens has a NextToken: the last page is missing.",
                lens.pages[-1][1] + "/NextToken",
            )
        )
