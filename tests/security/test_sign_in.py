"""Sign-in limits on the login page, the token endpoint and the admin (one limiter, per
normalised username and client address), password rules, token revocation."""

from __future__ import annotations

import json
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from tests.fixtures.users import PASSWORD

TOKEN = "/api/v1/auth/token/"


def _login(client: Client, password: str, username: str = "alice", **headers):
    return client.post("/login/", {"username": username, "password": password}, **headers)


def _token(password: str, username: str = "alice", address: str = "127.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        TOKEN, {"username": username, "password": password}, format="json"
    )


def test_it_locks_the_login_page_after_five_failures_with_a_clear_message(client, alice):
    for _ in range(5):
        response = _login(client, "wrong")
        assert response.status_code == 200
        assert b"did not match" in response.content
    locked = _login(client, PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 800
    assert b"Too many failed sign-in attempts" in locked.content
    assert b"Try again in 15 minutes" in locked.content
    assert "_auth_user_id" not in client.session


def test_it_counts_per_username_and_address(client, alice, bob):
    for _ in range(5):
        _login(client, "wrong")
    assert _login(client, PASSWORD, username="bob").status_code == 302  # another account
    other_address = Client(REMOTE_ADDR="10.0.0.7")
    assert _login(other_address, PASSWORD).status_code == 302  # alice elsewhere


def test_it_forgets_failures_after_a_successful_sign_in(client, alice):
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


def test_it_lets_people_try_again_when_the_window_ends(client, alice, settings):
    settings.LOGIN_FAILURE_WINDOW = 1
    for _ in range(5):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 429
    time.sleep(1.2)
    assert _login(client, PASSWORD).status_code == 302


def test_it_answers_429_on_the_token_endpoint_with_retry_after(alice):
    for _ in range(5):
        assert _token("wrong").status_code == 400
    locked = _token(PASSWORD)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 800
    body = locked.json()
    assert body["code"] == "TOO_MANY_ATTEMPTS"
    assert body["message"].startswith("Too many failed sign-in attempts")
    assert _token(PASSWORD, address="10.0.0.8").status_code == 200


def test_it_shares_the_count_between_the_page_and_the_api(client, alice):
    for _ in range(3):
        _login(client, "wrong")
    for _ in range(2):
        _token("wrong")
    assert _login(client, PASSWORD).status_code == 429
    assert _token(PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Xy7!", "too short"),
        ("password123", "too common"),
        ("83629174526", "entirely numeric"),
        ("alice@example.co", "too similar"),
    ],
)
def test_it_refuses_weak_passwords(password, rule, alice):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=alice)
    assert rule in " ".join(refused.value.messages)


def test_it_refuses_a_weak_password_in_the_admin_too(staff):
    client = Client()
    client.force_login(staff)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200  # the form again, with the rule that failed
    assert b"This password is too common" in response.content


