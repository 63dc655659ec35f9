"""OpenAPI post-processing: the error answers every operation can give, declared once.

Views declare what is specific to them (400, 404, 409, ...). Two answers can come from any
operation and are added here: 403 ``NOT_AUTHENTICATED`` from every operation that needs a
signed-in user (session authentication comes first, so DRF answers 403, not 401), and 503
``DATABASE_UNAVAILABLE`` when the database drops out mid-request.
"""

from __future__ import annotations

ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = ("get", "put", "post", "patch", "delete")


def _error(description: str) -> dict:
    return {"content": {"application/json": {"schema": ERROR_REF}}, "description": description}


def declare_common_errors(result, generator, request, public):
    """drf-spectacular hook: add 403 and 503 where they can happen."""
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            security = operation.get("security") or []
            needs_user = bool(security) and {} not in security
            if needs_user and "403" not in responses:
                responses["403"] = _error("Not signed in, or not allowed.")
            if "503" not in responses:
                responses["503"] = _error("The database (or the task broker) is not reachable.")
    return result
