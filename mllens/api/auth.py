"""``/api/v1/auth/token/``: exchange a username and password for a new API token (POST), or
revoke the token the call is made with (DELETE). ``/api/v1/auth/tokens/`` lists and manages
all of one's named tokens (``people.api.token_views``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from mllens import login_limits
from mllens.api.errors import ErrorSerializer
from mllens.api.query import QueryParametersChecked
from mllens.api.serializers import TokenRequestSerializer
from mllens.api.throttling import AnonRateThrottle
from mllens.auth_forms import UNVERIFIED
from mllens.errors import DomainError
from people.mfa import has_second_factor
from people.models import ApiToken
from people.selectors.accounts import waits_for_verification
from people.services.tokens import token_create, token_revoke, tokens_revoke_all


class LoginThrottle(AnonRateThrottle):
    scope = "login"
    rate = "30/min"


class TokenView(QueryParametersChecked, APIView):
    """POST issues a new named token for a username and password; DELETE revokes the token
    the call is made with (with a session: every token of the user)."""

    def _revoking(self) -> bool:
        # drf-spectacular asks before a request exists.
        return getattr(self.request, "method", None) == "DELETE"

    def get_authenticators(self):
        # Signing in needs no credentials; revoking needs the token (or session) to revoke.
        if self._revoking():
            return [auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
        return []

    def get_permissions(self):
        return [IsAuthenticated()] if self._revoking() else [AllowAny()]

    def get_throttles(self):
        return [] if self._revoking() else [LoginThrottle()]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: ErrorSerializer,
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
        description="An account with a second factor (TOTP) gets 403 `SECOND_FACTOR_REQUIRED`: "
        "its owner makes tokens in the browser. An account that signed up by itself and has "
        "not yet verified its e-mail address answers 403 `EMAIL_UNVERIFIED`. After 5 failed "
        "attempts for one username from one address within 15 minutes, answers 429 "
        "`TOO_MANY_ATTEMPTS` (with `Retry-After`) until the window ends.",
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = login_limits.sign_in_attempt(
            request,
            username=payload.validated_data["username"],
            password=payload.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise DomainError(
                code="INVALID_CREDENTIALS", message="Unable to log in with these credentials."
            )
        if waits_for_verification(user):
            raise DomainError(code="EMAIL_UNVERIFIED", message=UNVERIFIED, status=403)
        if has_second_factor(user):
            # A password alone must not open an account that has a second factor.
            raise DomainError(
                code="SECOND_FACTOR_REQUIRED",
                message="This account signs in with a second factor: make a token on the "
                "API tokens page (/tokens/) instead.",
                status=403,
            )
        _, key = token_create(
            user=user, name=payload.validated_data.get("name") or "Sign-in from a script"
        )
        return Response({"token": key})

    @extend_schema(
        operation_id="auth_token_destroy",
        request=None,
        responses={204: None, 401: ErrorSerializer, 403: ErrorSerializer},
        description="Revoke the token this call is made with: it stops working at once (with a "
        "session: every token of the user). POST issues a new one.",
        tags=["auth"],
    )
    def delete(self, request):
        if isinstance(request.auth, ApiToken):
            token_revoke(token=request.auth)
        else:
            tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
