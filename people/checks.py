"""System checks of the people app: mail settings that would lose invitations silently."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register("mllens")
def check_mail_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    found = []
    if not settings.EMAIL_URL:
        found.append(
            checks.Warning(
                "EMAIL_URL is not set: mails (invitations, password resets, address "
                "verification) are printed to the log and reach nobody",
                hint="set EMAIL_URL=smtp://user:password@host:587?tls=true",
                id="mllens.W002",
            )
        )
    if settings.SITE_URL.startswith("http://127.0.0.1"):
        found.append(
            checks.Warning(
                f"SITE_URL is {settings.SITE_URL}: links in mails point at the server itself",
                hint="set SITE_URL to the address people open, e.g. https://mllens.example.org",
                id="mllens.W003",
            )
        )
    return found
