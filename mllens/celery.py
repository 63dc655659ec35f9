"""The Celery application: JSON only, time limits from settings, tasks autodiscovered."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mllens.settings")

app = Celery("mllens")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
