"""Shapes of the API tokens: shown without their key, except once, when made."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from mllens.api.serializers import InputSerializer
from people.models import ApiToken


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        help_text="The token itself, for `Authorization: Token <key>`. Shown only in this "
        "answer: mllens keeps its SHA-256 alone."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


def _future(value):
    if value is not None and value <= timezone.now():
        raise serializers.ValidationError("Must be in the future.", code="min_value")
    return value


class ApiTokenWriteSerializer(InputSerializer):
    """Make a token: a name to know it by, and optionally when it stops working."""

    read_shape = ApiTokenCreatedSerializer

    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, validators=[_future], help_text="Never, when absent."
    )

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A token needs a name.", code="blank")
        return value
