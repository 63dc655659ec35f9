"""Start-up checks: what would make a production process answer errors, said up front.

``static_manifest_problem`` is shared by the system check (``manage.py check``, ``migrate``,
``runserver``), the WSGI start-up log and ``/healthz``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks

log = logging.getLogger("mllens")


def static_manifest_problem() -> str | None:
    """Why pages cannot find their static files, or None when they can."""
    storage = staticfiles_storage  # a LazyObject: isinstance sees the configured class
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if storage.exists(storage.manifest_name):
        return None
    return (
        f"the static files manifest {storage.path(storage.manifest_name)} is missing: "
        "run `python manage.py collectstatic --noinput`, then restart"
    )


# Not tagged "staticfiles": collectstatic runs those, and would warn about what it is fixing.
@checks.register("mllens")
def check_static_manifest(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problem = static_manifest_problem()
    if problem is None:
        return []
    # A warning, not an error: `migrate` must still run before `collectstatic`.
    return [checks.Warning(problem, id="mllens.W001")]


def log_startup_problems() -> None:
    """Log what would break pages, once, when a web process starts."""
    if settings.DEBUG:
        return
    if problem := static_manifest_problem():
        log.error("mllens: %s; pages will answer a plain error page until then", problem)
