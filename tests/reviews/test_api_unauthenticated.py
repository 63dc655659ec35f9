"""401 with a challenge for a missing or bad token; 403 stays "not allowed" (issue 15 item 3)."""

from __future__ import annotations

from rest_framework.test import APIClient

from reviews.models import Workload
from tests.fixtures.users import api_key_for
from tests.reviews.helpers import API, assert_error


def test_it_answers_401_with_the_token_challenge_without_credentials(clients, workload):
    """Issue 15 item 3: no token → 401 `NOT_AUTHENTICATED` and `WWW-Authenticate: Token`."""
    for method in ("get", "post", "patch", "delete"):
        response = getattr(clients["anonymous"], method)(f"{API}/workloads/{workload.pk}")
        assert_error(response, 401, "NOT_AUTHENTICATED")
        assert response["WWW-Authenticate"] == "Token"
    assert Workload.objects.filter(pk=workload.pk).exists()


def test_it_answers_401_with_the_token_challenge_for_a_bad_token(workload, alice):
    """Issue 15 item 3: a wrong or revoked token → 401 `AUTHENTICATION_FAILED`."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(f"{API}/workloads/")
    assert_error(response, 401, "AUTHENTICATION_FAILED")
    assert response["WWW-Authenticate"] == "Token"
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(alice)}")
    assert client.get(f"{API}/workloads/").status_code == 200
    alice.api_tokens.all().delete()
    assert client.get(f"{API}/workloads/").status_code == 401


def test_it_keeps_403_for_a_signed_in_caller_who_may_not(clients, workload):
    """Issue 15 item 3: a reader writing is refused with 403, without a challenge."""
    response = clients["reader"].patch(
        f"{API}/workloads/{workload.pk}/", {"description": "x"}, format="json"
    )
    assert_error(response, 403, "PERMISSION_DENIED")
    assert "WWW-Authenticate" not in response


def test_it_keeps_403_for_a_session_write_without_a_csrf_token(workload, alice):
    """Issue 15 item 3: a signed-in browser's failed CSRF check is still a 403."""
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(alice)
    response = browser.patch(
        f"{API}/workloads/{workload.pk}/", {"description": "forged"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert "CSRF" in response.json()["message"]
    workload.refresh_from_db()
    assert workload.description != "forged"


def test_it_declares_the_challenge_in_the_schema(clients):
    """Issue 15 item 3: the schema's 401 carries the `WWW-Authenticate` header."""
    schema = clients["anonymous"].get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/workloads/"]["post"]
    assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
    assert "403" in operation["responses"]
