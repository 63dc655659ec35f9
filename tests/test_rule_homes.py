"""Each rule of the review domain is written in one module and imported everywhere else.

Issue 14: the improvement-plan rule, the risk-rule glue, the risk-format table, the
framework's pillars, the notes limit, JSON-Pointer escaping and the none-choice rule had each
been written out in two to six places, and copies drift. This reads the production modules
(not tests, not migrations) as syntax trees and finds each rule by what writing it out takes.
A second copy makes the test name both places.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fixtures.worker import ROOT

PACKAGES = ("reviews", "catalog", "mllens")


def _modules() -> dict[str, ast.Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found[path.relative_to(ROOT).as_posix()] = ast.parse(path.read_text(), str(path))
    return found


MODULES = _modules()


def _constant(value) -> Callable[[ast.AST], bool]:
    return lambda node: (
        isinstance(node, ast.Constant) and type(node.value) is type(value) and node.value == value
    )


def _dict_with_key(key: str) -> Callable[[ast.AST], bool]:
    return lambda node: (
        isinstance(node, ast.Dict)
        and any(isinstance(k, ast.Constant) and k.value == key for k in node.keys)
    )


def _calls(*names: str) -> Callable[[ast.AST], bool]:
    def test(node: ast.AST) -> bool:
        if not isinstance(node, ast.Call):
            return False
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        return name in names

    return test


def _names_is_none(node: ast.AST) -> bool:
    return (
        (isinstance(node, ast.Attribute) and node.attr == "is_none")
        or (isinstance(node, ast.Name) and node.id == "is_none")
        or (isinstance(node, ast.Constant) and node.value == "is_none")
    )


SELECTION = {"selected_choices", "choice_statuses", "selected", "not_applicable"}


def _names_selection(node: ast.AST) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id in SELECTION)
        or (isinstance(n, ast.Attribute) and n.attr in SELECTION)
        or (isinstance(n, ast.Constant) and n.value in SELECTION)
        for n in ast.walk(node)
    )


def _choice_rule(node: ast.AST) -> bool:
    """One expression that judges choices against the selection while looking at "None of
    these": which choices are open (the plan), whether "None of these" is chosen."""
    if not isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.BoolOp | ast.If):
        return False
    inner = list(ast.walk(node.test if isinstance(node, ast.If) else node))
    tests_selection = any(
        isinstance(n, ast.Compare)
        and any(isinstance(op, ast.In | ast.NotIn) for op in n.ops)
        and any(_names_selection(c) for c in n.comparators)
        for n in inner
    )
    return tests_selection and any(_names_is_none(n) for n in inner)


def _members(owner: str, *names: str) -> Callable[[ast.AST], bool]:
    """A tuple, list or set that spells out ``owner.<name>`` for each of ``names``."""

    def test(node: ast.AST) -> bool:
        if not isinstance(node, ast.Tuple | ast.List | ast.Set):
            return False
        spelled = {
            n.attr
            for n in node.elts
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            if n.value.id == owner
        }
        return set(names) <= spelled

    return test


# rule -> (how writing it out looks, the one module allowed to, the packages searched)
RULES: dict[str, tuple[Callable[[ast.AST], bool], str, tuple[str, ...]]] = {
    "plan membership and the none choice": (_choice_rule, "reviews/risk.py", PACKAGES),
    "compiling stored risk rules": (
        _calls("compile_levels", "compile_rules"),
        "catalog/question_tree.py",
        ("reviews", "catalog", "mllens"),
    ),
    "the lens format's risk values": (
        _dict_with_key("HIGH_RISK"),
        "catalog/riskrules.py",
        PACKAGES,
    ),
    "the framework's pillar ids": (
        _constant("operationalExcellence"),
        "catalog/lensformat/lens.py",
        PACKAGES,
    ),
    "the notes limit": (_constant(10_000), "reviews/limits.py", ("reviews", "mllens")),
    "JSON-Pointer escaping": (_constant("~1"), "mllens/errors.py", PACKAGES),
    "the none-choice id suffix": (_constant("_no"), "catalog/lensformat/nonechoice.py", PACKAGES),
    "the risk table order": (
        _members("Risk", "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED"),
        "reviews/risk.py",
        PACKAGES,
    ),
    "the closed item statuses": (
        _members("ItemStatus", "DONE", "RISK_ACCEPTED"),
        "reviews/choices.py",
        PACKAGES,
    ),
}


