"""The OpenAPI document lists every top-level error ``code`` the code base can answer with.

The codes are read from the source itself (its syntax tree), so a code added anywhere without
adding it to ``mllens.api.error_codes.ERROR_CODES`` fails here rather than in a client that
generated an enum from the schema.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

CODE = re.compile(r"^[A-Z][A-Z0-9_]+$")
PACKAGES = ("mllens", "reviews", "catalog", "people")
# Calls whose string arguments (or `code=`) are a top-level code: the domain errors (found
# below), their 400 helper, the handlers' and middlewares' own error builders.
BUILDERS = {"invalid", "error_response", "_error", "_error_json"}
# A rejected lens file answers with its first problem's code (`LensFormatError.code`).
LENS_FORMAT = ("catalog", "lensformat")
LENS_FORMAT_BUILDERS = {"error", "Problem"}


def _sources() -> dict[Path, ast.Module]:
    root = Path(settings.BASE_DIR)
    paths = [p for package in PACKAGES for p in (root / package).rglob("*.py")]
    return {p: ast.parse(p.read_text()) for p in paths if "migrations" not in p.parts}


def _name(node: ast.AST) -> str | None:
    return getattr(node, "id", None) or getattr(node, "attr", None)


def _domain_errors(trees) -> set[str]:
    """``DomainError`` and every class derived from it, however indirectly."""
    found, grown = {"DomainError"}, True
    while grown:
        grown = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in found
                    and any(_name(base) in found for base in node.bases)
                ):
                    found.add(node.name)
                    grown = True
    return found


def codes_in_the_code_base() -> dict[str, str]:
    trees = _sources()
    errors = _domain_errors(trees)
    codes: dict[str, str] = {}

    def add(node, path):
        if isinstance(node, ast.Constant) and CODE.match(str(node.value)):
            codes.setdefault(node.value, str(path))

    for path, tree in trees.items():
        builders = BUILDERS | errors
        if path.parent.parts[-2:] == LENS_FORMAT:
            builders = builders | LENS_FORMAT_BUILDERS
        in_errors = {
            id(n)
            for c in ast.walk(tree)
            if isinstance(c, ast.ClassDef) and c.name in errors
            for n in ast.walk(c)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _name(node.func)
                if name in builders or (name == "__init__" and id(node) in in_errors):
                    for argument in node.args:
                        add(argument, path)
                    for keyword in node.keywords:
                        if keyword.arg == "code":
                            add(keyword.value, path)
            elif isinstance(node, ast.Assign):
                targets = {_name(target) for target in node.targets}
                if "code" in targets and id(node) in in_errors:
                    add(node.value, path)  # `self.code = "PRECONDITION_FAILED"`
                if "_CODES" in targets:  # DRF's exceptions, mapped by the handler
                    for value in node.value.values:
                        add(value, path)
            elif isinstance(node, ast.FunctionDef) and node.name == "exception_handler":
                for inner in ast.walk(node):  # VALIDATION_ERROR, UNKNOWN_FIELD, ...
                    add(inner, path)
    return codes


def test_the_schema_enumerates_every_error_code():
    document = SchemaGenerator().get_schema(request=None, public=True)
    schemas = document["components"]["schemas"]
    code = schemas["Error"]["properties"]["code"]
    enum = set(schemas[code["$ref"].rsplit("/", 1)[1]]["enum"] if "$ref" in code else code["enum"])
    found = codes_in_the_code_base()
    assert {"CONFLICT", "PRECONDITION_FAILED", "METHOD_NOT_ALLOWED", "LAST_OWNER"} <= set(found)
    missing = {code: path for code, path in found.items() if code not in enum}
    assert missing == {}
