"""``Idempotency-Key``: a POST under ``/api/v1/`` that is retried gets the first answer again.

A client sends a key of its choosing (``Idempotency-Key: 3f1c...``, 1 to 255 visible ASCII
characters) with a POST. The first request with that key claims it for the signed-in user;
its answer, when it is a success (2xx), is kept for 24 hours:

- the same user, key, method, path, query and body again: that answer again (status, body,
  ``Location``), with ``Idempotent-Replayed: true``, and nothing is done a second time;
- the same key with another method, path, query or body: 409 ``IDEMPOTENCY_MISMATCH``;
- the same key while the first request is still running: 409 ``IDEMPOTENCY_IN_PROGRESS``
  with ``Retry-After`` (the claim is a unique row, so two racing requests never both run);
- an answer that is not a success releases the key: fix the cause and retry with it.

JSON bodies are compared by value (key order and spacing do not matter), multipart bodies
without their random boundary, so a client library's retry is recognised as the same body.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings

from mllens.errors import ErrorDetail
from mllens.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
LIFETIME = timedelta(hours=24)
# A claim whose request never finished (its process died) is given up after this long.
ABANDONED = timedelta(minutes=10)
SWEEP_BATCH = 200
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
# The token endpoint's answer is a credential: never stored.
EXCLUDED_PREFIXES = ("/api/v1/auth/",)


def _error(status: int, code: str, message: str, item: ErrorDetail) -> JsonResponse:
    body = {"code": code, "message": message, "errors": [item.as_dict()]}
    return JsonResponse(body, status=status)


def _header_error(message: str) -> JsonResponse:
    item = ErrorDetail("INVALID", message, field=HEADER)
    return _error(400, "VALIDATION_ERROR", f"Bad {HEADER} header: {message}", item)


def api_user(request):
    """The user DRF will see for this request, or None (the view then answers 401/403)."""
    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    try:
        user = Request(request, authenticators=authenticators).user
    except APIException:
        return None
    return user if user.is_authenticated else None


def _canonical_body(request) -> bytes:
    body = request.body
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/json"):
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            return body
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    if content_type.startswith("multipart/"):
        boundary = re.search(r"boundary=\"?([^\";]+)", content_type)
        if boundary:
            return body.replace(boundary.group(1).encode(), b"")
    return body


def fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path_info.rstrip("/"), request.META.get("QUERY_STRING")):
        digest.update((part or "").encode() + b"\0")
    digest.update(_canonical_body(request))
    return digest.hexdigest()


def sweep(now=None) -> int:
    """Delete a batch of expired keys; how many went."""
    cutoff = (now or timezone.now()) - LIFETIME
    expired = IdempotencyKey.objects.filter(created_at__lt=cutoff).values("pk")[:SWEEP_BATCH]
    deleted, _ = IdempotencyKey.objects.filter(pk__in=expired).delete()
    return deleted


def _claim(user, key: str, print_: str) -> IdempotencyKey | None:
    """Claim the key (None) or return the row that already holds it."""
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=print_, created_at=now
                )
            return None
        except IntegrityError:
            held = IdempotencyKey.objects.filter(user=user, key=key).first()
            if held is None:
                continue  # released or swept meanwhile: claim again
            in_flight = held.status_code is None
            if held.created_at < now - LIFETIME or (
                in_flight and held.created_at < now - ABANDONED
            ):
                IdempotencyKey.objects.filter(pk=held.pk, created_at=held.created_at).delete()
                continue
            return held
    return IdempotencyKey.objects.filter(user=user, key=key).first()


def _replay(held: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(
        bytes(held.body), status=held.status_code, content_type=held.content_type or None
    )
    if held.location:
        response["Location"] = held.location
    response[REPLAYED] = "true"
    return response


class IdempotencyMiddleware:
    """Applies ``Idempotency-Key`` to every POST under ``/api/v1/`` (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        path = request.path_info
        if (
            key is None
            or request.method != "POST"
            or not path.startswith("/api/v1/")
            or path.startswith(EXCLUDED_PREFIXES)
        ):
            return self.get_response(request)
        if not KEY_PATTERN.fullmatch(key):
            return _header_error("use 1 to 255 visible ASCII characters (no spaces).")
        user = api_user(request)
        if user is None:
            return self.get_response(request)
        try:
            print_ = fingerprint(request)
        except RequestDataTooBig:
            return self.get_response(request)  # the view answers 413; nothing to keep
        sweep()
        held = _claim(user, key, print_)
        if held is not None:
            return self._answer_held(held, print_)
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyKey.objects.filter(user=user, key=key).delete()
            raise
        self._keep(user, key, response)
        return response

    def _answer_held(self, held: IdempotencyKey, print_: str) -> HttpResponse:
        item = ErrorDetail("CONFLICT", "Use a new key for a new request.", field=HEADER)
        if held.fingerprint != print_:
            return _error(
                409,
                "IDEMPOTENCY_MISMATCH",
                "This Idempotency-Key was used with another method, path, query or body.",
                item,
            )
        if held.status_code is None:
            response = _error(
                409,
                "IDEMPOTENCY_IN_PROGRESS",
                "A request with this Idempotency-Key is still running; retry shortly.",
                item,
            )
            response["Retry-After"] = "1"
            return response
        return _replay(held)

    def _keep(self, user, key: str, response) -> None:
        claim = IdempotencyKey.objects.filter(user=user, key=key, status_code__isnull=True)
        if not 200 <= response.status_code < 300 or response.streaming:
            claim.delete()
            return
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        claim.update(
            status_code=response.status_code,
            content_type=response.get("Content-Type", ""),
            location=response.get("Location", ""),
            body=response.content,
        )
