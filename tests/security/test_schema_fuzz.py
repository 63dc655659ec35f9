"""schemathesis against our own OpenAPI document, in process, as the owner of a seeded workload.

Every operation gets a bounded, derandomized set of generated requests (valid and invalid),
authenticated with the owner's API token. Path parameters mostly name the seeded objects
(so requests reach the code behind the lookups), sometimes stay random (so 404s are
exercised too). Each request runs in a savepoint that is rolled back, so every case sees
the same world. About half the cases are sent with the trailing slash of the path added or
removed (issue 15 item 1: both forms answer alike, never with a redirect), and every case sends
the ``Accept`` header its success answer declares, as a generated client does. Every POST is
sent twice with one `Idempotency-Key` (issue 15 item 4: the repeat of a success is its replay),
and about two PATCH, PUT or DELETE cases in three carry `If-Match`, a stale tag or `*` (item 5).
Checks, on every answer: no 5xx, the status code is declared, the content type is declared,
and the body matches the declared schema.
"""

from __future__ import annotations

import hashlib

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mllens.api.idempotency import EXCLUDED_PREFIXES
from tests.security.figures import record

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 12
CASES: dict[str, int] = {}
OTHER_SLASH: dict[str, int] = {}
REPEATED: dict[str, int] = {}
IF_MATCH: dict[str, int] = {}
# A version no resource of the seeded world reaches: a stale If-Match.
STALE_TAG = '"987654"'


@pytest.fixture(autouse=True)
def _connection_kept_open():
    # The WSGI handler must not close the test's connection (it holds the test transaction);
    # Django's own test client arranges the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Generated at collection (no database needed): one test per operation.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = WSGIHandler()


def _keeps_random(case, name: str) -> bool:
    """About one case in five keeps its generated value (a 404 path), decided by the case."""
    seed = f"{case.operation.label}:{name}:{case.path_parameters.get(name)!r}"
    return hashlib.sha256(seed.encode()).digest()[0] < 52


def _aim_at_the_world(case, values: dict) -> None:
    for name in list(case.path_parameters or {}):
        if name in values and not _keeps_random(case, name):
            case.path_parameters[name] = values[name]


def _other_slash_form(case) -> bool:
    """Send about half the cases (decided by the case) with the trailing slash toggled."""
    seed = f"{case.operation.label}:slash:{case.path_parameters!r}:{case.query!r}"
    if hashlib.sha256(seed.encode()).digest()[0] % 2 == 0:
        return False
    path = case.path
    # Case keeps its fields immutable from outside; the template is what the request uses.
    object.__setattr__(case, "path", path[:-1] if path.endswith("/") else f"{path}/")
    return True


def _if_match(case) -> str | None:
    """None, a stale tag or `*`, decided by the case (a third each)."""
    seed = f"{case.operation.label}:if-match:{case.path_parameters!r}:{case.body!r}"
    return (None, STALE_TAG, "*")[hashlib.sha256(seed.encode()).digest()[0] % 3]


def _declared_accept(case) -> str:
    """The media type the operation's success answer declares, as a generated client sends it
    in ``Accept`` (``application/pdf`` for a report download, ``application/json`` mostly)."""
    responses = case.operation.definition.raw.get("responses", {})
    for code in sorted(code for code in responses if code.startswith("2")):
        if content := responses[code].get("content"):
            return next(iter(content))
    return "application/json"


@schema.parametrize()
# Under pytest 9 schemathesis names every item after the function alone; a parameter puts the
# operation back into the test id ("...[GET /api/v1/lenses/][owner]").
@pytest.mark.parametrize("role", ["owner"])
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: the first failing request is reported as it was sent.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_generated_request_as_declared(case, role, security_world, db):
    _aim_at_the_world(case, security_world.values)
    if _other_slash_form(case):
        OTHER_SLASH[case.operation.label] = OTHER_SLASH.get(case.operation.label, 0) + 1
    label = case.operation.label
    headers = {
        "Authorization": f"Token {security_world.token}",
        "Accept": _declared_accept(case),
    }
    method = case.method.upper()
    if method == "POST" and not case.operation.path.startswith(EXCLUDED_PREFIXES):
        headers["Idempotency-Key"] = f"fuzz-{hashlib.sha256(repr(case.body).encode()).hexdigest()}"
    elif method in ("PATCH", "PUT", "DELETE") and (tag := _if_match(case)):
        headers["If-Match"] = tag
        IF_MATCH[label] = IF_MATCH.get(label, 0) + 1
    with transaction.atomic():
        response = case.call(headers=headers)
        assert response.status_code not in (301, 302, 307, 308), response.headers
        case.validate_response(response, checks=CHECKS)
        if "Idempotency-Key" in headers:
            # The retry: a success is replayed as it was; anything else is declared too.
            again = case.call(headers=headers)
            case.validate_response(again, checks=CHECKS)
            if 200 <= response.status_code < 300:
                assert again.status_code == response.status_code
                assert again.headers.get("idempotent-replayed") == ["true"], again.headers
                assert again.content == response.content
            REPEATED[label] = REPEATED.get(label, 0) + 1
        if headers.get("If-Match") == STALE_TAG:
            assert response.status_code != 200 or "etag" not in response.headers, response.headers
        transaction.set_rollback(True)
    CASES[label] = CASES.get(label, 0) + 1
    record("fuzz_cases", sum(CASES.values()))
    record("fuzz_operations", len(CASES))
    record("fuzz_other_slash_cases", sum(OTHER_SLASH.values()))
    record("fuzz_idempotent_repeats", sum(REPEATED.values()))
    record("fuzz_if_match_cases", sum(IF_MATCH.values()))
