"""Document structure: required fields, ids, counts, resources, schema version, unknown keys."""

from __future__ import annotations

import json

import pytest

from catalog.lensformat import validate
from tests.catalog.lensdocs import (
    c_ptr,
    choice,
    errors,
    lens_doc,
    notes,
    q_ptr,
    question,
    rejection,
)

BOTH = pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])


# --- MISSING_FIELD --------------------------------------------------------------------------


def _without(doc: dict, parent: dict, key: str) -> dict:
    del parent[key]
    return doc


@BOTH
@pytest.mark.parametrize(
    ("where", "key", "ptr"),
    [
        (lambda d: d, "name", "/name"),
        (lambda d: d, "pillars", "/pillars"),
        (lambda d: d["pillars"][1], "id", "/pillars/1/id"),
        (lambda d: d["pillars"][1], "name", "/pillars/1/name"),
        (lambda d: d["pillars"][1], "questions", "/pillars/1/questions"),
        (lambda d: question(d, 0, 1), "id", q_ptr(0, 1, "id")),
        (lambda d: question(d, 0, 1), "title", q_ptr(0, 1, "title")),
        (lambda d: question(d, 0, 1), "choices", q_ptr(0, 1, "choices")),
        (lambda d: question(d, 0, 1), "riskRules", q_ptr(0, 1, "riskRules")),
        (lambda d: choice(d, 1, 1, 2), "title", c_ptr(1, 1, 2, "title")),
        (lambda d: choice(d, 1, 1, 3), "id", c_ptr(1, 1, 3, "id")),
        (lambda d: choice(d, 1, 1, 0), "improvementPlan", c_ptr(1, 1, 0, "improvementPlan")),
        (
            lambda d: choice(d, 1, 1, 0)["improvementPlan"],
            "displayText",
            c_ptr(1, 1, 0, "improvementPlan", "displayText"),
        ),
        (lambda d: question(d)["riskRules"][2], "risk", q_ptr(0, 0, "riskRules", 2, "risk")),
        (
            lambda d: question(d)["riskRules"][0],
            "condition",
            q_ptr(0, 0, "riskRules", 0, "condition"),
        ),
    ],
)
def test_it_reports_missing_required_fields_where_they_belong(where, key, ptr, strict):
    doc = lens_doc()
    assert ("MISSING_FIELD", ptr) in errors(_without(doc, where(doc), key), strict=strict)


def test_it_reports_no_missing_field_for_the_optional_ones():
    doc = lens_doc()
    for key in ("description",):
        del doc[key]
        del question(doc)[key]
    del question(doc)["helpfulResource"]
    del choice(doc)["helpfulResource"]
    assert validate(doc, strict=True).warnings == []


def test_it_requires_improvement_text_on_every_choice_except_the_none_choice():
    doc = lens_doc()
    choice(doc, 0, 0, 1)["improvementPlan"]["displayText"] = "   "
    choice(doc, 0, 1, 3)["improvementPlan"] = {"url": "https://example.com/no"}
    assert errors(doc) == {
        ("MISSING_FIELD", c_ptr(0, 0, 1, "improvementPlan", "displayText")),
        ("DISPLAYTEXT_REQUIRED", c_ptr(0, 1, 3, "improvementPlan", "displayText")),
    }
    assert "improvementPlan" not in choice(lens_doc(), 0, 0, 3)
    assert choice(lens_doc(), 0, 0, 3)["id"].endswith("_no")


# --- DISPLAYTEXT_REQUIRED -------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize(
    "ptr",
    [
        q_ptr(0, 0, "helpfulResource"),
        c_ptr(0, 1, 2, "helpfulResource"),
        c_ptr(1, 0, 0, "improvementPlan"),
        c_ptr(1, 0, 3, "improvementPlan"),
    ],
)
@pytest.mark.parametrize("text", [None, "", "  "])
def test_it_requires_display_text_next_to_a_url(ptr, text, strict):
    doc = lens_doc()
    resource = {"url": "https://example.com/r"} | ({} if text is None else {"displayText": text})
    p, q = int(ptr.split("/")[2]), int(ptr.split("/")[4])
    target = question(doc, p, q)
    if "/choices/" in ptr:
        target = target["choices"][int(ptr.split("/")[6])]
    target[ptr.rsplit("/", 1)[1]] = resource
    assert errors(doc, strict=strict) == {("DISPLAYTEXT_REQUIRED", ptr + "/displayText")}


