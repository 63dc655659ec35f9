"""The shape of a workload document (``/workloads/<id>/export``) read back by the import.

Each part is the API's own write serializer for that thing, adjusted only where the
document says more than a write does (the question an answer belongs to, the lens of a
review) or says it differently (choices marked not applicable carry no ``status``). So the
API and the import refuse the same values with the same messages.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from catalog.choices import Risk
from mllens.api.serializers import InputSerializer, typed_json
from reviews.api.serializers import (
    AnswerWriteSerializer,
    ChoiceStatusWriteSerializer,
    ImprovementItemWriteSerializer,
    LensReviewNotesSerializer,
    MemberWriteSerializer,
    WorkloadDetailSerializer,
    WorkloadWriteSerializer,
)
from reviews.models.milestone import MAX_MILESTONES
from reviews.services.awswa.shapes import API as AWS_API
from reviews.services.awswa.shapes import LABS as AWS_LABS


class WorkloadFieldsSerializer(WorkloadWriteSerializer):
    lenses = None  # a document names its lenses per review


class MemberEntrySerializer(MemberWriteSerializer):
    """A member; a user or team unknown here is kept as ``missing`` (skipped with a warning)."""

    def not_found(self, data: dict, name: str) -> dict:
        return {**data, "missing": name}


class NotApplicableEntrySerializer(ChoiceStatusWriteSerializer):
    """A choice marked not applicable: the document keeps only those, without a status."""

    status = None


class AnswerEntrySerializer(AnswerWriteSerializer):
    version = None  # history does not travel: the imported answer starts afresh
    question_key = serializers.CharField(max_length=128)
    choice_statuses = serializers.DictField(child=NotApplicableEntrySerializer(), required=False)
    risk = serializers.ChoiceField(
        choices=Risk.choices, required=False, help_text="As exported; recomputed on import"
    )


@extend_schema_serializer(component_name="DocumentImprovementItem")  # not the plan's entry
class ImprovementEntrySerializer(ImprovementItemWriteSerializer):
    question_key = serializers.CharField(max_length=128)
    choice_key = serializers.CharField(max_length=128)


class ReviewEntrySerializer(LensReviewNotesSerializer):
    lens = serializers.SlugField(max_length=64)
    lens_version = serializers.CharField(max_length=32)
    answers = serializers.ListField(child=AnswerEntrySerializer(), required=False)
    improvement_items = serializers.ListField(child=ImprovementEntrySerializer(), required=False)


class MilestoneEntrySerializer(InputSerializer):
    """A milestone to record as it was (reviews from the AWS tool bring theirs)."""

    name = serializers.CharField(min_length=3, max_length=100)
    recorded_in_aws_at = serializers.DateTimeField(required=False, allow_null=True)
    workload = WorkloadFieldsSerializer(required=False)
    reviews = serializers.ListField(child=ReviewEntrySerializer(), required=False)


class WorkloadDocumentSerializer(InputSerializer):
    format = serializers.CharField(max_length=64)
    format_version = serializers.IntegerField()
    exported_at = serializers.CharField(max_length=64, required=False)
    workload = WorkloadFieldsSerializer()
    members = serializers.ListField(child=MemberEntrySerializer(), required=False)
    reviews = serializers.ListField(child=ReviewEntrySerializer(), required=False)
    milestones = serializers.ListField(
        child=MilestoneEntrySerializer(),
        required=False,
        max_length=MAX_MILESTONES,
        help_text="Milestones 1, 2, … in this order, each a snapshot of its own reviews.",
    )


# --- A review from the AWS tool (format=aws-wa-tool) --------------------------------------------


class AwsImportedLens(serializers.Serializer):
    aws_lens = serializers.CharField(help_text="The lens's alias or ARN in the AWS file.")
    aws_lens_version = serializers.CharField(allow_null=True)
    lens = serializers.CharField(help_text="The mllens lens it maps to.")
    lens_version = serializers.CharField()
    answers = serializers.IntegerField(help_text="Answers mapped.")


class AwsImportedWorkload(serializers.Serializer):
    name = serializers.CharField(allow_null=True)
    updated_in_aws_at = serializers.DateTimeField(allow_null=True)


class AwsImportedMilestone(serializers.Serializer):
    aws_milestone_number = serializers.IntegerField()
    name = serializers.CharField()
    recorded_in_aws_at = serializers.DateTimeField(allow_null=True)
    lenses = AwsImportedLens(many=True)


class AwsImportSummary(serializers.Serializer):
    shape = serializers.ChoiceField(
        choices=[AWS_LABS, AWS_API],
        help_text=f"`{AWS_LABS}`: the AWS labs' export file; `{AWS_API}`: a bundle of the AWS "
        "tool's API responses.",
    )
    workload = AwsImportedWorkload()
    lenses = AwsImportedLens(many=True)
    milestones = AwsImportedMilestone(many=True)


class AwsFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    pointer = serializers.CharField(help_text="Where in the AWS file.")


class AwsRiskDifference(serializers.Serializer):
    """A question whose risk in the AWS file differs from the one mllens's rules give."""

    lens = serializers.CharField()
    question_id = serializers.CharField(help_text="The question's id in the AWS file.")
    pointer = serializers.CharField()
    aws_risk = serializers.ChoiceField(choices=Risk.choices)
    mllens_risk = serializers.ChoiceField(
        choices=Risk.choices, help_text="The worst of the mllens questions it maps to."
    )
    mllens_questions = serializers.DictField(child=serializers.ChoiceField(choices=Risk.choices))


class AwsImportReport(serializers.Serializer):
    """What an import from the AWS tool created (or, in a dry run, would create)."""

    dry_run = serializers.BooleanField()
    will_create = AwsImportSummary(required=False, help_text="A dry run only.")
    created = AwsImportSummary(required=False, help_text="A real import only.")
    unmapped = AwsFindingSerializer(many=True, help_text="Items of the file that cannot be mapped.")
    notices = AwsFindingSerializer(many=True, help_text="How items were mapped, where it matters.")
    risk_differences = AwsRiskDifference(many=True)
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="What the import skipped, each with where."
    )


# AWS's own records, with AWS's field names (``WorkloadName``, ``LensAlias``, ``QuestionId``...):
# the AWS tool's API reference defines them, and the import reads what AWS-accepted files hold.
_AWS_RECORD = {
    "type": "object",
    "additionalProperties": True,
    "description": "A record as the AWS Well-Architected Tool's API returns it, in AWS's shape.",
}


class AwsReviewFile(serializers.Serializer):
    """``format=aws-wa-tool``: the file the AWS labs' exportImportWAFR.py writes and reads."""

    workload = typed_json({"type": "array", "items": _AWS_RECORD}, help_text="[Workload]")
    lens_review = typed_json(
        {"type": "array", "items": {"type": "object", "additionalProperties": _AWS_RECORD}},
        help_text="[{lens alias: LensReview}]",
    )
    lenses = typed_json(
        {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _AWS_RECORD},
            },
        },
        help_text="[{lens alias: [Answer with its question]}]",
    )


class WorkloadImportedSerializer(WorkloadDetailSerializer):
    """The imported workload, with what was skipped (and, from the AWS tool, the report)."""

    warnings = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Members and owners unknown here, skipped: each with its pointer first.",
    )
    report = AwsImportReport(required=False, help_text="`format=aws-wa-tool` only.")

    class Meta(WorkloadDetailSerializer.Meta):
        fields = [*WorkloadDetailSerializer.Meta.fields, "warnings", "report"]
