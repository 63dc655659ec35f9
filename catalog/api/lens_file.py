"""The custom-lens file (AWS's lens format plus mllens's ``mllens`` objects) as a typed shape
for the OpenAPI document: the body of ``POST /lenses/import`` and the answer of
``GET /lenses/<slug>/export``.

The validator (``catalog.lensformat``) stays the authority: lenient mode also reads keys that
differ only in case, and answers every problem with its JSON Pointer. This shape lists the keys
both modes know, so a generated client gets classes rather than an untyped object.
"""

from __future__ import annotations

from rest_framework import serializers

from catalog.lensformat.extension import CHOICE_KEYS as CHOICE_EXTENSIONS
from catalog.lensformat.extension import LENS_KEYS as LENS_EXTENSIONS
from catalog.lensformat.extension import PILLAR_KEYS as PILLAR_EXTENSIONS
from catalog.lensformat.extension import QUESTION_KEYS as QUESTION_EXTENSIONS
from mllens.api.serializers import typed_json

AWS_RISKS = ("NO_RISK", "MEDIUM_RISK", "HIGH_RISK")
RESOURCE_TYPES = ("HELPFUL_RESOURCE", "IMPROVEMENT_PLAN")
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}
NAMED = {
    "type": "object",
    "properties": {"id": TEXT, "name": TEXT, "title": TEXT, "description": TEXT},
}
# The type of each mllens extension key (catalog/lensformat/extension.py names them).
EXTENSION_TYPES = {
    "edition": TEXT,
    "phases": {"anyOf": [TEXTS, {"type": "array", "items": NAMED}]},
    "designPrinciples": {"type": "array", "items": NAMED},
    "phase": TEXT,
    "foundational": TEXTS,
    "title": TEXT,
    "bestPracticeId": TEXT,
    "aliases": TEXTS,
    "description": TEXT,
}


def _extension(keys: tuple[str, ...], where: str) -> serializers.JSONField:
    schema = {
        "type": "object",
        "properties": {key: EXTENSION_TYPES[key] for key in keys},
        "description": f"mllens's extensions of the {where} (README, Lenses).",
    }
    return typed_json(schema, required=False)


class LensFileResource(serializers.Serializer):
    displayText = serializers.CharField(required=False)
    url = serializers.CharField(required=False, help_text='"" means no link.')


class LensFileResources(serializers.Serializer):
    type = serializers.ChoiceField(choices=RESOURCE_TYPES)
    content = LensFileResource(many=True)


class LensFileRiskRule(serializers.Serializer):
    condition = serializers.CharField(help_text='Choice ids with `&&`, `||`, `!`, or "default".')
    risk = serializers.ChoiceField(choices=AWS_RISKS)


class LensFileChoice(serializers.Serializer):
    id = serializers.CharField(help_text='Ends in `_no` for "None of these".')
    title = serializers.CharField()
    description = serializers.CharField(required=False)
    helpfulResource = LensFileResource(required=False)
    improvementPlan = LensFileResource(required=False)
    additionalResources = LensFileResources(many=True, required=False)
    mllens = _extension(CHOICE_EXTENSIONS, "choice")


class LensFileQuestion(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(required=False)
    helpfulResource = LensFileResource(required=False)
    choices = LensFileChoice(many=True)
    riskRules = LensFileRiskRule(many=True)
    mllens = _extension(QUESTION_EXTENSIONS, "question")


class LensFilePillar(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(required=False)
    questions = LensFileQuestion(many=True)
    mllens = _extension(PILLAR_EXTENSIONS, "pillar")


class LensFile(serializers.Serializer):
    schemaVersion = serializers.CharField(help_text='"2021-11-01".')
    name = serializers.CharField()
    description = serializers.CharField()
    pillars = LensFilePillar(many=True)
    mllens = _extension(LENS_EXTENSIONS, "lens")
