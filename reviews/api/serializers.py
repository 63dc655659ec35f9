"""Shapes of workloads, members, lens reviews, answers and improvements in the API."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.choices import Risk
from catalog.question_tree import question_node
from mllens.api.query import MILESTONE as MILESTONE_NUMBER
from mllens.api.query import CommaChoiceField
from mllens.api.serializers import InputSerializer, typed_json
from mllens.api.versions import VersionedSerializer
from reviews.api import shapes
from reviews.choices import (
    INDUSTRY_TYPES,
    ChoiceStatus,
    Environment,
    ImprovementStatus,
    ItemStatus,
    NotApplicableReason,
    Role,
)
from reviews.limits import MAX_CHOICE_NOTES, MAX_NOTES
from reviews.models import Activity, Answer, LensReview, Team, Workload, WorkloadMember
from reviews.risk import RISKS, cell_key, plan_choice_keys
from reviews.selectors.activity import OBJECT_TYPES
from reviews.services.workloads import EDITABLE_FIELDS

# ASCII only: \d would accept other scripts' digits, and $ a trailing newline.
ACCOUNT_ID = re.compile(r"\A[0-9]{12}\Z")
AWS_REGION = re.compile(r"\A[a-z]{2}(-[a-z]+)+-[0-9]+\Z")


UserRefSerializer = shapes.UserRef


def user_ref(user) -> dict | None:
    return None if user is None else {"id": user.pk, "username": user.get_username()}


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "object",
                "properties": {"username": {"type": "string", "maxLength": 150}},
                "required": ["username"],
                "additionalProperties": False,
                "example": {"username": "bob"},
            },
            {
                "type": "object",
                "properties": {"id": {"type": "integer"}},
                "required": ["id"],
                "additionalProperties": False,
            },
            {
                "type": "string",
                "maxLength": 150,
                "deprecated": True,
                "description": 'The username alone (deprecated: send `{"username"}`).',
            },
        ]
    }
)
class UserWriteField(serializers.Field):
    """A user written as the API reads one: ``{"username": "bob"}`` or ``{"id": 7}``; the bare
    username ``"bob"`` of the first v1 shape is still accepted. Gives the username."""

    default_error_messages = {
        "invalid": 'A user: {{"username": "..."}} or {{"id": ...}}.',
        "no_user": "No such user.",
    }

    def to_internal_value(self, data) -> str:
        if isinstance(data, str) and 0 < len(data) <= 150:
            return data
        if isinstance(data, dict) and len(data) == 1:
            if isinstance(data.get("username"), str) and 0 < len(data["username"]) <= 150:
                return data["username"]
            if isinstance(data.get("id"), int) and not isinstance(data["id"], bool):
                found = get_user_model().objects.filter(pk=data["id"]).first()
                if found is None:
                    self.fail("no_user")
                return found.get_username()
        self.fail("invalid")

    def to_representation(self, value):
        return user_ref(value)


# A method field holding ``user_ref(...)``: documented as a nullable user reference.
USER_REF = extend_schema_field(UserRefSerializer(allow_null=True))


RiskCountsSerializer = shapes.RiskCounts


class AppliedLensSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="lens.slug")
    name = serializers.CharField(source="lens_version.name")
    version = serializers.CharField(source="lens_version.version")
    risk_counts = RiskCountsSerializer()
    questions_answered = serializers.IntegerField()
    questions_total = serializers.IntegerField()

    class Meta:
        model = LensReview
        fields = ["slug", "name", "version", "risk_counts", "questions_answered", "questions_total"]


class WorkloadSerializer(serializers.ModelSerializer):
    """A workload as read: its fields, applied lenses and stored risk counts."""

    lenses = AppliedLensSerializer(source="lens_reviews", many=True, read_only=True)
    aws_regions = typed_json(serializers.ListField(child=serializers.CharField()))
    non_aws_regions = typed_json(serializers.ListField(child=serializers.CharField()))
    account_ids = typed_json(serializers.ListField(child=serializers.CharField()))
    pillar_priorities = typed_json(
        serializers.ListField(child=serializers.CharField()), help_text="Pillar keys, first first."
    )
    tags = typed_json(serializers.DictField(child=serializers.CharField()))
    risk_counts = RiskCountsSerializer(read_only=True)
    questions_answered = serializers.IntegerField(read_only=True)
    questions_total = serializers.IntegerField(read_only=True)
    created_by = serializers.SerializerMethodField()
    updated_by = serializers.SerializerMethodField()

    class Meta:
        model = Workload
        # The writable fields are the service's, so API and service can never disagree.
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "lenses",
            "questions_answered",
            "questions_total",
            "high_count",
            "medium_count",
            "risk_counts",
            "created_by",
            "updated_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["version"]

    @USER_REF
    def get_created_by(self, workload) -> dict | None:
        return user_ref(workload.created_by)

    @USER_REF
    def get_updated_by(self, workload) -> dict | None:
        return user_ref(workload.updated_by)


class WorkloadDetailSerializer(WorkloadSerializer):
    role = serializers.SerializerMethodField()

    class Meta(WorkloadSerializer.Meta):
        fields = [*WorkloadSerializer.Meta.fields, "role"]

    def get_role(self, workload) -> str:
        return self.context["role"]


ARRAY_RULE = "PATCH: replaced as a whole; null clears to []."


def _cleared(field, value):
    """A PATCH value with ``null`` read as "clear this field", where the field has an
    empty value (JSON Merge Patch deletes a key; a fixed field is reset instead)."""
    if value is not None or field is None:
        return value
    if isinstance(field, serializers.ListField):
        return []
    if isinstance(field, serializers.DictField):
        return {}
    if isinstance(field, serializers.CharField) and field.allow_blank:
        return ""
    if isinstance(field, serializers.ChoiceField) and field.allow_blank:
        return ""
    return value


class WorkloadWriteSerializer(InputSerializer):
    """What a client may send to create or change a workload (AWS tool's fields and limits)."""

    read_shape = WorkloadDetailSerializer

    name = serializers.CharField(min_length=3, max_length=100)
    description = serializers.CharField(max_length=2000, allow_blank=True, required=False)
    environment = serializers.ChoiceField(choices=Environment.choices, required=False)
    review_owner = serializers.CharField(max_length=255, allow_blank=True, required=False)
    industry_type = serializers.ChoiceField(
        choices=[*INDUSTRY_TYPES, ""], allow_blank=True, required=False
    )
    industry = serializers.CharField(max_length=100, allow_blank=True, required=False)
    aws_regions = serializers.ListField(
        child=serializers.RegexField(
            AWS_REGION,
            max_length=32,
            error_messages={"invalid": "An AWS Region code such as us-east-1."},
        ),
        max_length=50,
        required=False,
        help_text=ARRAY_RULE,
    )
    non_aws_regions = serializers.ListField(
        child=serializers.CharField(min_length=3, max_length=25),
        max_length=5,
        required=False,
        help_text=ARRAY_RULE,
    )
    account_ids = serializers.ListField(
        child=serializers.RegexField(ACCOUNT_ID, error_messages={"invalid": "12 digits."}),
        max_length=100,
        required=False,
        help_text=ARRAY_RULE,
    )
    architectural_design = serializers.URLField(max_length=2048, allow_blank=True, required=False)
    notes = serializers.CharField(max_length=MAX_NOTES, allow_blank=True, required=False)
    pillar_priorities = serializers.ListField(
        child=serializers.CharField(max_length=128),
        max_length=20,
        required=False,
        help_text=ARRAY_RULE,
    )
    improvement_status = serializers.ChoiceField(choices=ImprovementStatus.choices, required=False)
    tags = serializers.DictField(
        child=serializers.CharField(max_length=256, allow_blank=True),
        required=False,
        help_text="PATCH: replaced as a whole, not merged (send the whole set; a tag left out "
        "is removed); null clears to {}.",
    )
    lenses = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        write_only=True,
        help_text="Lens slugs to apply on creation (their latest published versions).",
    )

    def to_internal_value(self, data):
        # PATCH (JSON Merge Patch): `null` clears a field to its empty value ("", [], {});
        # a field that cannot be empty (name, environment, ...) still refuses it.
        if self.partial and isinstance(data, Mapping):
            data = {key: _cleared(self.fields.get(key), value) for key, value in data.items()}
        return super().to_internal_value(data)

    def validate_tags(self, tags: dict) -> dict:
        if len(tags) > 50:
            raise serializers.ValidationError("At most 50 tags.")
        for key in tags:
            if not 1 <= len(key) <= 128:
                raise serializers.ValidationError("Tag keys have 1 to 128 characters.")
            if "\x00" in key:
                raise serializers.ValidationError(
                    "Tag keys may not contain NUL characters.", code="null_characters_not_allowed"
                )
        return tags

    def validate_architectural_design(self, url: str) -> str:
        if url and not url.lower().startswith(("http://", "https://", "ftp://")):
            raise serializers.ValidationError("Use an http, https or ftp URL.")
        return url

    def validate_pillar_priorities(self, keys: list[str]) -> list[str]:
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError("Each pillar once.")
        return keys


class MemberSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()

    class Meta:
        model = WorkloadMember
        fields = ["id", "user", "team", "role", "created_at", "version"]

    @USER_REF
    def get_user(self, member) -> dict | None:
        return user_ref(member.user)

    @extend_schema_field(shapes.TeamRef(allow_null=True))
    def get_team(self, member) -> dict | None:
        return None if member.team is None else {"id": member.team.pk, "name": member.team.name}


class MemberWriteSerializer(InputSerializer):
    """Add a member: exactly one of ``user`` (a username) or ``team`` (a team name)."""

    read_shape = MemberSerializer

    user = UserWriteField(required=False)
    team = serializers.CharField(required=False, max_length=100)
    role = serializers.ChoiceField(choices=Role.choices)

    def validate(self, data):
        if ("user" in data) == ("team" in data):
            raise serializers.ValidationError({"user": "Give exactly one of user or team."})
        name = "user" if "user" in data else "team"
        if name == "user":
            found = get_user_model().objects.filter(username=data["user"], is_active=True).first()
        else:
            found = Team.objects.filter(name=data["team"]).first()
        if found is None:
            return self.not_found(data, name)
        return {**data, name: found}

    def not_found(self, data: dict, name: str) -> dict:
        raise serializers.ValidationError({name: f"No such {name}."})