def test_it_accepts_resources_with_text_and_no_url_or_nothing_at_all():
    doc = lens_doc()
    question(doc)["helpfulResource"] = {"displayText": "Just words."}
    choice(doc)["helpfulResource"] = {}
    assert validate(doc, strict=True).document == doc


# --- DUPLICATE_ID ---------------------------------------------------------------------------


@BOTH
def test_it_rejects_duplicate_pillar_ids(strict):
    doc = lens_doc()
    doc["pillars"][1]["id"] = "pillar1"
    assert errors(doc, strict=strict) == {("DUPLICATE_ID", "/pillars/1/id")}


@BOTH
def test_it_rejects_question_ids_repeated_anywhere_in_the_lens(strict):
    doc = lens_doc()
    question(doc, 1, 1)["id"] = "p1q1"
    assert errors(doc, strict=strict) == {("DUPLICATE_ID", q_ptr(1, 1, "id"))}


@BOTH
def test_it_rejects_duplicate_choice_ids_within_a_question(strict):
    doc = lens_doc()
    choice(doc, 0, 0, 2)["id"] = "p1q1_c1"
    assert errors(doc, strict=strict) == {
        ("DUPLICATE_ID", c_ptr(0, 0, 2, "id")),
        ("RISK_RULE_UNKNOWN_CHOICE", q_ptr(0, 0, "riskRules", 0, "condition")),
    }


def test_it_allows_the_same_choice_id_in_different_questions():
    doc = lens_doc()
    for q in (question(doc, 0, 0), question(doc, 1, 1)):
        q["choices"][0]["id"] = "shared_choice"
        q["riskRules"] = [{"condition": "shared_choice", "risk": "NO_RISK"}, q["riskRules"][2]]
    validate(doc, strict=True)


@BOTH
@pytest.mark.parametrize(
    ("path", "value", "ptr"),
    [
        (("pillars", 1, "id"), "PILLAR1", "/pillars/1/id"),
        (("pillars", 1, "questions", 0, "id"), "P1Q2", q_ptr(1, 0, "id")),
        (("pillars", 0, "questions", 0, "choices", 1, "id"), "P1Q1_C1", c_ptr(0, 0, 1, "id")),
    ],
)
def test_it_rejects_ids_that_collide_after_case_folding(path, value, ptr, strict):
    doc = lens_doc()
    node = doc
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = value
    exc = rejection(doc, strict=strict)
    duplicate = next(p for p in exc.problems if p.code == "DUPLICATE_ID")
    assert duplicate.pointer == ptr
    assert "differs only in letter case" in duplicate.message


# --- LIMIT ----------------------------------------------------------------------------------


def _many(items: list, count: int, renumber) -> list:
    return [renumber(json.loads(json.dumps(items[0])), i) for i in range(count)]


def _pillar_n(pillar: dict, i: int) -> dict:
    pillar["id"] = f"pillar_{i}"
    for q in pillar["questions"]:
        q["id"] = f"{q['id']}_{i}"
    return pillar


def _question_n(q: dict, i: int) -> dict:
    q["id"] = f"extra_{i}"
    return q


@BOTH
def test_it_allows_10_pillars_and_20_questions_and_rejects_more(strict):
    doc = lens_doc()
    doc["pillars"] = _many(doc["pillars"], 10, _pillar_n)
    doc["pillars"][0]["questions"] = _many(doc["pillars"][0]["questions"], 20, _question_n)
    validate(doc, strict=strict)
    doc["pillars"][0]["questions"].append(_question_n(json.loads(json.dumps(question(doc))), 99))
    doc["pillars"].append(_pillar_n(json.loads(json.dumps(doc["pillars"][1])), 99))
    assert errors(doc, strict=strict) == {
        ("LIMIT", "/pillars"),
        ("LIMIT", "/pillars/0/questions"),
    }