def _places(matches: Callable[[ast.AST], bool], packages: tuple[str, ...]) -> Iterator[str]:
    for name, tree in MODULES.items():
        if not name.startswith(tuple(f"{p}/" for p in packages)):
            continue
        for node in ast.walk(tree):
            if matches(node):
                yield f"{name}:{node.lineno}"


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_is_written_in_one_module(rule):
    matches, home, packages = RULES[rule]
    places = list(_places(matches, packages))
    assert places, f"{rule}: not found in {home} any more (did its home move?)"
    modules = {place.split(":")[0] for place in places}
    assert modules == {home}, f"{rule} is written out again: {places}"


def test_the_check_finds_a_second_copy(tmp_path: Path):
    # The same rule written again elsewhere must be caught, or the test above proves nothing.
    copy = ast.parse(
        "def plan(choices, answer):\n"
        "    return [c.key for c in choices\n"
        "            if not c.is_none and c.key not in answer.selected_choices]\n"
        "ESCAPED = token.replace('/', '~1')\n"
        "LIMIT = 10_000\n"
        "ORDER = [Risk.HIGH, Risk.MEDIUM, Risk.NONE, Risk.NOT_APPLICABLE, Risk.UNANSWERED]\n"
        "items.exclude(status__in=(ItemStatus.DONE, ItemStatus.RISK_ACCEPTED))\n"
    )
    nodes = list(ast.walk(copy))
    for rule in (
        "plan membership and the none choice",
        "JSON-Pointer escaping",
        "the notes limit",
        "the risk table order",
        "the closed item statuses",
    ):
        assert any(RULES[rule][0](node) for node in nodes), rule


def test_the_error_handler_knows_no_app():
    tree = MODULES["mllens/api/errors.py"]
    imported = {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & {"catalog", "reviews"}, imported


def test_views_call_selectors_and_services_never_other_views():
    # Page views and API views share code through selectors and services; the API's own
    # base classes (views/common.py) are the one import between view modules.
    views = [
        name for name in MODULES if name.endswith(("views.py", "_views.py")) or "/views/" in name
    ]
    offenders = []
    for name in views:
        for node in ast.walk(MODULES[name]):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if parts[0] not in PACKAGES or node.module.endswith(".views.common"):
                    continue
                if any(part == "views" or part.endswith("_views") for part in parts):
                    offenders.append(f"{name} imports {node.module}")
    assert not offenders, offenders


def test_api_views_leave_the_case_of_values_to_serializers():
    # Enum values are SCREAMING_SNAKE in the API, lower case in some domain data (a
    # comparison's directions): a serializer field says so (UpperChoiceField, and the
    # first v1 shape's lower case with it); a view never re-cases an answer after the fact.
    api_views = [name for name in MODULES if "/api/views" in name]
    offenders = [
        f"{name}:{node.lineno}"
        for name in api_views
        for node in ast.walk(MODULES[name])
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "upper"
    ]
    assert len(api_views) >= 8
    assert not offenders, offenders


def test_the_api_version_is_decided_in_one_layer():
    # `API-Version: 2026-11-01` (the first v1 shape) is read once (mllens.api.versions:
    # request.version, VersionedSerializer/VersionedField, the deprecation headers); lists
    # keep their bare arrays in the pagination. Views and serializers do not ask themselves.
    callers = sorted(
        name
        for name, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
        and (node.id if isinstance(node, ast.Name) else node.attr) == "legacy_shape"
    )
    assert set(callers) == {"mllens/api/versions.py", "mllens/api/pagination.py"}, callers


def _domain_layers() -> list[str]:
    return [
        name
        for name in MODULES
        if name.split("/")[1].split(".")[0] in ("services", "selectors")
        and name.split("/")[0] in ("reviews", "catalog")
    ]


def test_services_and_selectors_never_import_the_api_layer():
    # The API translates HTTP; services and selectors hold the rules and raise domain errors
    # (mllens.errors: the If-Match version check too), so no import points from them into
    # mllens.api, not even one inside a function.
    layers = _domain_layers()
    offenders = [
        f"{name} imports {module}"
        for name in layers
        for node in ast.walk(MODULES[name])
        for module in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else []
        )
        if module == "mllens.api" or module.startswith("mllens.api.")
    ]
    assert len(layers) >= 15, layers
    assert not offenders, offenders
