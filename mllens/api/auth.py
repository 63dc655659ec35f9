"""``POST /api/v1/auth/token/``: exchange a username and password for an API token."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from mllens.api.errors import ErrorSerializer
from mllens.errors import DomainError


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class LoginThrottle(AnonRateThrottle):
    scope = "login"
    rate = "30/min"


class TokenView(APIView):
    """Return the user's token, creating it on first use."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: ErrorSerializer,
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=payload.validated_data["username"],
            password=payload.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise DomainError(
                code="INVALID_CREDENTIALS", message="Unable to log in with these credentials."
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
