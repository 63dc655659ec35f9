"""Settings of the benchmark's processes: the product's, plus the floor's URL.

Selected with ``DJANGO_SETTINGS_MODULE=bench.settings`` by the runner and by the gunicorn it
starts; nothing in the product imports this module, so the floor view exists only here.
"""

from __future__ import annotations

import warnings

from mllens.settings import *  # noqa: F403
from mllens.settings import STORAGES

ROOT_URLCONF = "bench.floor_urls"
# The bench makes thousands of API calls as one user within minutes: measure the work, not
# the per-user rate limit (API_RATE_LIMIT).
API_RATE_LIMIT = ""
# The runner's in-process client calls itself "testserver"; gunicorn is reached on 127.0.0.1.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# No collectstatic before a run: templates resolve {% static %} without the manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# WhiteNoise looks for collected files; the bench serves none.
warnings.filterwarnings("ignore", message="No directory at")
