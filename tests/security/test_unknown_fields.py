"""Keys an endpoint does not know are refused, never dropped (issue 12 finding 12).

The walk takes every write operation (POST, PUT, PATCH) from the OpenAPI document that
drf-spectacular generates, so an endpoint added later is covered without editing this file.
Each gets a body holding one key no endpoint knows and must answer 400 with an
``UNKNOWN_FIELD`` error at that key's pointer. Requests run in a rolled-back savepoint
against the seeded world, as the owner (API token).
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from reviews.models import Answer, Workload
from tests.security.world import client_as

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
WRITES = sorted(
    (method.upper(), path)
    for path, operations in SCHEMA["paths"].items()
    for method in operations
    if method in ("post", "put", "patch")
)
# Operations whose body is not a set of API fields, each with the reason.
EXEMPT = {
    ("POST", "/api/v1/lenses/import"): "The body is a custom-lens file: its unknown keys are "
    "the lens-format validator's (UNKNOWN_KEY, an error in strict mode), per the lens spec.",
}
KEY = "zz_not_a_field"
# Operations only staff may call (the owner would get 403 before the body is read).
STAFF_ONLY = re.compile(r"^/api/v1/users/")


def _call(world, method: str, path: str, body: dict):
    url = re.sub(r"\{(\w+)\}", lambda m: str(world.values[m.group(1)]), path)
    if STAFF_ONLY.match(path):
        client = client_as(world, "staff")
    else:
        client = Client(HTTP_AUTHORIZATION=f"Token {world.token}")
    with transaction.atomic():
        response = client.generic(method, url, json.dumps(body), "application/json")
        transaction.set_rollback(True)
    return response


def _errors(response) -> set[tuple[str, str]]:
    return {(e["code"], e.get("pointer")) for e in response.json()["errors"]}


def test_it_walks_every_write_operation_and_only_real_exemptions():
    """Issue 12 finding 12: the walk sees the write operations; exemptions name real ones."""
    assert len(WRITES) >= 15
    assert set(EXEMPT) <= set(WRITES)


@pytest.mark.parametrize(
    ("method", "path"),
    [w for w in WRITES if w not in EXEMPT],
    ids=[" ".join(w) for w in WRITES if w not in EXEMPT],
)
def test_it_refuses_an_unknown_key_on_every_write_operation(method, path, security_world, db):
    """Issue 12 finding 12: every write endpoint answers 400 UNKNOWN_FIELD at the key's
    pointer for a key it does not know."""
    response = _call(security_world, method, path, {KEY: 1})
    assert response.status_code == 400, response.content[:300]
    assert ("UNKNOWN_FIELD", f"/{KEY}") in _errors(response)


def test_it_refuses_the_misspelt_regions_of_the_audit_and_creates_nothing(security_world, db):
    """Issue 12 finding 12: ``{"regions": [...]}`` (the field is ``aws_regions``) is a 400
    UNKNOWN_FIELD, not a 201 that drops the regions."""
    before = Workload.objects.count()
    response = _call(
        security_world,
        "POST",
        "/api/v1/workloads/",
        {"name": "Fraud scoring", "regions": ["eu-west-1"]},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "UNKNOWN_FIELD"
    assert _errors(response) == {("UNKNOWN_FIELD", "/regions")}
    assert Workload.objects.count() == before


def test_it_points_at_unknown_keys_inside_nested_objects(security_world, db):
    """Issue 12 finding 12: nested serializers refuse unknown keys at their nested pointer."""
    values = security_world.values
    answer = f"/api/v1/workloads/{values['workload_id']}/reviews/{values['slug']}/answers/p1q1/"
    body = {
        "version": values["answer_version"],
        "choice_statuses": {"p1q1_c1": {"status": "SELECTED", "colour": "red"}},
    }
    response = _call(security_world, "PATCH", answer, body)
    assert response.status_code == 400
    assert _errors(response) == {("UNKNOWN_FIELD", "/choice_statuses/p1q1_c1/colour")}
    report = {
        "workload": values["workload_id"],
        "lens": values["slug"],
        "kind": "review",
        "options": {"colour": "red"},
    }
    response = _call(security_world, "POST", "/api/v1/reports/", report)
    assert _errors(response) == {("UNKNOWN_FIELD", "/options/colour")}


def test_it_refuses_read_only_fields_sent_back_as_read_only(security_world, db):
    """Issue 12 finding 12: a field the resource shows but the client cannot set (``risk``,
    ``high_count``) is READ_ONLY_FIELD, and the answer does not change."""
    values = security_world.values
    workload = f"/api/v1/workloads/{values['workload_id']}/"
    response = _call(security_world, "PATCH", workload, {"notes": "x", "high_count": 0})
    assert response.status_code == 400
    assert response.json()["code"] == "READ_ONLY_FIELD"
    assert _errors(response) == {("READ_ONLY_FIELD", "/high_count")}
    before = Answer.objects.get(question_key="p1q1", lens_review__workload_id=values["workload_id"])
    body = {"version": values["answer_version"], "notes": "changed", "risk": "NONE"}
    response = _call(
        security_world, "PATCH", f"{workload}reviews/{values['slug']}/answers/p1q1/", body
    )
    assert _errors(response) == {("READ_ONLY_FIELD", "/risk")}
    after = Answer.objects.get(pk=before.pk)
    assert (after.notes, after.version) == (before.notes, before.version)
