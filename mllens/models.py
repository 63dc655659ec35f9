"""API-wide records that belong to no domain app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` on a POST and the answer the first request got.

    ``status_code`` is null while the first request is in flight. Rows live 24 hours
    (``mllens.api.idempotency``); every new claim sweeps a batch of expired ones.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # sha256 of the method, the path (without a trailing slash), the query and the body.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=255, blank=True)
    location = models.CharField(max_length=2048, blank=True)
    body = models.BinaryField(default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="mllens_idempotency_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