@BOTH
def test_it_allows_15_choices_and_rejects_more(strict):
    doc = lens_doc(n_choices=14)
    validate(doc, strict=strict)
    doc = lens_doc(n_choices=15)
    assert errors(doc, strict=strict) == {
        (("LIMIT", q_ptr(p, q, "choices"))) for p in (0, 1) for q in (0, 1)
    }


@BOTH
@pytest.mark.parametrize(
    ("ptr", "empty"),
    [("/pillars", ("pillars",)), ("/pillars/1/questions", ("pillars", 1, "questions"))],
)
def test_it_requires_at_least_one_pillar_and_one_question_per_pillar(ptr, empty, strict):
    doc = lens_doc()
    node = doc
    for token in empty[:-1]:
        node = node[token]
    node[empty[-1]] = []
    assert errors(doc, strict=strict) == {("LIMIT", ptr)}


@BOTH
def test_it_requires_at_least_one_choice(strict):
    doc = lens_doc()
    question(doc)["choices"] = []
    question(doc)["riskRules"] = [{"condition": "default", "risk": "NO_RISK"}]
    assert errors(doc, strict=strict) == {("LIMIT", q_ptr(0, 0, "choices"))}


@BOTH
def test_it_allows_three_risk_rules_and_rejects_four(strict):
    doc = lens_doc()
    question(doc)["riskRules"].insert(0, {"condition": "p1q1_c3", "risk": "NO_RISK"})
    assert ("LIMIT", q_ptr(0, 0, "riskRules")) in errors(doc, strict=strict)


# --- SCHEMA_VERSION -------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("version", [..., "2021-11-02", "2021-11-01 ", 20211101, None, ""])
def test_it_requires_schema_version_2021_11_01(version, strict):
    doc = lens_doc(schemaVersion=version)
    assert errors(doc, strict=strict) == {("SCHEMA_VERSION", "/schemaVersion")}


# --- UNKNOWN_KEY ----------------------------------------------------------------------------

UNKNOWN = [
    ("/_version", lambda d: d),
    ("/ready", lambda d: d),
    ("/pillars/1/weight", lambda d: d["pillars"][1]),
    (q_ptr(0, 1, "url"), lambda d: question(d, 0, 1)),
    (c_ptr(1, 0, 2, "notes"), lambda d: choice(d, 1, 0, 2)),
    (c_ptr(1, 0, 2, "helpfulResource", "alt"), lambda d: choice(d, 1, 0, 2)["helpfulResource"]),
    (q_ptr(1, 1, "riskRules", 1, "comment"), lambda d: question(d, 1, 1)["riskRules"][1]),
]


@pytest.mark.parametrize(("ptr", "where"), UNKNOWN)
def test_it_warns_about_and_drops_unknown_keys_in_lenient_mode(ptr, where):
    doc = lens_doc()
    where(doc)[ptr.rsplit("/", 1)[1]] = {"secret": "alice@example.com"}
    result = validate(doc)
    assert [(w.code, w.pointer, w.severity) for w in result.warnings] == [
        ("UNKNOWN_KEY", ptr, "warning")
    ]
    assert result.document == lens_doc()
    assert "alice" not in result.warnings[0].message


@pytest.mark.parametrize(("ptr", "where"), UNKNOWN)
def test_it_rejects_unknown_keys_in_strict_mode(ptr, where):
    doc = lens_doc()
    where(doc)[ptr.rsplit("/", 1)[1]] = "alice@example.com"
    exc = rejection(doc, strict=True)
    assert [(p.code, p.pointer) for p in exc.problems] == [("UNKNOWN_KEY", ptr)]
    assert "alice" not in exc.message


# --- additionalResources --------------------------------------------------------------------


def _items(count: int, prefix: str = "r") -> list[dict]:
    return [
        {"displayText": f"{prefix}{i}", "url": f"https://example.com/{prefix}{i}"}
        for i in range(count)
    ]


@BOTH
def test_it_accepts_additional_resources_of_both_types_up_to_five_each(strict):
    doc = lens_doc()
    choice(doc)["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": _items(5)},
        {"type": "IMPROVEMENT_PLAN", "content": [*_items(4), {"displayText": "Text only."}]},
    ]
    assert validate(doc, strict=strict).document == doc