class MemberRoleSerializer(InputSerializer):
    read_shape = MemberSerializer

    role = serializers.ChoiceField(choices=Role.choices)


class MemberSelectSerializer(InputSerializer):
    """Name a member on the collection endpoint: by id, username or team name."""

    read_shape = MemberSerializer

    id = serializers.IntegerField(required=False)
    user = UserWriteField(required=False)
    team = serializers.CharField(required=False)
    role = serializers.ChoiceField(choices=Role.choices, required=False)


class LensReviewCreateSerializer(InputSerializer):
    lens = serializers.SlugField()


class LensReviewSerializer(serializers.ModelSerializer):
    lens = serializers.CharField(source="lens.slug")
    lens_name = serializers.CharField(source="lens_version.name")
    lens_version = serializers.CharField(source="lens_version.version")
    risk_counts = RiskCountsSerializer()
    questions_answered = serializers.IntegerField()
    questions_total = serializers.IntegerField()
    pillars = serializers.SerializerMethodField()
    phases = serializers.SerializerMethodField()
    matrix = serializers.SerializerMethodField()
    pillar_notes = typed_json(
        serializers.DictField(child=serializers.CharField()), help_text="Notes by pillar key."
    )
    # The live review's version (ETag); a milestone's copy has none.
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = LensReview
        fields = [
            "lens",
            "lens_name",
            "lens_version",
            "notes",
            "pillar_notes",
            "risk_counts",
            "questions_answered",
            "questions_total",
            "pillars",
            "phases",
            "matrix",
            "created_at",
            "updated_at",
            "version",
        ]

    @extend_schema_field(shapes.PillarSummary(many=True))
    def get_pillars(self, review) -> list[dict]:
        summary = review.risk_summary.get("pillars", {})
        return [
            {
                "key": p.key,
                "name": p.name,
                "risk_counts": _counts(summary.get(p.key)),
                "notes": review.pillar_notes.get(p.key, ""),
            }
            for p in self.context["pillars"]
        ]

    @extend_schema_field(shapes.PhaseSummary(many=True))
    def get_phases(self, review) -> list[dict]:
        summary = review.risk_summary.get("phases", {})
        return [
            {"key": p.key, "name": p.name, "risk_counts": _counts(summary.get(p.key))}
            for p in self.context["phases"]
        ]

    @extend_schema_field(shapes.MatrixCell(many=True))
    def get_matrix(self, review) -> list[dict]:
        """The pillar × phase cells that hold questions, in lens order (PostgreSQL's jsonb
        does not keep the stored key order)."""
        summary = review.risk_summary.get("matrix", {})
        return [
            {"pillar": pillar.key, "phase": phase.key, "risk_counts": _counts(summary[key])}
            for pillar in self.context["pillars"]
            for phase in self.context["phases"]
            if (key := cell_key(pillar.key, phase.key)) in summary
        ]


