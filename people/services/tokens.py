"""API tokens: issue, revoke, and note when one was last used.

A key is ``mll_`` and 43 URL-safe characters (256 random bits). Only its SHA-256 is stored:
a stolen database holds no usable key. The key is returned once, by :func:`token_create`.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from mllens.prepared import row_update
from people.models import ApiToken

KEY_PREFIX = "mll_"
SHOWN = 10  # characters of the key kept to recognise it by: "mll_" and six more
# last_used_at moves at most this often per token: not a write on every call.
USE_RESOLUTION = datetime.timedelta(minutes=1)


def key_digest(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, user, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns it and its key (shown once: only the digest is kept)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:SHOWN], digest=key_digest(key), expires_at=expires_at
    )
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    """The token stops working at once."""
    ApiToken.objects.filter(pk=token.pk).delete()


def tokens_revoke_all(*, user) -> int:
    """Every token of ``user`` stops working at once; how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def token_used(token: ApiToken, *, now: datetime.datetime | None = None) -> None:
    """Note that ``token`` authenticated a request: written only when the stored time is more
    than a minute old, so a busy script costs one small UPDATE a minute, not one per call."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_RESOLUTION:
        return
    row_update(ApiToken, where={"id": token.pk}, values={"last_used_at": now})
    token.last_used_at = now
