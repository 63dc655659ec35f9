from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from people import checks  # noqa: F401 (registers the system checks)
        from people.services.profiles import profile_signed_in

        user_logged_in.connect(profile_signed_in, dispatch_uid="people.profile_signed_in")