class LensReviewReadSerializer(LensReviewSerializer):
    """A lens review as answered: as it is now (with ``upgrade_available``), or at a milestone
    (with ``milestone``); declares those two for the OpenAPI document."""

    upgrade_available = shapes.UpgradeAvailable(
        required=False,
        allow_null=True,
        help_text="Now only: the newer published version of the lens and what changed, or null.",
    )
    milestone = serializers.IntegerField(
        required=False, help_text="At a milestone (and after an upgrade): its number."
    )

    class Meta(LensReviewSerializer.Meta):
        fields = [*LensReviewSerializer.Meta.fields, "upgrade_available", "milestone"]


def _counts(counts: dict | None) -> dict[str, int]:
    """Counts with every risk level, in the order of ``Risk``."""
    counts = counts or {}
    return {level: counts.get(level, 0) for level in RISKS}


class LensReviewNotesSerializer(InputSerializer):
    read_shape = LensReviewSerializer

    notes = serializers.CharField(
        max_length=MAX_NOTES, allow_blank=True, allow_null=True, required=False
    )
    # Merged per pillar key (JSON Merge Patch): "" or null removes that pillar's note.
    pillar_notes = serializers.DictField(
        child=serializers.CharField(max_length=MAX_NOTES, allow_blank=True, allow_null=True),
        required=False,
        help_text='PATCH: merged per pillar key; "" or null removes that pillar\'s note.',
    )

    def validate_notes(self, notes: str | None) -> str:
        return notes or ""


class ChoiceStatusWriteSerializer(InputSerializer):
    status = serializers.ChoiceField(choices=ChoiceStatus.choices)
    reason = serializers.ChoiceField(
        choices=NotApplicableReason.choices, required=False, allow_blank=True
    )
    notes = serializers.CharField(max_length=MAX_CHOICE_NOTES, required=False, allow_blank=True)


