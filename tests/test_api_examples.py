"""Every request body and every JSON answer in the OpenAPI document has an example, and every
example is valid against its own schema (``mllens/api/examples.py``).

The schema is OpenAPI 3.0's dialect of JSON Schema; it is turned into plain JSON Schema first
(``nullable`` into a ``null`` alternative, references inlined, ``allOf`` merged) and every object
that lists its properties is closed, so an example with a misspelt or stale field fails, not
only one with a wrong type or enum value.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from urllib.parse import urlparse

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from mllens.api.schema import METHODS

DOCUMENT = SchemaGenerator().get_schema(request=None, public=True)
SCHEMAS = DOCUMENT["components"]["schemas"]
JSON = "application/json"

FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("date", raises=ValueError)
def _date(value) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value))


@FORMATS.checks("uri")
def _uri(value) -> bool:
    parts = urlparse(value) if isinstance(value, str) else None
    return parts is None or bool(parts.scheme and parts.netloc)


def json_schema(node, depth: int = 0):
    """OpenAPI 3.0 schema → JSON Schema, references inlined, objects closed."""
    assert depth < 40, "a reference cycle"
    if isinstance(node, list):
        return [json_schema(item, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return json_schema(SCHEMAS[node["$ref"].rsplit("/", 1)[1]], depth + 1)
    node = {
        key: (
            {name: json_schema(value, depth + 1) for name, value in node[key].items()}
            if key == "properties"
            else json_schema(value, depth + 1)
        )
        for key, value in node.items()
        if key not in ("example", "examples", "discriminator", "readOnly", "writeOnly")
    }
    if "allOf" in node and all(part.get("type") == "object" for part in node["allOf"]):
        parts = node.pop("allOf")
        node["type"] = "object"
        node["properties"] = {k: v for part in parts for k, v in part.get("properties", {}).items()}
        node["required"] = sorted({name for part in parts for name in part.get("required", [])})
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def validate(value, schema) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``value`` fits the OpenAPI ``schema``."""
    jsonschema.Draft202012Validator(json_schema(schema), format_checker=FORMATS).validate(value)


def _bodies():
    """Every JSON body of the document: (where, schema, examples)."""
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            body = operation.get("requestBody", {}).get("content", {}).get(JSON)
            if body is not None:
                yield f"{where} request", body
            for status, answer in operation["responses"].items():
                content = answer.get("content", {}).get(JSON)
                if content is not None:
                    yield f"{where} {status}", content


BODIES = list(_bodies())


@pytest.mark.parametrize(("where", "content"), BODIES, ids=[w for w, _ in BODIES])
def test_every_json_body_has_a_valid_example(where, content):
    examples = content.get("examples")
    assert examples, f"{where}: no example"
    for name, example in examples.items():
        assert example.get("summary"), (where, name)
        try:
            validate(example["value"], content["schema"])
        except jsonschema.ValidationError as fault:
            pytest.fail(f"{where}, example {name!r}: {fault.message} at {list(fault.path)}")


def test_it_covers_every_operation_and_every_answer_with_a_json_body():
    operations = [
        op for methods in DOCUMENT["paths"].values() for m, op in methods.items() if m in METHODS
    ]
    assert len(operations) >= 48
    ok = [where for where, _ in BODIES if where.split()[-1].startswith("2")]
    requests = [where for where, _ in BODIES if where.endswith("request")]
    assert len(ok) >= 35
    assert len(requests) >= 17


def _answer(operation_id: str, status: str) -> dict:
    for methods in DOCUMENT["paths"].values():
        for method, operation in methods.items():
            if method in METHODS and operation["operationId"] == operation_id:
                return operation["responses"][status]["content"][JSON]
    raise LookupError(operation_id)


def test_a_conflict_example_carries_the_resource_as_a_get_shows_it():
    member = _answer("workloads_members_retrieve", "200")["examples"]["Example"]["value"]
    for operation_id in ("workloads_members_remove_by_name", "workloads_members_destroy"):
        conflict = _answer(operation_id, "412")["examples"]
        (example,) = conflict.values()
        assert example["value"]["code"] == "PRECONDITION_FAILED"
        assert example["value"]["current"].keys() == member.keys()
        assert example["value"]["current"]["id"] == member["id"]


def _workload() -> tuple[dict, dict]:
    content = _answer("workloads_retrieve", "200")
    return copy.deepcopy(content["examples"]["Example"]["value"]), content["schema"]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda w: w["risk_counts"].pop("HIGH"), id="a required field left out"),
        pytest.param(lambda w: w.update(environment="production"), id="an enum value's case"),
        pytest.param(lambda w: w.update(risk_count=w["risk_counts"]), id="a misspelt field"),
        pytest.param(lambda w: w.update(updated_at="2026-12-02 14:31"), id="a time without zone"),
        pytest.param(lambda w: w["lenses"][0].update(questions_total="35"), id="a wrong type"),
        pytest.param(lambda w: w.update(id=None), id="null where it may not be"),
        pytest.param(lambda w: w.update(tags={"team": 7}), id="a typed map's value"),
    ],
)
def test_a_wrong_example_fails_validation(spoil):
    workload, schema = _workload()
    validate(workload, schema)
    spoil(workload)
    with pytest.raises(jsonschema.ValidationError):
        validate(workload, schema)