@BOTH
def test_it_rejects_more_than_five_items_of_a_type(strict):
    doc = lens_doc()
    choice(doc)["additionalResources"] = [{"type": "IMPROVEMENT_PLAN", "content": _items(6)}]
    ptr = c_ptr(0, 0, 0, "additionalResources", 0, "content")
    assert errors(doc, strict=strict) == {("LIMIT", ptr)}


@BOTH
@pytest.mark.parametrize("kind", ["helpful_resource", "LINK", "", "IMPROVEMENT_PLANS"])
def test_it_rejects_unknown_additional_resource_types(kind, strict):
    doc = lens_doc()
    choice(doc)["additionalResources"] = [{"type": kind, "content": _items(1)}]
    ptr = c_ptr(0, 0, 0, "additionalResources", 0, "type")
    assert errors(doc, strict=strict) == {("ADDITIONAL_RESOURCE_TYPE", ptr)}


@BOTH
def test_it_checks_additional_resource_entries_and_items(strict):
    doc = lens_doc()
    choice(doc)["additionalResources"] = [
        {"content": _items(1)},
        {"type": "HELPFUL_RESOURCE"},
        {"type": "IMPROVEMENT_PLAN", "content": [{"url": "https://example.com"}, "x"]},
        "entry",
    ]
    ptr = c_ptr(0, 0, 0, "additionalResources")
    assert errors(doc, strict=strict) == {
        ("MISSING_FIELD", f"{ptr}/0/type"),
        ("MISSING_FIELD", f"{ptr}/1/content"),
        ("DISPLAYTEXT_REQUIRED", f"{ptr}/2/content/0/displayText"),
        ("TYPE", f"{ptr}/2/content/1"),
        ("TYPE", f"{ptr}/3"),
    }


def test_it_merges_repeated_additional_resource_types_in_lenient_mode():
    doc = lens_doc()
    choice(doc)["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": _items(2, "a")},
        {"type": "IMPROVEMENT_PLAN", "content": _items(1, "b")},
        {"type": "HELPFUL_RESOURCE", "content": _items(3, "c")},
    ]
    result = validate(doc)
    ptr = c_ptr(0, 0, 0, "additionalResources", 2, "type")
    assert [(w.code, w.pointer) for w in result.warnings] == [("ADDITIONAL_RESOURCE_TYPE", ptr)]
    assert choice(result.document)["additionalResources"] == [
        {"type": "HELPFUL_RESOURCE", "content": _items(2, "a") + _items(3, "c")},
        {"type": "IMPROVEMENT_PLAN", "content": _items(1, "b")},
    ]
    assert errors(doc, strict=True) == {("ADDITIONAL_RESOURCE_TYPE", ptr)}


def test_it_rejects_a_merge_that_exceeds_five_items():
    doc = lens_doc()
    choice(doc)["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": _items(3, "a")},
        {"type": "HELPFUL_RESOURCE", "content": _items(3, "b")},
    ]
    assert errors(doc) == {("LIMIT", c_ptr(0, 0, 0, "additionalResources", 1, "content"))}


def test_it_checks_additional_resource_urls_and_text_lengths():
    doc = lens_doc()
    choice(doc)["additionalResources"] = [
        {
            "type": "HELPFUL_RESOURCE",
            "content": [
                {"displayText": "x", "url": "javascript:alert(1)"},
                {"displayText": "y" * 2049},
                {"displayText": "z" * 1025},
            ],
        }
    ]
    ptr = c_ptr(0, 0, 0, "additionalResources", 0, "content")
    exc = rejection(doc)
    assert {(p.code, p.pointer) for p in exc.problems} == {
        ("URL_SCHEME", f"{ptr}/0/url"),
        ("LENGTH", f"{ptr}/1/displayText"),
    }
    assert [(w.code, w.pointer) for w in exc.warnings] == [("LENGTH", f"{ptr}/2/displayText")]


def test_it_notes_nothing_else_for_a_clean_lens():
    assert notes(lens_doc(), strict=True) == set()
