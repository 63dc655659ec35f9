"""Shapes of review templates, their pre-set answers, and applying a template."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.choices import Risk
from mllens.api.serializers import InputSerializer, UpperChoiceField, typed_json
from reviews.api import shapes
from reviews.api.serializers import (
    USER_REF,
    AnswerWriteSerializer,
    _choice_status,
    user_ref,
)
from reviews.choices import Role, SkipReason
from reviews.services.templates import FILL_EMPTY, OVERWRITE

_DATETIME = serializers.DateTimeField()


class TemplateLensSerializer(serializers.Serializer):
    lens = serializers.CharField(help_text="The lens's slug.")
    lens_version = serializers.CharField(help_text="The lens version the answers are for.")
    preset_count = serializers.IntegerField(help_text="How many questions the template pre-sets.")


class TemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    lenses = TemplateLensSerializer(many=True)
    role = serializers.ChoiceField(choices=Role.choices, help_text="Your role on the template.")
    version = serializers.IntegerField(
        help_text="Bumped by every change of the template or of its answers (its ETag)."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, template) -> dict:
        return {
            "id": template.pk,
            "name": template.name,
            "description": template.description,
            "lenses": [
                {
                    "lens": tl.lens.slug,
                    "lens_version": tl.lens_version.version,
                    "preset_count": getattr(tl, "preset_count", 0),
                }
                for tl in template.lenses.all()
            ],
            "role": template.viewer_role,
            "version": template.version,
            "created_at": _DATETIME.to_representation(template.created_at),
            "updated_at": _DATETIME.to_representation(template.updated_at),
        }


class TemplateWriteSerializer(InputSerializer):
    read_shape = TemplateSerializer

    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000, allow_blank=True, required=False)
    lenses = serializers.ListField(
        child=serializers.CharField(max_length=100),
        max_length=20,
        required=False,
        help_text="Slugs of the lenses the template answers (a new one at its latest "
        "published version; one left out loses its pre-set answers).",
    )


class TemplateAnswerSerializer(serializers.Serializer):
    """A pre-set answer: the question, its choices and the content a workload will get."""

    question_key = serializers.CharField()
    title = serializers.CharField()
    pillar = serializers.CharField()
    choices = serializers.SerializerMethodField()
    selected_choices = typed_json(serializers.ListField(child=serializers.CharField()))
    choice_statuses = serializers.SerializerMethodField()
    is_applicable = serializers.BooleanField()
    reason = serializers.CharField()
    notes = serializers.CharField()
    risk = serializers.ChoiceField(choices=Risk.choices)
    preset = serializers.BooleanField(help_text="Whether the template pre-sets this question.")
    version = serializers.IntegerField(help_text="0 while the question is not pre-set.")
    updated_by = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, answer) -> dict:
        node = answer.question_node
        selected = set(answer.selected_choices)
        return {
            "question_key": answer.question_key,
            "title": node.title,
            "pillar": node.pillar_key,
            "choices": [
                {"key": c.key, "title": c.title, "is_none": c.is_none} for c in node.choices
            ],
            "selected_choices": list(answer.selected_choices),
            "choice_statuses": {
                c.key: _choice_status(c.key, selected, answer.choice_statuses) for c in node.choices
            },
            "is_applicable": answer.is_applicable,
            "reason": answer.reason,
            "notes": answer.notes,
            "risk": answer.risk,
            "preset": answer.pk is not None,
            "version": answer.version,
            "updated_by": user_ref(answer.updated_by) if answer.updated_by_id else None,
            "updated_at": _DATETIME.to_representation(answer.updated_at)
            if answer.updated_at
            else None,
        }

    @extend_schema_field(shapes.TemplateChoice(many=True))
    def get_choices(self, answer) -> list[dict]:  # schema only
        return []

    @shapes.CHOICE_STATUSES
    def get_choice_statuses(self, answer) -> dict:  # schema only
        return {}

    @USER_REF
    def get_updated_by(self, answer) -> dict | None:  # schema only
        return None


class TemplateAnswerWriteSerializer(AnswerWriteSerializer):
    """The body of a workload answer's PATCH, for a template's answer."""

    read_shape = TemplateAnswerSerializer


class TemplateApplySerializer(InputSerializer):
    template = serializers.IntegerField(min_value=1, help_text="The template's id.")
    mode = UpperChoiceField(
        choices=[(FILL_EMPTY, "Fill only unanswered questions"), (OVERWRITE, "Overwrite")],
        help_text="FILL_EMPTY leaves answers the workload already gave; OVERWRITE replaces them.",
    )


class AppliedQuestionSerializer(serializers.Serializer):
    lens = serializers.CharField()
    question_key = serializers.CharField()


class SkippedQuestionSerializer(AppliedQuestionSerializer):
    reason = serializers.ChoiceField(
        choices=SkipReason.choices,
        help_text="ANSWERED: FILL_EMPTY kept the workload's answer; NOT_REVIEWED: the workload "
        "does not review this lens; LENS_VERSION_DIFFERS: it reviews another version of it.",
    )


class TemplateAppliedSerializer(serializers.Serializer):
    template = serializers.IntegerField()
    template_version = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=["FILL_EMPTY", "OVERWRITE"])
    applied = AppliedQuestionSerializer(many=True)
    skipped = SkippedQuestionSerializer(many=True)
