"""Milestones: the request bodies and query of the milestone endpoints, and a milestone as read."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mllens.api.errors import ErrorSerializer
from mllens.api.serializers import InputSerializer, typed_json
from mllens.api.versions import VersionedSerializer
from reviews.api import shapes
from reviews.api.import_serializers import WorkloadFieldsSerializer
from reviews.api.serializers import USER_REF, RiskCountsSerializer, user_ref
from reviews.models import Milestone


@extend_schema_field(
    {
        "type": "string",
        "format": "date-time",
        "deprecated": True,
        "description": "The same time as `recorded_at` (deprecated name).",
    }
)
class DeprecatedDateTimeField(serializers.DateTimeField):
    pass


class MilestoneNameSerializer(InputSerializer):
    name = serializers.CharField(min_length=3, max_length=100)


class MilestoneLinkSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    url = serializers.URLField()


class MilestoneNameTakenSerializer(ErrorSerializer):
    """A 409: ``DUPLICATE_NAME`` names the milestone that has the name (a retried request
    learns which one it made); an ``Idempotency-Key`` conflict has no ``milestone``."""

    milestone = MilestoneLinkSerializer(required=False)


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

    recorded_at = serializers.DateTimeField(source="created_at", read_only=True)
    created_at = DeprecatedDateTimeField(read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "number",
            "name",
            "recorded_at",
            "created_at",
            "recorded_in_aws_at",
            "created_by",
            "risk_counts",
            "lenses",
        ]

    @USER_REF
    def get_created_by(self, milestone) -> dict | None:
        return user_ref(milestone.created_by)

    @extend_schema_field(shapes.MilestoneLens(many=True))
    def get_lenses(self, milestone) -> list[dict]:
        return [
            {"lens": r.lens.slug, "version": r.lens_version.version, "risk_counts": r.risk_counts}
            for r in milestone.reviews.all()
        ]


class MilestoneDetailSerializer(VersionedSerializer, MilestoneSerializer):
    workload = typed_json(
        WorkloadFieldsSerializer,
        source="workload_data",
        help_text="The workload's fields as they were when the milestone was recorded.",
    )
    reviews = serializers.SerializerMethodField()

    class Meta(MilestoneSerializer.Meta):
        fields = [*MilestoneSerializer.Meta.fields, "workload", "reviews"]

    @extend_schema_field(shapes.MilestoneReviewSnapshot(many=True))
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
                "answers": [_answer(row) for row in r.answers],
                "improvement_items": [_item(row) for row in r.improvement_items],
            }
            for r in milestone.reviews.all()
        ]

    def to_legacy_representation(self, body: dict, milestone) -> dict:
        """Recorded answers and items under the names the snapshot stores."""
        for shown, review in zip(body["reviews"], milestone.reviews.all(), strict=True):
            shown["answers"], shown["improvement_items"] = review.answers, review.improvement_items
        return body


_DATETIME = serializers.DateTimeField()


def _person(user_id, username) -> dict | None:
    return None if user_id is None and username is None else {"id": user_id, "username": username}


def _answer(row: dict) -> dict:
    """A recorded answer under the answer's own field names (the snapshot stores its columns)."""
    shown = {k: v for k, v in row.items() if k not in SNAPSHOT_COLUMNS}
    shown["pillar"], shown["phase"] = row.get("pillar_key"), row.get("phase_key")
    shown["updated_by"] = _person(row.get("updated_by_id"), row.get("updated_by_username"))
    stamp = parse_datetime(row["updated_at"]) if row.get("updated_at") else None
    shown["updated_at"] = _DATETIME.to_representation(stamp) if stamp else None
    return shown


def _item(row: dict) -> dict:
    shown = {k: v for k, v in row.items() if k not in ("owner_id", "owner_username")}
    shown["owner"] = _person(row.get("owner_id"), row.get("owner_username"))
    return shown


# Stored names that the API shows under the answer's own names.
SNAPSHOT_COLUMNS = frozenset(
    {"pillar_key", "phase_key", "updated_by_id", "updated_by_username", "updated_at"}
)
