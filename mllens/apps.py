"""The project's app (start-up checks) and the admin with our site class as the default site
(sign-in through the limiter)."""

from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class MllensConfig(AppConfig):
    name = "mllens"

    def ready(self) -> None:
        from mllens import checks  # noqa: F401 (registers the system checks)


class AdminConfig(DjangoAdminConfig):
    default_site = "mllens.admin_site.AdminSite"
