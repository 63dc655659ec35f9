"""Reading a workload document before anything is written: shape, limits and rules.

Everything the import will write is checked here with the API's own rules — the write
serializers for shapes and lengths, ``answer_rules`` for choices, the pillar-note and
improvement-plan rules — and every problem is reported at once with its JSON Pointer into
the document. Nothing here writes. What needs rows to exist (an item owner must be a member)
is checked by the import inside its transaction, with the same service function as the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from rest_framework import serializers

from catalog.choices import VersionStatus
from catalog.models import LensVersion
from catalog.question_tree import question_rules
from mllens.errors import DomainError, ErrorDetail, invalid
from mllens.validation import flatten_errors
from reviews import answer_rules, risk
from reviews.models import Answer
from reviews.selectors.improvements import improvement_plan_from
from reviews.services.lens_reviews import pillar_notes_problems

FORMAT = "mllens-workload"
FORMAT_VERSION = 1
CODE = "INVALID_WORKLOAD_DOCUMENT"


@dataclass
class ReviewPlan:
    """One lens review as it will be written: unsaved answers, notes and tracked items."""

    version: LensVersion
    notes: str
    pillar_notes: dict
    answers: list[Answer]
    items: list[tuple[int, dict]] = field(default_factory=list)
    index: int = 0  # in the document's reviews


def _at(pointer: str, code: str, message: str) -> ErrorDetail:
    """A problem at ``pointer`` in the document (already a JSON Pointer)."""
    return ErrorDetail(code, message, pointer=pointer)


def rejected(problems: list[ErrorDetail]) -> DomainError:
    """The 400 for a document: every problem, nothing written."""
    error = invalid(*problems, code=CODE)
    error.message = f"The workload document has {len(problems)} _at(s): {error.message}"
    return error


def _entries(document: dict) -> int:
    """How many members, reviews, answers and improvement items the document holds (those
    of its milestones included)."""
    total = 0
    for name in ("members", "reviews", "milestones"):
        if isinstance(value := document.get(name), list):
            total += len(value)
    reviews = _list(document.get("reviews"))
    for milestone in _list(document.get("milestones")):
        if isinstance(milestone, dict):
            reviews += _list(milestone.get("reviews"))
    for review in reviews:
        if isinstance(review, dict):
            for name in ("answers", "improvement_items"):
                if isinstance(value := review.get(name), list):
                    total += len(value)
    return total


def _list(value) -> list:
    return list(value) if isinstance(value, list) else []


def document_read(document, *, workload_fields: dict | None = None) -> dict:
    """The document's validated data (the API's write serializers), or a 400 naming every
    problem. ``workload_fields``, if given, replace the document's ``workload`` object."""
    from reviews.api.import_serializers import WorkloadDocumentSerializer

    if not isinstance(document, dict):
        raise rejected([_at("", "TYPE", "Expected a JSON object: an exported workload.")])
    limit = settings.WORKLOAD_IMPORT_MAX_ITEMS
    if (count := _entries(document)) > limit:
        raise rejected(
            [_at("", "LIMIT", f"{count} members, reviews, answers and items; at most {limit}.")]
        )
    if workload_fields is not None:
        document = {**document, "workload": workload_fields}
    reader = WorkloadDocumentSerializer(data=document)
    try:
        reader.is_valid(raise_exception=True)
    except serializers.ValidationError as exc:
        raise rejected(flatten_errors(exc.detail)) from None
    data = reader.validated_data
    if data["format"] != FORMAT or data["format_version"] != FORMAT_VERSION:
        raise rejected(
            [_at("/format", "FORMAT", f"Expected format {FORMAT!r} version {FORMAT_VERSION}.")]
        )
    return data


@dataclass
class MilestonePlan:
    """One milestone as it will be recorded: its workload fields and review plans."""

    name: str
    recorded_in_aws_at: object
    workload: dict
    reviews: list[ReviewPlan]


def milestones_plan(milestones: list[dict]) -> tuple[list[MilestonePlan], list[ErrorDetail]]:
    """Each milestone's reviews, checked like the workload's own; names are unique."""
    problems, plans, names = [], [], set()
    for index, entry in enumerate(milestones):
        base = f"/milestones/{index}"
        if entry["name"] in names:
            problems.append(_at(f"{base}/name", "DUPLICATE", "Milestone names are unique."))
        names.add(entry["name"])
        reviews, found = reviews_plan(entry.get("reviews", []))
        problems += answer_rules.under(base, found)
        plans.append(
            MilestonePlan(
                name=entry["name"],
                recorded_in_aws_at=entry.get("recorded_in_aws_at"),
                workload=entry.get("workload", {}),
                reviews=reviews,
            )
        )
    return plans, problems


def members_plan(members: list[dict], user, warnings: list[str]) -> tuple[list[dict], list]:
    """The members to add (``user`` is owner already), and problems (a member twice)."""
    problems, seen, planned = [], set(), []
    for index, member in enumerate(members):
        kind = "user" if "user" in member else "team"
        ref = member[kind]
        if member.get("missing"):
            key = (kind, ref)
            warnings.append(f"/members/{index}: no {kind} {ref!r} here, skipped")
        else:
            key = (kind, ref.pk)
        if key in seen:
            problems.append(_at(f"/members/{index}", "DUPLICATE", f"The {kind} is listed twice."))
            continue
        seen.add(key)
        if member.get("missing") or ref == user:
            continue
        planned.append({kind: ref, "role": member["role"]})
    return planned, problems


