"""Import a review from the AWS tool through the one workload import service."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from mllens.errors import DomainError, ErrorDetail
from reviews.models import Answer, Workload
from reviews.risk import SEVERITY_ORDER
from reviews.services import exchange
from reviews.services.awswa import mapper, shapes
from reviews.services.awswa.catalog import Catalog

# The AWS tool's risks from worst to best, to compare one 2023 question with the several
# mllens questions its practices moved to.


def _details(problems) -> list[ErrorDetail]:
    return [ErrorDetail(p.code, p.message, pointer=p.pointer) for p in problems]


def _items(problems) -> list[dict]:
    return [{"code": p.code, "message": p.message, "pointer": p.pointer} for p in problems]


def aws_review_import(
    *, document, user, dry_run: bool = False, skip_unmapped: bool = False
) -> tuple[Workload | None, dict]:
    """Create a workload from an AWS review file; with ``dry_run`` nothing is kept.

    Items that cannot be mapped refuse a real import (400 ``AWS_UNMAPPED``, every item with
    its pointer into the file) unless ``skip_unmapped``; a dry run lists them. Everything is
    written in one transaction, then risks are scored by mllens's rules and compared with
    AWS's stored ``Risk``. Returns the workload (``None`` for a dry run) and the report.
    """
    aws = shapes.read(document)
    if not aws.shape:
        raise DomainError(
            code="INVALID_AWS_DOCUMENT",
            message="This is not a review file from the AWS Well-Architected Tool.",
            errors=_details(aws.problems),
        )
    mapped = mapper.map_file(aws, Catalog(user))
    if mapped.problems and not (dry_run or skip_unmapped):
        raise DomainError(
            code="AWS_UNMAPPED",
            message=f"{len(mapped.problems)} items of the file cannot be mapped; see the dry "
            "run, or import without them with skip_unmapped=true.",
            errors=_details(mapped.problems),
        )
    with transaction.atomic():
        try:
            workload, warnings = exchange.workload_import(document=mapped.document, user=user)
        except DomainError as error:
            raise _in_file(error, mapped) from None
        report = {
            "dry_run": dry_run,
            "will_create" if dry_run else "created": mapped.summary,
            "unmapped": _items(mapped.problems),
            "notices": _items(mapped.notices),
            "risk_differences": _risk_differences(workload, mapped.risks),
            "warnings": warnings,
        }
        if dry_run:
            transaction.set_rollback(True)
            return None, report
    return workload, report


def _in_file(error: DomainError, mapped: mapper.Mapped) -> DomainError:
    """The import's error with each pointer moved to where its value is in the AWS file."""
    error.errors = [
        replace(detail, pointer=_source(detail.pointer, mapped)) if detail.pointer else detail
        for detail in error.errors
    ]
    return error


def _source(pointer: str, mapped: mapper.Mapped) -> str:
    if pointer.startswith("/workload/"):
        return mapped.pointers.get(pointer.split("/")[2], pointer)
    prefix = max(
        (p for p in mapped.sources if pointer == p or pointer.startswith(p + "/")),
        key=len,
        default=None,
    )
    return mapped.sources[prefix] if prefix is not None else pointer


def _risk_differences(workload: Workload, expected: list[dict]) -> list[dict]:
    """Where AWS's stored risk differs from the risk mllens's rules give the same answers."""
    risks = {
        (slug, key): value
        for slug, key, value in Answer.objects.filter(lens_review__workload=workload).values_list(
            "lens_review__lens__slug", "question_key", "risk"
        )
    }
    differences = []
    for item in expected:
        ours = {key: risks.get((item["lens"], key), "UNANSWERED") for key in item["question_keys"]}
        worst = min(ours.values(), key=SEVERITY_ORDER.index, default="UNANSWERED")
        if worst != item["aws_risk"]:
            differences.append(
                {
                    "lens": item["lens"],
                    "question_id": item["question_id"],
                    "pointer": item["pointer"],
                    "aws_risk": item["aws_risk"],
                    "mllens_risk": worst,
                    "mllens_questions": ours,
                }
            )
    return differences
