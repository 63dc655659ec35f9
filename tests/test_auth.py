"""Sign-in pages, API tokens, the OpenAPI document and the error shape."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.fixtures.users import PASSWORD


def test_it_redirects_anonymous_visitors_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


def test_it_logs_in_and_shows_the_dashboard(client, alice):
    response = client.post("/login/", {"username": "alice", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert b"Workloads" in response.content
    assert b"Alice Owner" in response.content


def test_it_rejects_a_wrong_password_on_the_login_page(client, alice):
    response = client.post("/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert b"did not match" in response.content
    assert "_auth_user_id" not in client.session


def test_it_logs_out_with_post_only(client, alice):
    client.force_login(alice)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_issues_a_token_that_authenticates_api_calls(alice):
    anon = APIClient()
    response = anon.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    # Issue 16 item 7: each sign-in issues a token of its own; the earlier ones keep working.
    again = anon.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": PASSWORD, "name": "nightly export"},
        format="json",
    )
    assert again.json()["token"] != token
    assert sorted(alice.api_tokens.values_list("name", flat=True)) == [
        "Sign-in from a script",
        "nightly export",
    ]
    for key in (token, again.json()["token"]):
        scripted = APIClient()
        scripted.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert scripted.get("/api/v1/lenses/").status_code == 200


def test_it_refuses_a_token_for_bad_credentials_with_a_coded_error(alice):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "alice", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "INVALID_CREDENTIALS",
        "message": "Unable to log in with these credentials.",
        "errors": [],
    }


def test_it_names_the_missing_field_in_validation_errors(db):
    response = APIClient().post("/api/v1/auth/token/", {"username": "alice"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert body["errors"] == [
        {
            "code": "REQUIRED",
            "message": "This field is required.",
            "field": "password",
            "pointer": "/password",
        }
    ]


def test_it_rejects_malformed_json_with_a_parse_error(db):
    response = APIClient().post(
        "/api/v1/auth/token/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "PARSE_ERROR"


def test_it_serves_the_openapi_document(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]


def test_it_renders_the_api_docs_from_local_assets(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr" not in html
    assert "unpkg.com" not in html


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/"])
def test_it_serves_the_admin(client, db, path):
    assert client.get(path).status_code in {200, 302}
