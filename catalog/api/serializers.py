"""Shapes of the catalogue in the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.lens_file import LensFileResources
from catalog.choices import VersionStatus
from catalog.models import Choice, Lens, LensVersion, Phase, Pillar, Question, RiskRule
from catalog.selectors import question_foundational
from mllens.api.serializers import InputSerializer, typed_json

TEXTS = serializers.ListField(child=serializers.CharField())


# One named schema component: two serializers share it, and drf-spectacular would otherwise
# invent a hashed name ("Status9b1Enum") to tell it from other apps' "status" fields.
@extend_schema_field(
    {"type": "string", "enum": list(VersionStatus.values)}, component_name="VersionStatus"
)
class VersionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=VersionStatus.choices, **kwargs)


class LensVersionSummarySerializer(serializers.ModelSerializer):
    status = VersionStatusField(read_only=True)

    class Meta:
        model = LensVersion
        fields = ["version", "status", "is_major", "published_at", "name", "created_at"]


class OwnerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class LensChange(serializers.Serializer):
    """A pillar, question or choice that is NEW, UPDATED or DELETED between two versions."""

    id = serializers.CharField()
    change = serializers.ChoiceField(choices=["NEW", "UPDATED", "DELETED"])
    title = serializers.CharField()
    fields = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="UPDATED only: what changed."
    )
    question = serializers.CharField(required=False, help_text="Choices only: their question.")


class ChangeCounts(serializers.Serializer):
    NEW = serializers.IntegerField()
    UPDATED = serializers.IntegerField()
    DELETED = serializers.IntegerField()


class ChangeSummary(serializers.Serializer):
    pillars = ChangeCounts()
    questions = ChangeCounts()
    choices = ChangeCounts()


class LensDiffSerializer(serializers.Serializer):
    pillars = LensChange(many=True)
    questions = LensChange(many=True)
    choices = LensChange(many=True)
    summary = ChangeSummary()

    def get_fields(self):
        # `from` and `to` are Python keywords: declared here rather than as attributes.
        return {
            "from": serializers.CharField(),
            "to": serializers.CharField(),
            **super().get_fields(),
        }


class LensSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    is_shipped = serializers.BooleanField(read_only=True)
    published_versions = serializers.IntegerField(source="published_count", read_only=True)
    has_draft = serializers.BooleanField(read_only=True)

    class Meta:
        model = Lens
        fields = [
            "slug",
            "name",
            "description",
            "owner",
            "is_shipped",
            "published_versions",
            "has_draft",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OwnerSerializer(allow_null=True))
    def get_owner(self, lens) -> dict | None:
        if lens.owner is None:
            return None
        return {"id": lens.owner.pk, "username": lens.owner.get_username()}


class LensDetailSerializer(LensSerializer):
    versions = serializers.SerializerMethodField()

    class Meta(LensSerializer.Meta):
        fields = [*LensSerializer.Meta.fields, "versions"]

    @extend_schema_field(LensVersionSummarySerializer(many=True))
    def get_versions(self, lens) -> list[dict]:
        return LensVersionSummarySerializer(self.context["versions"], many=True).data


class RiskRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskRule
        fields = ["order", "condition", "risk"]


class ChoiceSerializer(serializers.ModelSerializer):
    aliases = typed_json(TEXTS, help_text="Other ids of the practice (older editions).")
    phases = typed_json(TEXTS, help_text="Phase keys the practice is placed in.")
    additional_resources = typed_json(
        LensFileResources(many=True), help_text="Extra links, one entry per type."
    )

    class Meta:
        model = Choice
        fields = [
            "key",
            "best_practice_id",
            "aliases",
            "phases",
            "title",
            "description",
            "helpful_resource_text",
            "helpful_resource_url",
            "improvement_plan_text",
            "improvement_plan_url",
            "additional_resources",
            "is_none",
            "order",
        ]


class QuestionSerializer(serializers.ModelSerializer):
    pillar = serializers.CharField(source="pillar.key")
    phase = serializers.CharField(source="phase.key", allow_null=True, default=None)
    choices = ChoiceSerializer(many=True)
    risk_rules = RiskRuleSerializer(many=True)
    foundational = serializers.SerializerMethodField(
        help_text="Keys of the practices whose absence keeps the question at high risk "
        "whatever else is selected (derived from the risk rules)."
    )

    class Meta:
        model = Question
        fields = [
            "key",
            "title",
            "description",
            "pillar",
            "phase",
            "helpful_resource_text",
            "helpful_resource_url",
            "order",
            "choices",
            "risk_rules",
            "foundational",
        ]

    def get_foundational(self, question) -> list[str]:
        return question_foundational(question)


class PillarSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["key", "name", "description", "order"]


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["key", "name", "description", "order", "places_questions"]


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    pointer = serializers.CharField(allow_blank=True)
    message = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning", "info"])
    line = serializers.IntegerField(allow_null=True, required=False)
    column = serializers.IntegerField(allow_null=True, required=False)


class DesignPrincipleSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()


class LensVersionTreeSerializer(serializers.ModelSerializer):
    lens = serializers.CharField(source="lens.slug")
    status = VersionStatusField(read_only=True)
    pillars = PillarSerializer(many=True)
    phases = PhaseSerializer(many=True)
    questions = QuestionSerializer(many=True)
    import_warnings = typed_json(
        ProblemSerializer(many=True),
        help_text="What the import of this version tolerated or changed.",
    )
    design_principles = typed_json(DesignPrincipleSerializer(many=True))

    class Meta:
        model = LensVersion
        fields = [
            "lens",
            "version",
            "status",
            "is_major",
            "published_at",
            "name",
            "description",
            "design_principles",
            "import_warnings",
            "pillars",
            "phases",
            "questions",
        ]


class LensExportReportSerializer(serializers.Serializer):
    """``report=true``: what the export would change, instead of the file."""

    format = serializers.ChoiceField(choices=["aws", "full"])
    fit = serializers.BooleanField()
    filename = serializers.CharField()
    warnings = ProblemSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    lens = LensSerializer()
    draft = LensVersionSummarySerializer()
    warnings = ProblemSerializer(many=True)
    created = serializers.BooleanField()


class ImportErrorItemSerializer(serializers.Serializer):
    """A problem of the file (with ``pointer`` and ``severity``), or of the request (``field``)."""

    code = serializers.CharField()
    message = serializers.CharField()
    pointer = serializers.CharField(allow_blank=True, required=False)
    severity = serializers.ChoiceField(choices=["error", "warning", "info"], required=False)
    field = serializers.CharField(required=False)
    line = serializers.IntegerField(allow_null=True, required=False)
    column = serializers.IntegerField(allow_null=True, required=False)


class LensImportErrorSerializer(serializers.Serializer):
    """A rejected file: every problem with its JSON Pointer, and the warnings; a bad request
    (unknown ``mode``, no ``file`` field) has the plain error shape, without ``warnings``."""

    code = serializers.CharField()
    message = serializers.CharField()
    errors = ImportErrorItemSerializer(many=True)
    warnings = ProblemSerializer(many=True, required=False)


class PublishSerializer(InputSerializer):
    version = serializers.CharField(max_length=32, min_length=1)
    is_major = serializers.BooleanField(default=False)
    confirm = serializers.BooleanField(
        default=False,
        help_text="Publish although some choices look like 'None of these' without the '_no' "
        "id suffix (they count as best practices); without it such a draft answers 409 "
        "CONFIRMATION_REQUIRED.",
    )


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A custom-lens JSON file (at most 500 KB).")


class LensExportQuerySerializer(serializers.Serializer):
    # Values are the view's to check (`version` names one of this lens's).
    version = serializers.CharField(required=False, allow_blank=True)
    fit = serializers.CharField(required=False, allow_blank=True)
    report = serializers.CharField(required=False, allow_blank=True)


class LensDiffQuerySerializer(serializers.Serializer):
    to = serializers.CharField(required=False, allow_blank=True)


LensDiffQuerySerializer._declared_fields["from"] = serializers.CharField(  # a Python keyword
    required=False, allow_blank=True
)
