"""The people app's pages (profile, invitations, teams, tokens)."""

from __future__ import annotations

urlpatterns: list = []
