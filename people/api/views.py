"""Thin API views of the people app: parse, call a service or selector, serialise."""

from __future__ import annotations
