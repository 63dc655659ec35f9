"""Milestones: the request bodies and query of the milestone endpoints, and a milestone as read."""

from __future__ import annotations

from rest_framework import serializers

from mllens.api.serializers import InputSerializer
from reviews.api.serializers import USER_REF, RiskCountsSerializer, user_ref
from reviews.models import Milestone


class MilestoneNameSerializer(InputSerializer):
    name = serializers.CharField(min_length=3, max_length=100)


class CompareQuerySerializer(serializers.Serializer):
    base = serializers.IntegerField(min_value=1)
    target = serializers.RegexField(
        r"\A(current|[1-9][0-9]*)\Z",
        required=False,
        allow_blank=True,
        default="current",
        error_messages={"invalid": "A milestone number or `current`."},
    )


class UpgradeSerializer(InputSerializer):
    milestone_name = serializers.CharField(min_length=3, max_length=100)


class MilestoneSerializer(serializers.ModelSerializer):
    risk_counts = RiskCountsSerializer()
    created_by = serializers.SerializerMethodField()
    lenses = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "number",
            "name",
            "created_at",
            "recorded_in_aws_at",
            "created_by",
            "risk_counts",
            "lenses",
        ]

    @USER_REF
    def get_created_by(self, milestone) -> dict | None:
        return user_ref(milestone.created_by)

    def get_lenses(self, milestone) -> list[dict]:
        return [
            {"lens": r.lens.slug, "version": r.lens_version.version, "risk_counts": r.risk_counts}
            for r in milestone.reviews.all()
        ]


class MilestoneDetailSerializer(MilestoneSerializer):
    workload = serializers.JSONField(source="workload_data")
    reviews = serializers.SerializerMethodField()

    class Meta(MilestoneSerializer.Meta):
        fields = [*MilestoneSerializer.Meta.fields, "workload", "reviews"]

    def get_reviews(self, milestone) -> list[dict]:
        return [
            {
                "lens": r.lens.slug,
                "lens_name": r.lens_version.name,
                "lens_version": r.lens_version.version,
                "notes": r.notes,
                "pillar_notes": r.pillar_notes,
                "risk_counts": r.risk_counts,
                "risk_summary": r.risk_summary,
                "answers": r.answers,
                "improvement_items": r.improvement_items,
            }
            for r in milestone.reviews.all()
        ]
