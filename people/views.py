"""Pages of the people app; they call selectors and services, never API views."""

from __future__ import annotations
