"""The shape of a workload document (``/workloads/<id>/export``) read back by the import.

Each part is the API's own write serializer for that thing, adjusted only where the
document says more than a write does (the question an answer belongs to, the lens of a
review) or says it differently (choices marked not applicable carry no ``status``). So the
API and the import refuse the same values with the same messages.
"""

from __future__ import annotations

from rest_framework import serializers

from catalog.choices import Risk
from mllens.api.errors import ErrorItemSerializer
from mllens.api.serializers import InputSerializer
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


class WorkloadImportedSerializer(WorkloadDetailSerializer):
    """The imported workload, with what was skipped (and, from the AWS tool, the report)."""

    warnings = ErrorItemSerializer(many=True, required=False)
    report = serializers.JSONField(required=False, help_text="`format=aws-wa-tool` only.")

    class Meta(WorkloadDetailSerializer.Meta):
        fields = [*WorkloadDetailSerializer.Meta.fields, "warnings", "report"]
