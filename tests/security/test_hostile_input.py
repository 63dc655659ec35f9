"""NUL characters and deeply nested JSON against every endpoint the URL resolver knows.

Issue 12 finding 7: ``[[[…]]]`` 1,000 deep answered 500 (RecursionError) on every JSON
endpoint, and a NUL in a query string, a path segment or a JSON string answered 500 (the
database driver refuses it). Every URL pattern — pages, both APIs, the schema, the docs, the
admin — gets each hostile input with each method its view implements, as a user who may use
it, and must answer below 500; where the answer is the API's, in the one error shape.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import transaction
from django.urls import get_resolver

from tests.security.figures import record
from tests.security.test_access_matrix import _implemented, _walk
from tests.security.world import client_as

DEEP_LIST = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000
NUL_VALUE = "x\x00y"
NUL_BODY = {
    "username": NUL_VALUE,
    "password": NUL_VALUE,
    "name": NUL_VALUE,
    "tags": {"k\x00": "v"},
    "notes": NUL_VALUE,
    "selected_choices": [NUL_VALUE],
    "version": NUL_VALUE,
    "user": NUL_VALUE,
    "lens": NUL_VALUE,
}
QUERY_NAMES = [
    "q", "name", "page", "page_size", "format", "version", "milestone", "base", "target",
    "from", "to", "lens", "workload", "pillar", "phase", "risk", "environment", "mode", "next",
]  # fmt: skip
EXTRA = {"version": "1.0", "object_id": "1", "id": "1", "app_label": "auth", "url": "x"}


def _endpoints() -> list[tuple[str, set[str]]]:
    found = []
    for route, callback, _ in _walk(get_resolver().url_patterns, ""):
        methods = _implemented(callback) or {"GET", "POST"}
        found.append((route, methods))
    return found


def _path(route: str, values: dict, poison: str | None = None) -> str:
    """A concrete path; ``poison`` names the parameter that gets ``%00`` appended."""

    def value(match) -> str:
        name = match.group(1)
        text = str(values.get(name, EXTRA.get(name, "1")))
        return text + "%00" if name == poison else text

    path = re.sub(r"<(?:\w+:)?(\w+)>", value, route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, path)  # the admin's regex patterns
    return "/" + path.replace("^", "").replace("$", "")


def _role(route: str) -> str:
    return "staff" if route.startswith("admin/") else "owner"


def _send(world, route: str, method: str, path: str, **kwargs):
    with transaction.atomic():
        response = client_as(world, _role(route)).generic(method, path, **kwargs)
        transaction.set_rollback(True)
    return response


def _assert_answered(response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code, response.content[:300])
    path = what.split()[1]
    if response.status_code == 400 and path.startswith("/api/") and "/api/docs/" not in path:
        body = response.json()
        assert set(body) >= {"code", "message", "errors"}, (what, body)


@pytest.fixture
def world(security_world, db):
    return security_world


def test_it_refuses_nul_in_every_path_segment_and_query_string(world):
    """Issue 12 finding 7: a NUL in a path segment, a query string or a header (an API token)
    answers 400, never 500."""
    checked = 0
    for route, methods in _endpoints():
        params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
        names = [a or b for a, b in params]
        for method in sorted(methods | {"GET"}):
            paths = [_path(route, world.values, poison) for poison in names]
            paths.append(_path(route, world.values) + "%00/")
            query = "&".join(f"{name}=%00" for name in QUERY_NAMES)
            paths.append(_path(route, world.values) + "?" + query)
            paths.append(_path(route, world.values) + "?%00=1")
            for path in paths:
                response = _send(world, route, method, path)
                what = f"{method} {path}"
                _assert_answered(response, what)
                assert response.status_code == 400, what
                checked += 1
            path = _path(route, world.values)
            response = _send(world, route, method, path, HTTP_AUTHORIZATION="Token a\x00b")
            _assert_answered(response, f"{method} {path} (Authorization)")
            assert response.status_code == 400, f"{method} {path} (Authorization)"
            checked += 1
    record("hostile_nul_requests", checked)


@pytest.mark.parametrize(
    "body",
    [DEEP_LIST, DEEP_OBJECT, json.dumps(NUL_BODY)],
    ids=["deep list", "deep object", "NUL in strings and keys"],
)
def test_it_answers_hostile_json_below_500_on_every_endpoint(world, body):
    """Issue 12 finding 7: 1,000-deep JSON and NUL in JSON strings answer 400, never 500."""
    checked = 0
    for route, methods in _endpoints():
        for method in sorted(methods - {"GET"}):
            path = _path(route, world.values)
            response = _send(world, route, method, path, data=body, content_type="application/json")
            _assert_answered(response, f"{method} {path}")
            checked += 1
    record("hostile_json_requests", checked)


def test_it_answers_form_posts_with_nul_below_500_on_every_endpoint(world):
    """Issue 12 finding 7: NUL in form fields (the pages' forms) never answers 500."""
    form = "&".join(f"{name}=x%00y" for name in [*NUL_BODY, "description", "environment"])
    for route, methods in _endpoints():
        for method in sorted(methods - {"GET"}):
            path = _path(route, world.values)
            response = _send(
                world,
                route,
                method,
                path,
                data=form,
                content_type="application/x-www-form-urlencoded",
            )
            _assert_answered(response, f"{method} {path}")


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT])
def test_it_answers_deep_json_to_the_token_endpoint_with_400(db, client, body):
    """Issue 12 finding 7: the audit's unauthenticated 500 (RecursionError) is a 400."""
    response = client.post("/api/v1/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "PARSE_ERROR"
    assert response.json()["errors"][0]["code"] == "TOO_DEEP"


def test_it_points_at_the_nul_in_a_json_string(world):
    """Issue 12 finding 7: {"tags": {"k\\u0000": "v"}} answers 400 with the value's pointer."""
    path = f"/api/v1/workloads/{world.values['workload_id']}/"
    response = _send(
        world,
        "api/v1/workloads/",
        "PATCH",
        path,
        data=json.dumps({"tags": {"k\x00": "v"}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "PARSE_ERROR"
    assert body["errors"] == [
        {
            "code": "NUL_CHARACTER",
            "message": "JSON strings may not contain the NUL character (\\u0000).",
            "pointer": "/tags/k\x00",
        }
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/?q=%00",
        "/api/v1/lenses/{slug}/versions/%00/",
        "/api/v1/workloads/{workload_id}/reviews/{slug}/answers/p1q1%00/",
    ],
)
def test_it_answers_the_audits_nul_requests_with_400(world, path):
    """Issue 12 finding 7: the audit's examples, page and API, answer 400 in their shape."""
    response = _send(world, "", "GET", path.format(**world.values))
    assert response.status_code == 400
    if "/api/" in path:
        assert response.json()["code"] == "BAD_REQUEST"
        assert response.json()["errors"][0]["code"] == "NUL_CHARACTER"
    else:
        assert b"Bad request" in response.content
