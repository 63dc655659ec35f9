"""CSRF: every unsafe request that a session cookie authenticates is refused without a token.

Generated from the URL resolver: every pattern × every unsafe method its view implements
(POST for function views), sent by a signed-in owner with ``enforce_csrf_checks`` and no
token. The one exception is ``POST /api/v1/auth/token/``: it ignores the session (credentials
are in the body) and creates none, so a forged request gains an attacker nothing.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import get_resolver

from tests.security.figures import record
from tests.security.test_access_matrix import _implemented, _walk, concrete
from tests.security.world import client_as

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
EXEMPT = {("api/v1/auth/token/", "POST")}


def _unsafe_requests() -> list[tuple[str, str]]:
    found = []
    for route, callback, _ in _walk(get_resolver().url_patterns, ""):
        if "(?P<" in route:  # the admin's regular expressions
            route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route).replace("^", "").replace("$", "")
        implemented = _implemented(callback)
        methods = UNSAFE if implemented is None else [m for m in UNSAFE if m in implemented]
        found += [(route, method) for method in methods if (route, method) not in EXEMPT]
    return found


VALUES = {
    "app_label": "reviews",
    "url": "nothing",
    "content_type_id": 1,
    "object_id": 1,
    "id": 1,
    # allauth's links from mails and its single sign-on routes (/accounts/)
    "key": "made-up-key",
    "uidb36": "1",
    "provider_id": "idp",
}


def test_it_refuses_every_unsafe_session_request_without_a_csrf_token(security_world, db):
    values = {**VALUES, **security_world.values}
    refused = []
    for route, method in _unsafe_requests():
        path = concrete(route, values, {})
        with transaction.atomic():
            client = client_as(security_world, "owner", enforce_csrf_checks=True)
            response = client.generic(method, path, data="{}", content_type="application/json")
            transaction.set_rollback(True)
        assert response.status_code == 403, (method, path, response.status_code)
        assert b"CSRF" in response.content, (method, path, response.content[:300])
        refused.append((method, path))
    assert len(refused) > 40
    record("csrf_cases", len(refused))


def test_it_accepts_the_same_request_with_the_token(security_world, db):
    client = client_as(security_world, "owner", enforce_csrf_checks=True)
    page = client.get("/")  # sets the CSRF cookie, as the browser's first page load does
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    values = security_world.values
    path = f"/api/v1/workloads/{values['workload_id']}/"
    response = client.patch(
        path, {"notes": "Checked."}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content[:300]


def test_it_exempts_only_the_token_exchange_which_ignores_sessions(security_world, db):
    client = client_as(security_world, "owner", enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "wrong"}, "application/json"
    )
    assert response.status_code == 400  # judged on the credentials alone
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("path", ["/login/", "/logout/"])
def test_it_protects_signing_in_and_out(path, security_world, db):
    client = client_as(security_world, "anonymous", enforce_csrf_checks=True)
    assert client.post(path, {"username": "alice", "password": "x"}).status_code == 403
