"""OpenAPI post-processing: the request headers of the API's conventions, declared once.

- every POST takes ``Idempotency-Key`` (``mllens.api.idempotency``) and can answer 400 for a
  malformed key and 409 ``IDEMPOTENCY_MISMATCH`` / ``IDEMPOTENCY_IN_PROGRESS``; a replay
  carries ``Idempotent-Replayed: true``;
- operations that declare 412 take ``If-Match``, those that declare 304 ``If-None-Match``,
  and their 200s carry the resource's ``ETag`` (``mllens.api.conditional``); their 412 (and
  409) body is ``<Resource>Conflict``: the error plus ``current``, typed as the resource a GET
  of it shows;
- every GET can answer 400 ``UNKNOWN_PARAMETER`` / ``INVALID_PARAMETER``
  (``mllens.api.query``).
"""

from __future__ import annotations

from mllens.api.idempotency import EXCLUDED_PREFIXES
from mllens.api.schema import ERROR_REF, _error

_STRING = {"type": "string"}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {**_STRING, "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$"},
    "description": "A key of your choosing (1-255 visible ASCII characters) that makes the "
    "request safe to retry for 24 hours: the same key with the same request answers the "
    "first result again (with `Idempotent-Replayed: true`); with another request, 409 "
    "`IDEMPOTENCY_MISMATCH`; while the first still runs, 409 `IDEMPOTENCY_IN_PROGRESS`.",
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": _STRING,
    "description": 'The ETag of the version you based the change on (`"7"`), or `*`. Another '
    "version is current: 412 `PRECONDITION_FAILED` with the resource under `current`.",
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "schema": _STRING,
    "description": "The ETag you hold: 304 without a body while it is still current.",
}
ETAG = {"schema": _STRING, "description": 'The version as a strong ETag (`"7"`).'}


def _with_parameter(operation: dict, parameter: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name") == parameter["name"] for p in parameters):
        parameters.append(parameter)


def _representation(methods: dict, operation: dict) -> dict:
    """The resource as this operation answers it, else as another write of the path answers it
    (a DELETE answers no body; the collection form's PATCH answers the member it names), else
    as a GET of the path shows it (unless that is a list: a write on a collection path names
    one item of it)."""
    get = methods.get("get", {})
    is_list = any(p.get("name") == "page_size" for p in get.get("parameters", []))
    answers = [operation["responses"].get("200")]
    answers += [methods[m]["responses"].get("200") for m in ("patch", "put") if m in methods]
    if not is_list:
        answers.append(get.get("responses", {}).get("200"))
    for answer in answers:
        schema = (answer or {}).get("content", {}).get("application/json", {}).get("schema")
        if schema and "$ref" in schema:
            return schema
    return {}


def _with_current(result: dict, description: str, representation: dict) -> dict:
    """An error answer whose body also carries ``current``, typed as ``representation``: the
    component ``<Resource>Conflict`` (``ResourceConflict`` when the type is not known)."""
    name = representation.get("$ref", "/Resource").rsplit("/", 1)[1] + "Conflict"
    current = {"description": "The resource as a GET shows it."}
    if representation:
        current["allOf"] = [representation]
    else:
        current |= {"type": "object", "additionalProperties": True}
    result["components"]["schemas"].setdefault(
        name,
        {"allOf": [ERROR_REF, {"type": "object", "properties": {"current": current}}]},
    )
    schema = {"$ref": f"#/components/schemas/{name}"}
    return {"content": {"application/json": {"schema": schema}}, "description": description}


def declare_convention_headers(result, generator, request, public):
    """drf-spectacular hook (see the module)."""
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if method == "post" and not path.startswith(EXCLUDED_PREFIXES):
                _with_parameter(operation, IDEMPOTENCY_KEY)
                responses.setdefault("400", _error("Bad request, or a malformed Idempotency-Key."))
                responses.setdefault("409", _error("The Idempotency-Key is in use."))
                for code, answer in responses.items():
                    if code.startswith("2") and isinstance(answer, dict):
                        answer.setdefault("headers", {})["Idempotent-Replayed"] = {
                            "schema": _STRING,
                            "description": "`true` when this is the answer kept for the key.",
                        }
            if "412" in responses:
                _with_parameter(operation, IF_MATCH)
                responses["412"] = _with_current(
                    result,
                    "If-Match named a version that is no longer current; `current` is the "
                    "resource as a GET shows it.",
                    _representation(methods, operation),
                )
                if "409" in responses:
                    # A versioned write's 409 (a stale body `version`, a rule the write
                    # breaks) carries the resource as it is now as well.
                    responses["409"] = _with_current(
                        result,
                        responses["409"].get("description", "Conflict.")
                        + " `current`, when present, is the resource as a GET shows it.",
                        _representation(methods, operation),
                    )
            if "304" in responses:
                _with_parameter(operation, IF_NONE_MATCH)
            if "412" in responses or "304" in responses:
                ok = responses.get("200")
                if isinstance(ok, dict):
                    ok.setdefault("headers", {})["ETag"] = ETAG
            if method == "get":
                responses.setdefault(
                    "400", _error("A query parameter the operation does not take, or a bad value.")
                )
    return result
