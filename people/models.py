"""What mllens keeps about a person beyond Django's user."""

from __future__ import annotations

import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

DISPLAY_NAME_MAX = 150


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA time zone names this Python knows (read once: the scan is slow)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """An IANA time zone name that this Python knows ("Europe/Berlin", "UTC")."""
    if value not in time_zone_names():
        raise ValidationError(
            "%(value)s is not a known time zone (an IANA name such as Europe/Berlin).",
            code="invalid_time_zone",
            params={"value": value},
        )


class Profile(models.Model):
    """One per user, made on first need (:func:`people.services.profiles.profile_for`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    # Shown instead of the username where people are named; blank: the user's full name.
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX, blank=True)
    # Dates on pages are shown in this zone (people.middleware); blank: the server's TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profile"

    def __str__(self) -> str:
        return f"profile of {self.user}"


class ApiToken(models.Model):
    """A named API token (``Authorization: Token <key>``). Only the key's SHA-256 is kept, with
    its first characters to recognise it by; the key itself is shown once, when made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The key's first characters (``mll_3fa9c2``): enough to tell tokens apart, not to use one.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved at most once a minute per token (people.services.tokens.token_used).
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
