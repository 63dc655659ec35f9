"""Typed shapes, for the OpenAPI document, of answers the API builds as plain data.

The improvement plan, the comparison, the trend and the parts of answers and lens reviews
built by hand are declared here field by field, so a generated client gets classes, not
untyped objects. Each shape is what the code returns; ``tests/test_api_generated_client.py``
and the schema fuzzing check answers against them.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import ChangeSummary
from catalog.choices import Risk
from mllens.api.serializers import UpperChoiceField
from mllens.api.versions import VersionedSerializer
from reviews.choices import ChoiceStatus, ItemStatus, NotApplicableReason
from reviews.compare import IMPROVED, NEW, REGRESSED, REMOVED, UNCHANGED
from reviews.selectors.activity import OBJECT_TYPES

# A question's direction between two states (reviews.compare), in the API's case.
DIRECTIONS = [(d, d.capitalize()) for d in (IMPROVED, REGRESSED, UNCHANGED, NEW, REMOVED)]


class UserRef(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class TeamRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# One count per risk level, named by the level: derived from the risk vocabulary's one home.
RiskCounts = type(
    "RiskCounts",
    (serializers.Serializer,),
    {level: serializers.IntegerField() for level in Risk.values},
)


# --- Answers -----------------------------------------------------------------------------------


class HelpfulResource(serializers.Serializer):
    display_text = serializers.CharField()
    url = serializers.CharField()


class AnswerChoice(serializers.Serializer):
    key = serializers.CharField()
    best_practice_id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    helpful_resource_text = serializers.CharField()
    helpful_resource_url = serializers.CharField()
    improvement_plan_text = serializers.CharField()
    improvement_plan_url = serializers.CharField()
    is_none = serializers.BooleanField(help_text='"None of these" (its key ends in `_no`).')


class ChoiceStatusRead(serializers.Serializer):
    status = serializers.ChoiceField(choices=ChoiceStatus.choices)
    reason = serializers.ChoiceField(
        choices=NotApplicableReason.choices, required=False, help_text="NOT_APPLICABLE only."
    )
    notes = serializers.CharField(required=False, help_text="NOT_APPLICABLE only.")


# Every choice of the question by key, with its status.
CHOICE_STATUSES = extend_schema_field(
    serializers.DictField(
        child=ChoiceStatusRead(), help_text="Every choice of the question by key: its status."
    )
)


class TemplateChoice(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    is_none = serializers.BooleanField()


class AnswerOrigin(serializers.Serializer):
    template = serializers.IntegerField(help_text="The template's id.")
    template_version = serializers.IntegerField(help_text="The template version applied.")
    url = serializers.CharField(help_text="The template's API path.")
    changed = serializers.BooleanField(
        help_text="Whether the workload changed the answer since the template gave it."
    )


# --- Lens reviews ------------------------------------------------------------------------------


class PillarSummary(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    risk_counts = RiskCounts()
    notes = serializers.CharField()


class PhaseSummary(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    risk_counts = RiskCounts()


class MatrixCell(serializers.Serializer):
    pillar = serializers.CharField()
    phase = serializers.CharField()
    risk_counts = RiskCounts()


# --- Improvement plan --------------------------------------------------------------------------


class AdditionalResource(serializers.Serializer):
    display_text = serializers.CharField(required=False)
    url = serializers.CharField()


class ImprovementItem(serializers.Serializer):
    choice_key = serializers.CharField()
    best_practice_id = serializers.CharField()
    title = serializers.CharField()
    improvement_plan_text = serializers.CharField()
    improvement_plan_url = serializers.CharField()
    helpful_resource_url = serializers.CharField()
    additional_resources = AdditionalResource(many=True)
    owner = UserRef(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    status_label = serializers.CharField()
    note = serializers.CharField()
    version = serializers.IntegerField(help_text="The item's version (its ETag); 0 until tracked.")


class ImprovementItemUpdated(ImprovementItem):
    question_key = serializers.CharField()


class ImprovementEntry(serializers.Serializer):
    """A HIGH or MEDIUM question of the plan with the practices it does not follow."""

    question_key = serializers.CharField()
    question_title = serializers.CharField()
    pillar = serializers.CharField()
    pillar_name = serializers.CharField()
    phase = serializers.CharField(allow_null=True)
    phase_name = serializers.CharField(allow_null=True)
    risk = serializers.ChoiceField(choices=Risk.choices)
    items = ImprovementItem(many=True)


# --- Milestones, comparison, trend, upgrade ----------------------------------------------------


@extend_schema_field(
    {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "enum": ["current"]}]}
)
class MilestoneRefField(serializers.Field):
    """A milestone number, or ``"current"`` for the workload as it is now."""

    def to_representation(self, value):
        return value


class TrendPoint(serializers.Serializer):
    milestone = MilestoneRefField()
    name = serializers.CharField()
    recorded_at = serializers.DateTimeField(allow_null=True)
    risk_counts = RiskCounts()


class ComparedState(serializers.Serializer):
    milestone = MilestoneRefField()
    name = serializers.CharField()
    recorded_at = serializers.DateTimeField(allow_null=True)


class BeforeAfter(serializers.Serializer):
    before = serializers.IntegerField()
    after = serializers.IntegerField()


class CountsBeforeAfter(serializers.Serializer):
    before = RiskCounts()
    after = RiskCounts()


class ComparedGroup(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    before = RiskCounts()
    after = RiskCounts()


class ComparedCell(serializers.Serializer):
    pillar = serializers.CharField()
    phase = serializers.CharField()
    before = RiskCounts()
    after = RiskCounts()


class ComparedPractice(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    best_practice_id = serializers.CharField()


class ComparedQuestion(serializers.Serializer):
    question_key = serializers.CharField()
    title = serializers.CharField()
    pillar = serializers.CharField()
    phase = serializers.CharField(allow_null=True)
    risk_before = serializers.ChoiceField(choices=Risk.choices, allow_null=True)
    risk_after = serializers.ChoiceField(choices=Risk.choices, allow_null=True)
    direction = UpperChoiceField(choices=DIRECTIONS)
    gained = ComparedPractice(many=True)
    lost = ComparedPractice(many=True)
    not_applicable_added = ComparedPractice(many=True)
    not_applicable_removed = ComparedPractice(many=True)
    applicability_changed = serializers.BooleanField()
    is_applicable_before = serializers.BooleanField(allow_null=True)
    is_applicable_after = serializers.BooleanField(allow_null=True)
    notes_changed = serializers.BooleanField()
    notes_before = serializers.CharField(allow_null=True)
    notes_after = serializers.CharField(allow_null=True)


class ComparedItem(serializers.Serializer):
    question_key = serializers.CharField()
    choice_key = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ItemStatus.choices)


class ChangedItem(ComparedItem):
    fields = serializers.ListField(child=serializers.CharField())
    status_before = serializers.ChoiceField(choices=ItemStatus.choices)


class ComparedItems(serializers.Serializer):
    opened = ComparedItem(many=True)
    closed = ComparedItem(many=True)
    changed = ChangedItem(many=True)


class ComparedLens(serializers.Serializer):
    lens = serializers.CharField()
    lens_name = serializers.CharField()
    base_version = serializers.CharField(allow_null=True)
    target_version = serializers.CharField(allow_null=True)
    risk_counts = CountsBeforeAfter()
    pillars = ComparedGroup(many=True)
    phases = ComparedGroup(many=True)
    matrix = ComparedCell(many=True)
    questions = ComparedQuestion(many=True)
    improvement_items = ComparedItems()


class DirectionCounts(VersionedSerializer, serializers.Serializer):
    """How many questions went each way, keyed by direction in the API's case."""

    def get_fields(self):
        return {d.upper(): serializers.IntegerField(source=d) for d, _ in DIRECTIONS}

    def to_legacy_representation(self, body: dict, counts: dict) -> dict:
        return dict(counts)


