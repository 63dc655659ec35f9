"""The people app's API under /api/v1/ (invitations, teams, tokens: one module per area)."""

from __future__ import annotations

urlpatterns: list = []
