"""Sign-in limits on the login page and the token endpoint, password rules, token revocation."""

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


def _login(client: Client, password: str, username: str = "alice"):
    return client.post("/login/", {"username": username, "password": password})


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
    assert refused.status_code == 403
    assert refused.json()["code"] == "AUTHENTICATION_FAILED"
    again = _token(PASSWORD).json()["token"]
    assert again != issued


def test_it_refuses_to_revoke_without_credentials(db):
    response = APIClient().delete(TOKEN)
    assert response.status_code == 403
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_it_documents_revocation_in_the_schema(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/auth/token/"]["delete"]
    assert operation["operationId"] == "auth_token_destroy"
    assert set(operation["responses"]) >= {"204", "403"}
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