class ComparisonSummary(serializers.Serializer):
    questions = DirectionCounts()
    high = BeforeAfter()
    medium = BeforeAfter()


class Comparison(serializers.Serializer):
    base = ComparedState()
    target = ComparedState()
    summary = ComparisonSummary()
    lenses = ComparedLens(many=True)


class MilestoneLens(serializers.Serializer):
    lens = serializers.CharField()
    version = serializers.CharField()
    risk_counts = RiskCounts()


class SnapshotAnswer(serializers.Serializer):
    """An answer as a milestone recorded it, under the answer's own field names."""

    question_key = serializers.CharField()
    pillar = serializers.CharField()
    phase = serializers.CharField(allow_null=True)
    order = serializers.IntegerField()
    selected_choices = serializers.ListField(child=serializers.CharField())
    choice_statuses = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="The practices marked not applicable, by key: their reason and notes.",
    )
    is_applicable = serializers.BooleanField()
    reason = serializers.CharField()
    notes = serializers.CharField()
    risk = serializers.ChoiceField(choices=Risk.choices)
    version = serializers.IntegerField()
    needs_review = serializers.BooleanField()
    updated_by = UserRef(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class AnswerState(serializers.Serializer):
    """An answer before or after one change, as its history keeps it (``choice_statuses``
    holds only the practices marked not applicable, as stored)."""

    selected_choices = serializers.ListField(child=serializers.CharField())
    choice_statuses = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField())
    )
    is_applicable = serializers.BooleanField()
    reason = serializers.CharField()
    notes = serializers.CharField()
    risk = serializers.ChoiceField(choices=Risk.choices)
    version = serializers.IntegerField()


class SnapshotItem(serializers.Serializer):
    question_key = serializers.CharField()
    choice_key = serializers.CharField()
    owner = UserRef(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    note = serializers.CharField()


class RiskSummary(serializers.Serializer):
    pillars = serializers.DictField(child=RiskCounts())
    phases = serializers.DictField(child=RiskCounts())
    matrix = serializers.DictField(child=RiskCounts(), help_text='Keys are "pillar|phase".')


class MilestoneReviewSnapshot(serializers.Serializer):
    lens = serializers.CharField()
    lens_name = serializers.CharField()
    lens_version = serializers.CharField()
    notes = serializers.CharField()
    pillar_notes = serializers.DictField(child=serializers.CharField())
    risk_counts = RiskCounts()
    risk_summary = RiskSummary()
    answers = SnapshotAnswer(many=True)
    improvement_items = SnapshotItem(many=True)


class ActivityObject(serializers.Serializer):
    # The API's names of the objects the trail records: their one home is OBJECT_TYPES.
    type = serializers.ChoiceField(choices=list(OBJECT_TYPES.values()))
    url = serializers.URLField(allow_null=True, help_text="Null once the object is gone.")


class UpgradeAvailable(serializers.Serializer):
    version = serializers.CharField()
    is_major = serializers.BooleanField()
    summary = ChangeSummary()
