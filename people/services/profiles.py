"""Profiles: made on first need, so users created anywhere (admin, SSO, tests) have one.

What pages need of the profile on every request (display name, time zone) is kept in the
session when someone signs in and whenever they change it, so no page pays a query for it
(:mod:`people.middleware` reads it).
"""

from __future__ import annotations

from django.db import transaction

from people.models import Profile

SESSION_KEY = "people.profile"


def profile_for(user) -> Profile:
    """The user's profile, created (empty) the first time it is asked for."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_remember(request, profile: Profile) -> None:
    """Keep what pages show of ``profile`` in ``request``'s session."""
    request.session[SESSION_KEY] = {
        "display_name": profile.display_name,
        "time_zone": profile.time_zone,
    }


def profile_signed_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the new session knows the profile."""
    if request is not None and hasattr(request, "session"):
        profile = Profile.objects.filter(user=user).first() or Profile(user=user)
        profile_remember(request, profile)


@transaction.atomic
def profile_update(*, request, user, display_name: str, time_zone: str) -> Profile:
    """Change the display name and time zone (blank: the username, the server's zone)."""
    profile = profile_for(user)
    profile.display_name = display_name.strip()
    profile.time_zone = time_zone
    profile.full_clean(exclude=["user"])
    profile.save(update_fields=["display_name", "time_zone", "updated_at"])
    profile_remember(request, profile)
    return profile
