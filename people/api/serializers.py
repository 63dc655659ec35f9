"""Serializers of the people app's API."""

from __future__ import annotations