class AnswerSerializer(serializers.ModelSerializer):
    """An answer with its question, every choice and the choice's status."""

    title = serializers.CharField(source="question.title")
    description = serializers.CharField(source="question.description")
    pillar = serializers.CharField(source="pillar_key")
    phase = serializers.CharField(source="phase_key")
    helpful_resource = serializers.SerializerMethodField()
    choices = serializers.SerializerMethodField()
    selected_choices = typed_json(
        serializers.ListField(child=serializers.CharField()), help_text="Choice keys selected."
    )
    choice_statuses = serializers.SerializerMethodField()
    updated_by = serializers.SerializerMethodField()
    origin = serializers.SerializerMethodField()
    risk = serializers.ChoiceField(choices=Risk.choices)
    plan_item_count = serializers.IntegerField(
        read_only=True,
        help_text="How many improvement items this answer puts in the review's plan: its "
        "best practices neither selected nor not applicable, while its risk is one the plan "
        "takes (reviews/risk.py).",
    )

    class Meta:
        model = Answer
        fields = [
            "question_key",
            "title",
            "description",
            "pillar",
            "phase",
            "helpful_resource",
            "choices",
            "selected_choices",
            "choice_statuses",
            "is_applicable",
            "reason",
            "notes",
            "risk",
            "plan_item_count",
            "version",
            "needs_review",
            "origin",
            "updated_by",
            "updated_at",
        ]

    def to_representation(self, answer) -> dict:
        """Built from the answer and its compiled question (``answer.question_node`` as the
        save sets it, else the ``tree`` in the context, else compiled from ``answer.question``)."""
        node = getattr(answer, "question_node", None)
        if node is None and (tree := self.context.get("tree")) is not None:
            node = tree.get(answer.question_key)
        if node is None:
            node = question_node(answer.question)
        selected = set(answer.selected_choices)
        return {
            "question_key": answer.question_key,
            "title": node.title,
            "description": node.description,
            "pillar": answer.pillar_key,
            "phase": answer.phase_key,
            "helpful_resource": (
                {"display_text": node.helpful_resource_text, "url": node.helpful_resource_url}
                if node.helpful_resource_url or node.helpful_resource_text
                else None
            ),
            "choices": [
                {
                    "key": c.key,
                    "best_practice_id": c.best_practice_id,
                    "title": c.title,
                    "description": c.description,
                    "helpful_resource_text": c.helpful_resource_text,
                    "helpful_resource_url": c.helpful_resource_url,
                    "improvement_plan_text": c.improvement_plan_text,
                    "improvement_plan_url": c.improvement_plan_url,
                    "is_none": c.is_none,
                }
                for c in node.choices
            ],
            "selected_choices": list(answer.selected_choices),
            "choice_statuses": {
                c.key: _choice_status(c.key, selected, answer.choice_statuses) for c in node.choices
            },
            "is_applicable": answer.is_applicable,
            "reason": answer.reason,
            "notes": answer.notes,
            "risk": answer.risk,
            "plan_item_count": len(
                plan_choice_keys(
                    known=node.known,
                    risk=answer.risk,
                    selected=selected,
                    not_applicable=answer.choice_statuses,
                )
            ),
            "version": answer.version,
            "needs_review": answer.needs_review,
            "origin": answer_origin(answer),
            "updated_by": user_ref(answer.updated_by),
            "updated_at": _DATETIME.to_representation(answer.updated_at)
            if answer.updated_at is not None
            else None,
        }

    @extend_schema_field(shapes.HelpfulResource(allow_null=True))
    def get_helpful_resource(self, answer) -> dict | None:  # schema only: see to_representation
        return None

    @extend_schema_field(shapes.AnswerChoice(many=True))
    def get_choices(self, answer) -> list[dict]:  # schema only
        return []

    @shapes.CHOICE_STATUSES
    def get_choice_statuses(self, answer) -> dict:  # schema only
        return {}

    @USER_REF
    def get_updated_by(self, answer) -> dict | None:  # schema only
        return None

    @extend_schema_field(shapes.AnswerOrigin(allow_null=True))
    def get_origin(self, answer) -> dict | None:  # schema only
        return None


def answer_origin(answer) -> dict | None:
    """Where the answer's content came from (a template and its version), or None."""
    template = getattr(answer, "template_id", None)
    if template is None:
        return None
    return {
        "template": template,
        "template_version": answer.template_version,
        "url": f"/api/v1/templates/{template}/",
        "changed": answer.version != answer.template_answer_version,
    }


_DATETIME = serializers.DateTimeField()


def _choice_status(key: str, selected: set[str], not_applicable: dict) -> dict:
    if key in selected:
        return {"status": ChoiceStatus.SELECTED.value}
    if key in not_applicable:
        return {"status": ChoiceStatus.NOT_APPLICABLE.value, **not_applicable[key]}
    return {"status": ChoiceStatus.UNSELECTED.value}


