"""``/api/v1/users/<id>/deactivate`` and ``reactivate``: staff end or restore an account."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.errors import ErrorSerializer
from mllens.api.query import QueryParametersChecked
from mllens.api.serializers import InputSerializer
from mllens.errors import PermissionDeniedError
from people.services.deactivation import user_deactivate, user_reactivate
from reviews.api.serializers import UserWriteField

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}

AccountSerializer = inline_serializer(
    "Account",
    {
        "id": serializers.IntegerField(),
        "username": serializers.CharField(),
        "is_active": serializers.BooleanField(),
        "tokens_revoked": serializers.IntegerField(),
        "sessions_ended": serializers.IntegerField(),
        "handed_over": serializers.IntegerField(
            help_text="Workloads the successor became owner of."
        ),
    },
)


class ReactivateSerializer(InputSerializer):
    """No fields: a body, if any, must be empty (``{}``)."""


class DeactivateSerializer(InputSerializer):
    successor = UserWriteField(
        required=False,
        help_text="Made owner of the workloads that would otherwise be left without an owner "
        "who can act.",
    )


def _account(user_id):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404("No such user.")
    return user


class _StaffOnly(QueryParametersChecked, APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.user.is_staff:
            raise PermissionDeniedError("Only staff manage accounts.")


class UserDeactivateView(_StaffOnly):
    @extend_schema(
        request=DeactivateSerializer,
        responses={200: AccountSerializer, **ERRORS, 409: ErrorSerializer},
        tags=["users"],
    )
    def post(self, request, user_id):
        payload = DeactivateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = _account(user_id)
        successor = None
        if "successor" in payload.validated_data:
            name = payload.validated_data["successor"]
            successor = get_user_model().objects.filter(username=name).first()
            if successor is None:
                raise serializers.ValidationError({"successor": "No such user."})
        done = user_deactivate(user=user, actor=request.user, successor=successor)
        body = {"id": user.pk, "username": user.get_username(), "is_active": False, **done}
        return Response(body)


class UserReactivateView(_StaffOnly):
    @extend_schema(
        request=ReactivateSerializer, responses={200: AccountSerializer, **ERRORS}, tags=["users"]
    )
    def post(self, request, user_id):
        ReactivateSerializer(data=request.data).is_valid(raise_exception=True)
        user = _account(user_id)
        user_reactivate(user=user, actor=request.user)
        body = {
            "id": user.pk,
            "username": user.get_username(),
            "is_active": True,
            "tokens_revoked": 0,
            "sessions_ended": 0,
            "handed_over": 0,
        }
        return Response(body)