def reviews_plan(reviews: list[dict]) -> tuple[list[ReviewPlan], list[ErrorDetail]]:
    """Each review's lens version, answers and items, checked against that lens."""
    problems, plans, lenses = [], [], set()
    for index, entry in enumerate(reviews):
        base = f"/reviews/{index}"
        if entry["lens"] in lenses:
            problems.append(_at(f"{base}/lens", "DUPLICATE", "The lens is applied twice."))
            continue
        lenses.add(entry["lens"])
        version = (
            LensVersion.objects.filter(
                lens__slug=entry["lens"],
                version=entry["lens_version"],
                status=VersionStatus.PUBLISHED,
            )
            .select_related("lens")
            .first()
        )
        if version is None:
            problems.append(
                _at(
                    f"{base}/lens_version",
                    "LENS_VERSION_MISSING",
                    f"Lens {entry['lens']!r} version {entry['lens_version']!r} "
                    "is not published here.",
                )
            )
            continue
        plan, found = _review_plan(version, entry, base)
        plan.index = index
        problems += found
        plans.append(plan)
    return plans, problems


def _review_plan(version: LensVersion, entry: dict, base: str):
    questions = {
        q.key: q
        for q in version.questions.select_related("pillar", "phase").prefetch_related(
            "choices", "risk_rules"
        )
    }
    pillars = set(version.pillars.values_list("key", flat=True))
    pillar_notes = entry.get("pillar_notes", {})
    problems = answer_rules.under(
        base, pillar_notes_problems(known=pillars, pillar_notes=pillar_notes)
    )
    given: dict[str, tuple[int, dict]] = {}
    for index, answer in enumerate(entry.get("answers", [])):
        where = f"{base}/answers/{index}/question_key"
        key = answer["question_key"]
        if key not in questions:
            problems.append(
                _at(where, "UNKNOWN_QUESTION", f"Unknown question {key!r} in {version}.")
            )
        elif key in given:
            problems.append(_at(where, "DUPLICATE", f"Question {key!r} is answered twice."))
        else:
            given[key] = (index, answer)
    rows = []
    for question in sorted(questions.values(), key=lambda q: q.order):
        index, data = given.get(question.key, (None, {}))
        row, found = _answer(question, data)
        problems += answer_rules.under(f"{base}/answers/{index}", found)
        row.version = 0 if index is None else 1
        rows.append(row)
    plan = ReviewPlan(
        version=version,
        notes=entry.get("notes", ""),
        pillar_notes={key: text for key, text in pillar_notes.items() if text},
        answers=rows,
    )
    if not problems:
        plan.items, found = _items(rows, entry.get("improvement_items", []), base)
        problems += found
    return plan, problems


def _answer(question, data: dict) -> tuple[Answer, list[ErrorDetail]]:
    """The unsaved answer and its problems, by the rules ``answer_update`` applies."""
    known = {c.key: c.is_none for c in question.choices.all()}
    selected = data.get("selected_choices", [])
    marked = data.get("choice_statuses", {})
    problems = answer_rules.unknown_choice_problems(
        known, "selected_choices", ((str(i), key) for i, key in enumerate(selected))
    )
    problems += answer_rules.unknown_choice_problems(
        known, "choice_statuses", ((key, key) for key in marked)
    )
    problems += answer_rules.not_applicable_problems(
        known, {key: value.get("notes", "") for key, value in marked.items() if key in known}
    )
    selected = [key for key in selected if key in known]
    problems += answer_rules.combination_problems(
        known, selected, [k for k in marked if k in known]
    )
    is_applicable = data.get("is_applicable", True)
    selected = answer_rules.in_lens_order(known, selected)
    rules = question_rules(question)
    row = Answer(
        question=question,
        question_key=question.key,
        pillar_key=question.pillar.key,
        phase_key=question.phase.key if question.phase else "",
        order=question.order,
        selected_choices=selected,
        choice_statuses={
            key: {
                "reason": marked[key].get("reason") or "NONE",
                "notes": marked[key].get("notes", ""),
            }
            for key in known
            if key in marked
        },
        is_applicable=is_applicable,
        reason=answer_rules.reason_for(is_applicable, data.get("reason", "")),
        notes=data.get("notes", ""),
        risk=risk.answer_risk(rules=rules, selected=selected, is_applicable=is_applicable),
    )
    return row, problems


def _items(rows: list[Answer], items: list[dict], base: str):
    """Tracked items, each one of the plan the imported answers make (the API's 404 rule)."""
    plan = {
        (entry["question_key"], item["choice_key"])
        for entry in improvement_plan_from(answers=rows, items=[], pillar_priorities=[])
        for item in entry["items"]
    }
    problems, seen, kept = [], set(), []
    for index, item in enumerate(items):
        where = f"{base}/improvement_items/{index}"
        key = (item["question_key"], item["choice_key"])
        if key in seen:
            problems.append(_at(where, "DUPLICATE", "The item is listed twice."))
        elif key not in plan:
            problems.append(
                _at(
                    where,
                    "NOT_IN_PLAN",
                    f"{key[1]!r} of {key[0]!r} is not in the improvement plan of these answers.",
                )
            )
        else:
            kept.append((index, item))
        seen.add(key)
    return kept, problems
