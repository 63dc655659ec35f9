"""Sign-in failure limits: after ``LOGIN_FAILURE_LIMIT`` failures for one username from one
address within ``LOGIN_FAILURE_WINDOW`` seconds, further attempts are refused until the
window ends, whether or not the password is right.

Every way to present a password — the login page, ``POST /api/v1/auth/token/`` and the
admin's login — goes through :func:`sign_in_attempt`. Counted in Django's cache (Redis when
configured). Per username *and* address, so a guesser cannot lock a user out from
everywhere, and one address cannot try many passwords on one account. The username is
counted as the sign-in form reads it (stripped, NFKC) and casefolded, so spelling variants of
one name share one count; the address is the client's (:mod:`mllens.addresses`).
"""

from __future__ import annotations

import hashlib
import time
import unicodedata

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.views.decorators.debug import sensitive_variables

from mllens.addresses import client_address
from mllens.errors import DomainError

__all__ = ["TooManyAttempts", "client_address", "normalise_username", "sign_in_attempt"]


class TooManyAttempts(DomainError):
    """HTTP 429 with ``Retry-After``: this username is locked for this address for a while."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(code="TOO_MANY_ATTEMPTS", message=locked_message(retry_after), status=429)
        self.retry_after = retry_after


def locked_message(retry_after: int) -> str:
    minutes = max(1, (retry_after + 59) // 60)
    return (
        "Too many failed sign-in attempts for this account from your address. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )


def normalise_username(raw: str) -> str:
    """The username as Django's sign-in form authenticates with it: stripped, then NFKC."""
    return unicodedata.normalize("NFKC", raw.strip())


def _counted_name(username: str) -> str:
    # Casefolded on top of what authenticates: variants that differ only in case share a count.
    return unicodedata.normalize("NFKC", normalise_username(username).casefold())


def _keys(username: str, address: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{_counted_name(username)}\n{address}".encode()).hexdigest()
    return f"login-failures:{digest}", f"login-window:{digest}"


def login_wait_seconds(*, username: str, address: str) -> int:
    """Seconds until ``username`` may try again from ``address``; 0 when not locked."""
    count_key, window_key = _keys(username, address)
    if (cache.get(count_key) or 0) < settings.LOGIN_FAILURE_LIMIT:
        return 0
    started = cache.get(window_key) or time.time()
    return max(1, round(started + settings.LOGIN_FAILURE_WINDOW - time.time()))


def login_failure_record(*, username: str, address: str) -> int:
    """Count one failed attempt; returns the failures in the current window."""
    count_key, window_key = _keys(username, address)
    window = settings.LOGIN_FAILURE_WINDOW
    if cache.add(window_key, time.time(), window):
        cache.set(count_key, 0, window)
    try:
        return cache.incr(count_key)
    except ValueError:  # the counter expired or was evicted (or the cache is down)
        cache.set(count_key, 1, window)
        return 1


def login_failures_clear(*, username: str, address: str) -> None:
    """A successful sign-in forgets the failures before it."""
    for key in _keys(username, address):
        cache.delete(key)


def ensure_may_try(*, username: str, address: str) -> None:
    """Raise ``TooManyAttempts`` when ``username`` is locked for ``address``."""
    if wait := login_wait_seconds(username=username, address=address):
        raise TooManyAttempts(wait)


@sensitive_variables("password")
def sign_in_attempt(request, *, username: str, password: str):
    """Authenticate ``username`` through the limiter; the user, or None for a wrong password.

    Raises ``TooManyAttempts`` (without trying the password) while the username is locked
    for the client's address. A failure is counted; a success forgets earlier failures.
    """
    username = normalise_username(username)
    address = client_address(request)
    ensure_may_try(username=username, address=address)
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_failure_record(username=username, address=address)
    else:
        login_failures_clear(username=username, address=address)
    return user


def reset_attempt(request, *, email: str) -> None:
    """Count one password-reset request for ``email`` from the client's address, under the
    sign-in limits: beyond ``LOGIN_FAILURE_LIMIT`` in ``LOGIN_FAILURE_WINDOW``, raise
    ``TooManyAttempts`` (nothing is sent), so no one can flood a mailbox with reset mails."""
    name = f"password-reset\n{email}"
    address = client_address(request)
    ensure_may_try(username=name, address=address)
    login_failure_record(username=name, address=address)
