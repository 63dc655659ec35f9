"""Checks of restored rows by the rules the API and the workload import apply.

A backup restores rows as they were, ids and all; but a row that the API could never have
written (an unknown choice selected, "None of these" with others, pillar notes that are not
a mapping of pillar keys to text, a workload field out of range) would restore and then break
pages and reports. Each check takes a row's ``fields`` and returns its problems with
pointers relative to them; the restore puts them under ``/<section>/<index>/fields``.
"""

from __future__ import annotations

from rest_framework import serializers

from catalog.models import Choice, Pillar
from mllens.errors import ErrorDetail
from mllens.validation import flatten_errors
from reviews import answer_rules
from reviews.services.lens_reviews import pillar_notes_problems
from reviews.services.workloads import EDITABLE_FIELDS


def _shape(serializer_class, data: dict) -> list[ErrorDetail]:
    reader = serializer_class(data=data)
    try:
        reader.is_valid(raise_exception=True)
    except serializers.ValidationError as exc:
        return flatten_errors(exc.detail)
    return []


def workload_problems(fields: dict) -> list[ErrorDetail]:
    from reviews.api.import_serializers import WorkloadFieldsSerializer

    return _shape(WorkloadFieldsSerializer, {k: fields[k] for k in EDITABLE_FIELDS if k in fields})


def lens_review_problems(fields: dict) -> list[ErrorDetail]:
    from reviews.api.serializers import LensReviewNotesSerializer

    data = {k: fields[k] for k in ("notes", "pillar_notes") if k in fields}
    if problems := _shape(LensReviewNotesSerializer, data):
        return problems
    known = set(
        Pillar.objects.filter(lens_version_id=fields.get("lens_version")).values_list(
            "key", flat=True
        )
    )
    return pillar_notes_problems(known=known, pillar_notes=data.get("pillar_notes") or {})


def answer_problems(fields: dict) -> list[ErrorDetail]:
    from reviews.api.import_serializers import AnswerEntrySerializer

    names = ("question_key", "selected_choices", "choice_statuses", "is_applicable", "reason")
    data = {k: fields[k] for k in (*names, "notes", "risk") if k in fields}
    if problems := _shape(AnswerEntrySerializer, data):
        return problems
    known = dict(
        Choice.objects.filter(question_id=fields.get("question"))
        .order_by("order")
        .values_list("key", "is_none")
    )
    selected = list(data.get("selected_choices") or [])
    marked = data.get("choice_statuses") or {}
    problems = answer_rules.unknown_choice_problems(
        known, "selected_choices", ((str(i), key) for i, key in enumerate(selected))
    )
    problems += answer_rules.unknown_choice_problems(
        known, "choice_statuses", ((key, key) for key in marked)
    )
    problems += answer_rules.not_applicable_problems(
        known, {key: (value or {}).get("notes", "") for key, value in marked.items()}
    )
    problems += answer_rules.combination_problems(
        known, [k for k in selected if k in known], [k for k in marked if k in known]
    )
    return problems


def improvement_item_problems(fields: dict) -> list[ErrorDetail]:
    from reviews.api.import_serializers import ImprovementEntrySerializer

    names = ("question_key", "choice_key", "due_date", "status", "note")
    return _shape(ImprovementEntrySerializer, {k: fields[k] for k in names if k in fields})


CHECKS = {
    "workloads": workload_problems,
    "lens_reviews": lens_review_problems,
    "answers": answer_problems,
    "improvement_items": improvement_item_problems,
}
