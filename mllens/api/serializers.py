"""The base of every serializer that reads a request body: keys it does not know are errors.

DRF drops keys a serializer has no field for, so ``{"regions": [...]}`` (the field is
``aws_regions``) would answer 201 and lose what the client meant to set. An
``InputSerializer`` answers 400 instead, one error per key at the key's JSON Pointer, nested
serializers included (their errors nest under the parent's key). A key that the resource
shows but the client may not set (``id``, ``risk``, ``created_at``...) is ``READ_ONLY_FIELD``;
any other is ``UNKNOWN_FIELD``. Both are refused rather than ignored: a client that sends
them believes it is setting something, and nothing may be silently lost.
"""

from __future__ import annotations

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from mllens.api.versions import VersionedField

UNKNOWN_FIELD = "unknown_field"
READ_ONLY_FIELD = "read_only_field"


class InputSerializer(serializers.Serializer):
    """A request body's shape; refuses keys that are not writable fields.

    ``read_shape`` (optional) is the serializer of the resource as read: its field names
    that are not writable here are answered as ``READ_ONLY_FIELD``.
    """

    read_shape: type[serializers.Serializer] | None = None

    @classmethod
    def shown_names(cls) -> frozenset[str]:
        """Field names of the resource as read (computed once per class)."""
        if "_shown" not in cls.__dict__:
            cls._shown = frozenset(cls.read_shape().fields if cls.read_shape else ())
        return cls._shown

    def unknown_keys(self, data: Mapping) -> dict[str, list[ErrorDetail]]:
        if not hasattr(self, "_writable"):  # one child serializer reads every list item
            self._writable = {name for name, field in self.fields.items() if not field.read_only}
        writable = self._writable
        problems = {}
        for key in data:
            if key in writable:
                continue
            shown = self.fields.keys() | self.shown_names()
            if key in shown:
                problems[key] = [
                    ErrorDetail("This field is set by the server.", code=READ_ONLY_FIELD)
                ]
            else:
                problems[key] = [ErrorDetail("Unknown field.", code=UNKNOWN_FIELD)]
        return problems

    def to_internal_value(self, data):
        unknown = self.unknown_keys(data) if isinstance(data, Mapping) else {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**unknown, **exc.detail}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


def typed_json(shape, **kwargs) -> serializers.JSONField:
    """A JSON value answered as stored, declared to the OpenAPI document as ``shape`` (a
    serializer, a field or a schema dict) instead of an untyped value. The answer is the same."""
    field_class = type("TypedJSONField", (serializers.JSONField,), {})
    return extend_schema_field(shape)(field_class)(**kwargs)


class EmptyBodySerializer(InputSerializer):
    """The body of a write that takes no fields: any key is unknown."""


class TokenRequestSerializer(InputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(
        max_length=100,
        required=False,
        help_text='What the new token is for, as listed among your tokens (default "Sign-in '
        'from a script").',
    )


class UpperChoiceField(VersionedField, serializers.ChoiceField):
    """A choice the database stores in lower case, in the API's one convention for enum values:
    SCREAMING_SNAKE (``IMPROVEMENT_PLAN``). The lower-case value of the first v1 shape is still
    accepted, and is answered to clients of that shape (``API-Version: 2026-11-01``)."""

    def __init__(self, *, choices, **kwargs):
        self.stored = {value for value, _ in choices}
        super().__init__(choices=[(value.upper(), label) for value, label in choices], **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and data in self.stored:
            data = data.upper()
        return super().to_internal_value(data).lower()

    def to_current_representation(self, value):
        return value if value in (None, "") else str(value).upper()

    def to_legacy_representation(self, value):
        return value
