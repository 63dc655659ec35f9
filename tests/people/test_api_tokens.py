"""Named API tokens (issue 16 item 7): several per user, hashed, shown once, expiring,
revocable, last use noted at most once a minute; the old one-per-user keys keep working."""

from __future__ import annotations

import datetime
import hashlib
import importlib

from django.apps import apps as global_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import ApiToken
from people.services.tokens import token_create, token_used
from tests.fixtures.users import PASSWORD, client_for
from tests.reviews.helpers import API, assert_error, listed

TOKENS = f"{API}/auth/tokens/"


def scripted(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_it_shows_a_new_key_once_and_keeps_only_its_digest(alice):
    made = client_for(alice).post(
        TOKENS, {"name": "CI pipeline", "expires_at": "2031-01-01T00:00:00Z"}, format="json"
    )
    assert made.status_code == 201, made.content
    body = made.json()
    key = body["key"]
    assert key.startswith("mll_")
    assert len(key) >= 40
    assert made["Location"].endswith(f"/api/v1/auth/tokens/{body['id']}/")
    assert body["prefix"] == key[:10]
    assert body["expires_at"] == "2031-01-01T00:00:00Z"
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {getattr(stored, f.attname) for f in ApiToken._meta.concrete_fields}
    listed_tokens = listed(client_for(alice), TOKENS)
    assert [t["name"] for t in listed_tokens] == ["CI pipeline"]
    assert "key" not in listed_tokens[0]
    assert "key" not in client_for(alice).get(made["Location"]).json()
    assert scripted(key).get(f"{API}/lenses/").status_code == 200


def test_it_keeps_several_tokens_apart_and_revokes_one(alice):
    _, first = token_create(user=alice, name="one")
    second_token, second = token_create(user=alice, name="two")
    response = scripted(first).delete(f"{TOKENS}{second_token.pk}/")
    assert response.status_code == 204
    refused = scripted(second).get(f"{API}/lenses/")
    assert_error(refused, 401, "AUTHENTICATION_FAILED")
    assert refused["WWW-Authenticate"] == "Token"
    assert scripted(first).get(f"{API}/lenses/").status_code == 200


def test_it_hides_other_peoples_tokens_with_404(alice, bob, staff):
    token, _ = token_create(user=alice, name="mine")
    for other in (bob, staff):
        assert_error(client_for(other).get(f"{TOKENS}{token.pk}/"), 404, "NOT_FOUND")
        assert_error(client_for(other).delete(f"{TOKENS}{token.pk}/"), 404, "NOT_FOUND")
        assert listed(client_for(other), TOKENS) == []
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_it_refuses_an_expired_token_with_401(alice):
    _token, key = token_create(user=alice, name="short", expires_at=timezone.now())
    refused = scripted(key).get(f"{API}/lenses/")
    assert_error(refused, 401, "AUTHENTICATION_FAILED")
    assert refused["WWW-Authenticate"] == "Token"
    assert "expired" in refused.json()["message"].lower()


def test_it_refuses_bad_input_and_makes_nothing(alice):
    api = client_for(alice)
    assert_error(
        api.post(TOKENS, {"name": ""}, format="json"), 400, "VALIDATION_ERROR", field="name"
    )
    assert_error(
        api.post(TOKENS, {"name": "x", "expires_at": "2001-01-01T00:00:00Z"}, format="json"),
        400,
        "VALIDATION_ERROR",
        field="expires_at",
    )
    assert_error(
        api.post(TOKENS, {"name": "x", "key": "mll_mine"}, format="json"),
        400,
        "READ_ONLY_FIELD",
        field="key",
    )
    assert_error(api.get(f"{TOKENS}?nmae=x"), 400, "UNKNOWN_PARAMETER", field="nmae", query=True)
    assert not ApiToken.objects.exists()


def test_it_notes_the_last_use_at_most_once_a_minute(alice):
    token, key = token_create(user=alice, name="busy")
    client = scripted(key)

    def updates() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/lenses/").status_code == 200
        return sum('UPDATE "people_apitoken"' in q["sql"] for q in captured.captured_queries)

    assert updates() == 1  # first use
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    assert [updates() for _ in range(5)] == [0] * 5
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    assert updates() == 1
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - datetime.timedelta(minutes=1)


def test_it_skips_the_write_within_the_minute(alice):
    token, _ = token_create(user=alice, name="t")
    now = timezone.now()
    token_used(token, now=now)
    with CaptureQueriesContext(connection) as captured:
        token_used(token, now=now + datetime.timedelta(seconds=59))
    assert captured.captured_queries == []


def test_it_issues_tokens_by_password_that_list_among_the_users_tokens(alice):
    response = APIClient().post(
        f"{API}/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    key = response.json()["token"]
    assert [t["name"] for t in listed(scripted(key), TOKENS)] == ["Sign-in from a script"]
    assert scripted(key).delete(f"{API}/auth/token/").status_code == 204
    assert not ApiToken.objects.filter(user=alice).exists()


def test_it_carries_the_keys_of_the_first_release_over(alice, bob):
    """The data migration: DRF's ``authtoken_token`` rows become named tokens under the same
    key (stored hashed), and the table with the readable keys is dropped."""
    old = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    created = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE "authtoken_token" ("key" varchar(40) PRIMARY KEY, '
            '"created" timestamp with time zone NOT NULL, "user_id" integer NOT NULL)'
        )
        cursor.execute(
            'INSERT INTO "authtoken_token" VALUES (%s, %s, %s)', [old, created, alice.pk]
        )
    migration = importlib.import_module("people.migrations.0004_sso_api_tokens")
    with connection.schema_editor() as editor:
        migration.keys_from_authtoken(global_apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    carried = ApiToken.objects.get(user=alice)
    assert carried.created_at == created
    assert carried.prefix == old[:6]
    assert scripted(old).get(f"{API}/lenses/").status_code == 200
    assert scripted(old[:-1] + "0").get(f"{API}/lenses/").status_code == 401