class AnswerWriteSerializer(InputSerializer):
    read_shape = AnswerSerializer

    version = serializers.IntegerField(min_value=0)
    selected_choices = serializers.ListField(
        child=serializers.CharField(max_length=128),
        max_length=64,
        required=False,
        help_text="PATCH: replaced as a whole (the complete selection).",
    )
    # Merged per choice key: a choice not named keeps its status; a named choice's status is
    # replaced as a whole; null puts the choice back to UNSELECTED (JSON Merge Patch).
    choice_statuses = serializers.DictField(
        child=ChoiceStatusWriteSerializer(allow_null=True),
        required=False,
        help_text="PATCH: merged per choice key (choices not named keep their status); a "
        "named choice's status is replaced; null puts it back to UNSELECTED.",
    )
    is_applicable = serializers.BooleanField(required=False)
    reason = serializers.ChoiceField(
        choices=NotApplicableReason.choices, required=False, allow_blank=True
    )
    notes = serializers.CharField(
        max_length=MAX_NOTES, required=False, allow_blank=True, trim_whitespace=False
    )

    def validate_choice_statuses(self, statuses: dict) -> dict:
        return {
            key: {"status": ChoiceStatus.UNSELECTED.value} if update is None else update
            for key, update in statuses.items()
        }


class AnswerChangeSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    actor = serializers.SerializerMethodField()
    at = serializers.DateTimeField()
    before = typed_json(shapes.AnswerState)
    after = typed_json(shapes.AnswerState)

    @USER_REF
    def get_actor(self, change) -> dict | None:
        return user_ref(change.actor)


class ImprovementItemWriteSerializer(InputSerializer):
    owner = UserWriteField(
        allow_null=True, required=False, help_text="A member, or null for no owner."
    )
    due_date = serializers.DateField(allow_null=True, required=False)
    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False)


class ActivitySerializer(VersionedSerializer, serializers.ModelSerializer):
    """A write on the trail. Its object is named as the API names it (type and URL); the model
    class name and database id of the first v1 shape go only to clients of that shape."""

    actor = serializers.SerializerMethodField()
    object = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "at", "actor", "verb", "object", "summary", "data"]

    data = typed_json(
        {
            "type": "object",
            "additionalProperties": True,
            "description": "What the write changed, by verb (`answer.update`: `question`, "
            "`risk`, `version`; `improvement.update`: `question`, `choice`, `fields`; ...): "
            "details for a reader of the trail, whose keys differ per verb and may grow.",
        }
    )

    @USER_REF
    def get_actor(self, activity) -> dict | None:
        return user_ref(activity.actor)

    @extend_schema_field(shapes.ActivityObject)
    def get_object(self, activity) -> dict:
        pk = int(activity.object_id) if activity.object_id.isdigit() else None
        path = self.context.get("paths", {}).get((activity.object_type, pk))
        request = self.context.get("request")
        return {
            "type": OBJECT_TYPES.get(activity.object_type, activity.object_type.lower()),
            "url": request.build_absolute_uri(path) if path and request else path,
        }

    def to_legacy_representation(self, body: dict, activity) -> dict:
        del body["object"]
        body["object_type"], body["object_id"] = activity.object_type, activity.object_id
        return body


# Query parameters (mllens.api.query): a view's GET takes these and no others.


class MilestoneQuerySerializer(serializers.Serializer):
    milestone = MILESTONE_NUMBER


class AnswerQuerySerializer(MilestoneQuerySerializer):
    pillar = serializers.CharField(required=False, allow_blank=True)
    phase = serializers.CharField(required=False, allow_blank=True)
    risk = CommaChoiceField(choices=Risk.values, help_text="One or more risks, comma-separated")


class ImprovementQuerySerializer(MilestoneQuerySerializer):
    status = CommaChoiceField(choices=ItemStatus.values, help_text="Comma-separated statuses")


class WorkloadQuerySerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    environment = serializers.ChoiceField(
        choices=Environment.choices, required=False, allow_blank=True
    )
    lens = serializers.CharField(required=False, allow_blank=True)
    has_high_risks = serializers.RegexField(
        r"(?i)\A(true|false|1|0)?\Z",
        required=False,
        allow_blank=True,
        error_messages={"invalid": "Use true or false."},
    )
