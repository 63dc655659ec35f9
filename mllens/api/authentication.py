"""API token authentication: ``Authorization: Token <key>`` against the named tokens of
``people.models.ApiToken`` (stored as SHA-256 digests), with the lookup compiled once per
process (``people.selectors.tokens``).

An unknown, revoked or expired key, or one of a deactivated user, answers 401 with
``WWW-Authenticate: Token`` as DRF's own class does.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from people.selectors.tokens import token_by_key
from people.services.tokens import token_used


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``; answers exactly as DRF's own class does."""

    def authenticate_credentials(self, key):
        token = token_by_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Token expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token_used(token, now=now)
        return (token.user, token)
