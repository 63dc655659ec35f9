"""WSGI entry point (gunicorn mllens.wsgi)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mllens.settings")
application = get_wsgi_application()

from mllens.checks import log_startup_problems  # noqa: E402 (needs the settings loaded)

log_startup_problems()
