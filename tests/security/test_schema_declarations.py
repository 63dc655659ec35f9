"""The OpenAPI document declares, for every operation, the errors it can answer with."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "put", "post", "patch", "delete")


def _operations():
    document = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method in METHODS:
                yield pytest.param(path, method, operation, id=f"{method.upper()} {path}")


@pytest.mark.parametrize(("path", "method", "operation"), list(_operations()))
def test_it_declares_the_errors_each_operation_can_give(path, method, operation):
    declared = set(operation["responses"])
    needed = {"503"}  # the database (or broker) may drop out under any call
    if operation.get("security") and {} not in operation["security"]:
        needed |= {"401", "403"}  # no or bad token; not allowed (or a failed CSRF check)
        challenge = operation["responses"]["401"]["headers"]["WWW-Authenticate"]
        assert challenge["schema"] == {"type": "string"}
    if "{" in path:
        needed.add("404")  # what the path names does not exist, or is not shared with you
    # Pages that do not exist are 404s; anything else invalid (`?milestone=abc` too) is a 400.
    checked = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    if "requestBody" in operation or checked:
        needed.add("400")  # paging parameters too: `page_size=0` is INVALID_PARAMETER
    # A method the path lacks; an `Accept` nothing matches; the fault of last resort.
    needed |= {"405", "406", "500"}
    assert needed <= declared, needed - declared
    for status, response in operation["responses"].items():
        if status.startswith(("4", "5")):
            schema = response["content"]["application/json"]["schema"]
            assert "$ref" in schema, (status, schema)


@pytest.mark.parametrize(("path", "method", "operation"), list(_operations()))
def test_it_says_what_each_operation_does(path, method, operation):
    assert operation.get("summary"), operation["operationId"]
    assert len(operation["summary"]) <= 60, operation["summary"]
    assert operation.get("description"), operation["operationId"]
    # Not the docstring of a base view class that drf-spectacular would take otherwise.
    assert "A view below" not in operation["description"]


KINDS = {"type", "$ref", "allOf", "oneOf", "anyOf", "enum"}


def _schemas(node, where, is_schema=False):
    """Every schema in ``node`` (a part of the document), with where it is."""
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas(value, f"{where}/{index}", is_schema)
        return
    if not isinstance(node, dict):
        return
    if is_schema:
        yield where, node
    for key, value in node.items():
        if key in ("example", "examples"):
            continue
        if key in ("schema", "items") or (key == "additionalProperties" and value is not True):
            yield from _schemas(value, f"{where}/{key}", True)
        elif key in ("properties", "schemas") and (is_schema or key == "schemas"):
            for name, child in value.items():
                yield from _schemas(child, f"{where}/{key}/{name}", True)
        elif key in ("allOf", "oneOf", "anyOf"):
            yield from _schemas(value, f"{where}/{key}", True)
        else:
            yield from _schemas(value, f"{where}/{key}", False)


def test_it_types_every_body():
    """No untyped value: every schema has a type (or a reference, or alternatives), every object
    names its properties or the type of its values. An object open to any keys says why in its
    description (AWS's own records; an activity's details, which differ per verb)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    untyped = []
    for where, schema in _schemas(document, "#"):
        if not KINDS & schema.keys():
            untyped.append(where)
        elif schema.get("type") == "object" and "properties" not in schema:
            values = schema.get("additionalProperties")
            if values in (None, {}) or (values is True and not schema.get("description")):
                untyped.append(where)
    assert untyped == []


def test_it_builds_the_schema_without_a_warning(tmp_path):
    """drf-spectacular warns about what it had to guess; a guess is a wrong declaration."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--file", str(out), stderr=io.StringIO())
    assert out.stat().st_size > 10_000


def test_a_conflict_carries_the_resource_as_a_get_shows_it():
    """A 412 (and a versioned write's 409) types `current` as the GET representation."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    schemas = document["components"]["schemas"]

    def current_of(response):
        name = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        error, extra = schemas[name]["allOf"]
        assert error == {"$ref": "#/components/schemas/Error"}
        return extra["properties"]["current"]

    path = "/api/v1/workloads/{workload_id}/reviews/{slug}/answers/{question_key}/"
    answer = document["paths"][path]["patch"]["responses"]
    shown = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    for status in ("409", "412"):
        assert current_of(answer[status])["allOf"] == [shown["schema"]]
    checked = 0
    for methods in document["paths"].values():
        for operation in methods.values():
            if "412" in operation.get("responses", {}):
                assert "allOf" in current_of(operation["responses"]["412"])
                checked += 1
    assert checked >= 8


def test_it_declares_the_body_of_delete_members_by_name():
    document = SchemaGenerator().get_schema(request=None, public=True)
    operation = document["paths"]["/api/v1/workloads/{workload_id}/members/"]["delete"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    selector = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    assert {"id", "user", "team"} <= set(selector["properties"])
