"""Dates on pages in the signed-in person's time zone (their profile's; else ``TIME_ZONE``).

The zone comes from the session (:func:`people.services.profiles.profile_remember`), so this
costs no query. API answers are not affected: they always speak UTC.
"""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

from people.services.profiles import SESSION_KEY


class TimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        request.person = {}
        # The API never reads the session here (no query, no `Vary: Cookie`).
        if not request.path_info.startswith("/api/") and hasattr(request, "session"):
            request.person = request.session.get(SESSION_KEY) or {}
            if name := request.person.get("time_zone"):
                # A name this Python no longer knows: the server's zone, never a 500.
                try:
                    timezone.activate(zoneinfo.ZoneInfo(name))
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    timezone.deactivate()
        return self.get_response(request)
