"""Reads of profiles."""

from __future__ import annotations

from people.models import Profile


def time_zone_of(user) -> str:
    """The user's chosen time zone name, or "" (the server's) when none was chosen."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return Profile.objects.filter(user=user).values_list("time_zone", flat=True).first() or ""
