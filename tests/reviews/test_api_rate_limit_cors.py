"""Per-user API rate limits with their headers, and CORS only when configured (issue 15 item 11)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from mllens.env import ConfigError, env_rate
from tests.fixtures.users import api_key_for
from tests.reviews.helpers import API, assert_error

ORIGIN = "https://tools.example.com"


@pytest.fixture(autouse=True)
def _fresh_counts(alice, bob):
    """Redis outlives the test database, whose user ids repeat from run to run."""
    for user in (alice, bob):
        cache.delete(f"throttle_api_{user.pk}")


def token_client(user, address: str = "192.0.2.10") -> APIClient:
    """A script calling with the user's token (no session), from ``address``."""
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def _headers(response) -> tuple[int, int, int]:
    return tuple(int(response[f"RateLimit-{n}"]) for n in ("Limit", "Remaining", "Reset"))


def test_it_counts_each_users_calls_and_says_how_many_are_left(settings, alice, bob):
    """Issue 15 item 11: RateLimit-Limit/-Remaining/-Reset on each call, 429 with Retry-After."""
    settings.API_RATE_LIMIT = "3/minute"
    script = token_client(alice)
    seen = []
    for _ in range(3):
        response = script.get(f"{API}/workloads/")
        assert response.status_code == 200
        limit, remaining, reset = _headers(response)
        assert limit == 3
        assert 0 < reset <= 60
        seen.append(remaining)
    assert seen == [2, 1, 0]
    refused = script.post(f"{API}/workloads/", {"name": "Over the limit"}, format="json")
    assert_error(refused, 429, "THROTTLED")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert _headers(refused)[:2] == (3, 0)
    # Per user, not per address: another address does not help alice, and bob is untouched.
    assert token_client(alice, "198.51.100.7").get(f"{API}/workloads/").status_code == 429
    other = token_client(bob, "192.0.2.10").get(f"{API}/workloads/")
    assert other.status_code == 200
    assert _headers(other)[1] == 2


def test_it_lets_the_limit_be_switched_off(settings, alice):
    """Issue 15 item 11: `API_RATE_LIMIT=off` means no limit and no headers."""
    settings.API_RATE_LIMIT = ""
    script = token_client(alice)
    for _ in range(5):
        response = script.get(f"{API}/lenses/")
        assert response.status_code == 200
        assert "RateLimit-Limit" not in response


def test_it_does_not_count_refused_anonymous_calls_against_anyone(settings, alice):
    """Issue 15 item 11: an anonymous call is a 401 without rate-limit headers."""
    settings.API_RATE_LIMIT = "1/minute"
    response = APIClient().get(f"{API}/workloads/")
    assert response.status_code == 401
    assert "RateLimit-Limit" not in response
    assert token_client(alice).get(f"{API}/workloads/").status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1000/hour", "1000/hour"), ("60/min", "60/min"), ("off", ""), ("OFF", ""), (None, "5/day")],
)
def test_it_reads_the_rate_setting(monkeypatch, value, expected):
    """Issue 15 item 11: the setting's forms, and its off switch."""
    if value is None:
        monkeypatch.delenv("API_RATE_LIMIT", raising=False)
    else:
        monkeypatch.setenv("API_RATE_LIMIT", value)
    assert env_rate("API_RATE_LIMIT", "5/day") == expected


@pytest.mark.parametrize("value", ["lots", "1000", "0/hour", "10/fortnight"])
def test_it_refuses_a_rate_it_cannot_read(monkeypatch, value):
    """Issue 15 item 11: a mistyped limit fails loudly at start-up, not silently off."""
    monkeypatch.setenv("API_RATE_LIMIT", value)
    with pytest.raises(ConfigError):
        env_rate("API_RATE_LIMIT", "5/day")


def test_it_declares_429_with_its_headers_in_the_schema(clients):
    """Issue 15 item 11: generated clients know about 429 and the rate-limit headers."""
    schema = clients["anonymous"].get("/api/schema/", HTTP_ACCEPT="application/json").json()
    throttled = schema["paths"]["/api/v1/workloads/"]["get"]["responses"]["429"]
    assert {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(
        throttled["headers"]
    )


def _preflight(client, path: str, origin: str = ORIGIN):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


def test_it_allows_no_cross_origin_call_by_default(settings, alice, workload):
    """Issue 15 item 11: CORS is off unless configured: no origin is ever allowed."""
    assert settings.CORS_ALLOWED_ORIGINS == []
    preflight = _preflight(APIClient(), f"{API}/workloads/{workload.pk}/")
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Methods" not in preflight
    call = token_client(alice).get(f"{API}/workloads/", HTTP_ORIGIN=ORIGIN)
    assert call.status_code == 200
    assert "Access-Control-Allow-Origin" not in call


def test_it_answers_a_preflight_from_a_configured_origin(settings, alice, workload):
    """Issue 15 item 11: `CORS_ALLOWED_ORIGINS` lets that origin's scripts call with a token."""
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    settings.API_RATE_LIMIT = "100/hour"
    preflight = _preflight(APIClient(), f"{API}/workloads/{workload.pk}/")
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "PATCH" in preflight["Access-Control-Allow-Methods"]
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight
    call = token_client(alice).patch(
        f"{API}/workloads/{workload.pk}/",
        {"description": "From a tool"},
        format="json",
        HTTP_ORIGIN=ORIGIN,
    )
    assert call.status_code == 200
    assert call["Access-Control-Allow-Origin"] == ORIGIN
    exposed = {h.strip().lower() for h in call["Access-Control-Expose-Headers"].split(",")}
    assert {"ratelimit-remaining", "retry-after", "content-disposition"} <= exposed
    # Another origin gets nothing; pages outside the API never get CORS headers.
    assert "Access-Control-Allow-Origin" not in _preflight(
        APIClient(), f"{API}/workloads/", "https://evil.example.net"
    )
    assert "Access-Control-Allow-Origin" not in _preflight(APIClient(), "/login/")
