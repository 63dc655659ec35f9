"""API token authentication: DRF's, with the token's lookup compiled once per process.

Every token-authenticated call looks its token up; building and compiling that one query
was about a fifth of the web CPU of an answer save (``mllens.prepared``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from mllens.prepared import PreparedQuery


def _token_with_user(*, key: str):
    return Token.objects.select_related("user").filter(key=key)


_TOKEN = PreparedQuery(_token_with_user, key=str)


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``; answers exactly as DRF's own class does."""

    def authenticate_credentials(self, key):
        token = _TOKEN.first(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
