"""Choice sets of the people app, one home each (API, pages and filters read them)."""

from __future__ import annotations

from django.db import models


class InvitationStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    ACCEPTED = "ACCEPTED", "Accepted"
    REVOKED = "REVOKED", "Revoked"
    EXPIRED = "EXPIRED", "Expired"