def test_it_revokes_the_callers_token(alice):
    issued = _token(PASSWORD).json()["token"]
    scripted = APIClient()
    scripted.credentials(HTTP_AUTHORIZATION=f"Token {issued}")
    assert scripted.get("/api/v1/lenses/").status_code == 200
    assert scripted.delete(TOKEN).status_code == 204
    refused = scripted.get("/api/v1/lenses/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    assert refused.json()["code"] == "AUTHENTICATION_FAILED"
    again = _token(PASSWORD).json()["token"]
    assert again != issued


def test_it_refuses_to_revoke_without_credentials(db):
    response = APIClient().delete(TOKEN)
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_it_documents_revocation_in_the_schema(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/auth/token/"]["delete"]
    assert operation["operationId"] == "auth_token_destroy"
    assert set(operation["responses"]) >= {"204", "403"}
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]


# --- Issue 12: one limiter, keyed on the name that signs in, per client address --------------


@pytest.mark.parametrize("api", [False, True], ids=["page", "token API"])
def test_it_counts_spelling_variants_of_a_username_as_one(client, alice, api):
    """Issue 12 finding 1: " alice", "alice\\t", fullwidth "ａｌｉｃｅ" and "ALICE" share alice's
    count (stripped, NFKC and casefolded as the form authenticates), on the page and the API."""
    variants = [" alice", "alice\t", "ａｌｉｃｅ", "ALICE", "alice "]
    for variant in variants:
        response = _token("wrong", username=variant) if api else _login(client, "wrong", variant)
        assert response.status_code == (400 if api else 200), variant
    for variant in ["alice", *variants]:
        assert _login(client, PASSWORD, variant).status_code == 429, variant
        assert _token(PASSWORD, username=variant).status_code == 429, variant


def test_it_signs_in_with_the_normalised_name_on_the_page_and_the_api(client, alice):
    """Issue 12 finding 1: the token API authenticates the name the page does (strip + NFKC)."""
    assert _login(client, PASSWORD, username="ａｌｉｃｅ ").status_code == 302
    assert _token(PASSWORD, username=" ａｌｉｃｅ").status_code == 200


def _admin_login(client: Client, password: str, username: str = "staff"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_it_limits_the_admin_login(staff):
    """Issue 12 finding 2: /admin/login/ locks after 5 failures, even for the right password."""
    client = Client()
    for _ in range(5):
        response = _admin_login(client, "wrong")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    locked = _admin_login(client, PASSWORD)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 800
    assert b"Too many failed sign-in attempts" in locked.content
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still signed out


def test_it_shares_one_limiter_between_page_api_and_admin(client, staff):
    """Issue 12 finding 2: page, token API and admin count into one limiter."""
    _login(client, "wrong", username="staff")
    _login(client, "wrong", username=" STAFF")
    _token("wrong", username="staff")
    _token("wrong", username="ｓｔａｆｆ")
    _admin_login(Client(), "wrong", username="Staff")
    assert _admin_login(Client(), PASSWORD).status_code == 429
    assert _login(client, PASSWORD, username="staff").status_code == 429
    assert _token(PASSWORD, username="staff").status_code == 429
    assert _admin_login(Client(REMOTE_ADDR="10.0.0.9"), PASSWORD).status_code == 302


def test_it_signs_staff_into_the_admin_and_forgets_failures(staff):
    client = Client()
    for _ in range(4):
        _admin_login(client, "wrong")
    response = _admin_login(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    for _ in range(4):  # the success cleared the count
        assert _login(Client(), "wrong", username="staff").status_code == 200
    assert _login(Client(), PASSWORD, username="staff").status_code == 302


def test_it_ignores_a_spoofed_forwarded_for_without_trusted_proxies(client, alice):
    """Issue 12 finding 3: without TRUSTED_PROXIES, rotating X-Forwarded-For gets no new tries."""
    for index in range(5):
        spoofed = f"198.51.100.{index}"
        if index % 2:
            assert _login(client, "wrong", HTTP_X_FORWARDED_FOR=spoofed).status_code == 200
        else:
            token = APIClient(HTTP_X_FORWARDED_FOR=spoofed)
            response = token.post(TOKEN, {"username": "alice", "password": "wrong"})
            assert response.status_code == 400
    assert _login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_it_throttles_the_token_endpoint_despite_rotating_forwarded_for(db):
    """Issue 12 finding 3: the token throttle (30/min per address) ignores spoofed XFF."""
    answers = [
        APIClient()
        .post(
            TOKEN,
            {"username": f"nobody{index}", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{index}",
        )
        .status_code
        for index in range(31)
    ]
    assert answers[:30] == [400] * 30
    assert answers[30] == 429


def test_it_limits_clients_behind_one_trusted_proxy_separately(alice, settings):
    """Issue 12 finding 3: with one trusted proxy, each client behind it has its own count."""
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.6")
    for _ in range(5):
        assert _login(first, "wrong").status_code == 200
    assert _login(first, PASSWORD).status_code == 429
    assert _login(second, PASSWORD).status_code == 302  # not locked out by the first
    spoofing = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
    assert _login(spoofing, PASSWORD).status_code == 429  # what the proxy saw counts
    token = APIClient(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    response = token.post(TOKEN, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 200
