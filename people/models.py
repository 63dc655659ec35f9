"""What mllens keeps about a person beyond Django's user."""

from __future__ import annotations

import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from people.choices import InvitationStatus
from reviews.choices import Role

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


class InvitationQuerySet(models.QuerySet):
    def pending(self, *, now=None):
        """Neither accepted nor revoked, and not expired."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An e-mail address asked to join a workload with a role, or one of its teams.

    The link's token is never stored: only its SHA-256 (``token_hash``). It is made when the
    mail is sent (:func:`people.services.invitations.invitation_token_issue`), so a re-send
    makes a new one and the old link dies. Single use: accepting sets ``accepted_at``.
    """

    workload = models.ForeignKey(
        "reviews.Workload", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()  # stored lower-cased
    # Exactly one of the two: a role on the workload, or membership of a team on it.
    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    team = models.ForeignKey(
        "reviews.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change the API shows (re-send, revoke, accept): the ETag.
    version = models.PositiveIntegerField(default=1)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(role="") & Q(team__isnull=True))
                | (Q(role="") & Q(team__isnull=False)),
                name="people_invitation_role_xor_team",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation of {self.email} to {self.workload_id}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING


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
