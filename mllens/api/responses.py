"""Answers every API module gives the same way."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import status
from rest_framework.response import Response


def created(
    request, body, url_name: str, *, status_code: int = status.HTTP_201_CREATED, **kwargs
) -> Response:
    """A 201 (or 202) whose ``Location`` is the absolute URL of what was created (or queued)."""
    return located(request, Response(body, status=status_code), url_name, **kwargs)


def located(request, response: Response, url_name: str, **kwargs) -> Response:
    """``response`` with ``Location``: the absolute URL of what it created or queued."""
    response["Location"] = request.build_absolute_uri(reverse(url_name, kwargs=kwargs))
    return response
