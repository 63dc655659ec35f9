"""API tokens: a user sees and revokes only their own; authentication finds one by its key."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from mllens.prepared import PreparedQuery
from people.models import ApiToken
from people.services.tokens import key_digest


def tokens_for_user(user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (staff too see only their own)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get_for_user(user, token_id) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    try:
        return tokens_for_user(user).get(pk=int(token_id))
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404("No such token.") from None


def _token_with_user(*, digest: str):
    return ApiToken.objects.select_related("user").filter(digest=digest)


# Every token-authenticated call looks its token up: compiled once per process
# (mllens.prepared; about a fifth of the web CPU of an answer save was building this query).
_BY_DIGEST = PreparedQuery(_token_with_user, digest=str)


def token_by_key(key: str) -> ApiToken | None:
    """The token whose key is ``key`` (with its user), or None."""
    return _BY_DIGEST.first(digest=key_digest(key))
