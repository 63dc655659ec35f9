"""Profiles: made on first need, so users created anywhere (admin, SSO, tests) have one."""

from __future__ import annotations

from people.models import Profile


def profile_for(user) -> Profile:
    """The user's profile, created (empty) the first time it is asked for."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile
