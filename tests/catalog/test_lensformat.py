"""The lens-format package's public API: results, errors, canonical form and export."""

from __future__ import annotations

import copy
import json

import pytest

from catalog.lensformat import (
    MAX_BYTES,
    LensFormatError,
    Problem,
    ValidatedLens,
    export_document,
    load,
    parse_json,
    validate,
)
from tests.catalog.lensdocs import c_ptr, choice, errors, lens_doc, question, rejection


def test_it_accepts_the_minimal_lens_unchanged_in_both_modes():
    for strict in (False, True):
        result = validate(lens_doc(), strict=strict)
        assert isinstance(result, ValidatedLens)
        assert result.document == lens_doc()
        assert result.warnings == []


def test_it_does_not_modify_the_submitted_document():
    doc = lens_doc(_note="internal")
    question(doc)["riskRules"].pop()
    before = copy.deepcopy(doc)
    validate(doc)
    assert doc == before


def test_it_loads_bytes_and_text():
    raw = json.dumps(lens_doc())
    assert load(raw).document == lens_doc()
    assert load(raw.encode(), strict=True).document == lens_doc()
    assert MAX_BYTES == 500_000


def test_it_reports_every_error_not_just_the_first():
    doc = lens_doc()
    choice(doc, 0, 0, 0)["title"] = "bad\x00"
    choice(doc, 1, 1, 2)["title"] = None
    question(doc, 1, 0)["riskRules"][0]["risk"] = "LOW_RISK"
    assert errors(doc) == {
        ("CHARSET", c_ptr(0, 0, 0, "title")),
        ("TYPE", c_ptr(1, 1, 2, "title")),
        ("RISK_VALUE", "/pillars/1/questions/0/riskRules/0/risk"),
    }


def test_it_summarises_the_rejection_in_code_and_message():
    doc = lens_doc(name=42)
    del doc["pillars"][0]["name"]
    exc = rejection(doc)
    assert exc.code == "TYPE"
    assert exc.message.startswith("TYPE at /name: lens name must be a string, not a number")
    assert exc.message.endswith("(and 1 more)")
    assert str(exc) == exc.message
    assert [p.code for p in exc.problems] == ["TYPE", "MISSING_FIELD"]


def test_it_caps_problems_at_two_hundred_with_a_final_limit_note():
    doc = lens_doc()
    question(doc)["choices"] = [{"id": 1, "title": 2} for _ in range(300)]
    exc = rejection(doc)
    assert len(exc.problems) == 200
    last = exc.problems[-1]
    assert last.code == "LIMIT"
    assert last.severity == "error"
    # The choice count, three per choice (id, title, improvementPlan), five unknown rule choices.
    total = 1 + 300 * 3 + 5
    assert last.message == f"{total - 199} more errors omitted"


def test_it_gives_problems_as_dicts_with_optional_line_and_column():
    problem = Problem("TYPE", "/name", "bad", "error")
    assert problem.as_dict() == {
        "code": "TYPE",
        "pointer": "/name",
        "message": "bad",
        "severity": "error",
        "line": None,
        "column": None,
    }
    with pytest.raises(LensFormatError) as caught:
        parse_json('{"a": 1,\n  "b": }')
    assert caught.value.problems[0].as_dict()["line"] == 2


def test_it_carries_warnings_on_the_rejection_too():
    doc = lens_doc(_teams=["someone"], name="")
    exc = rejection(doc)
    assert [(w.code, w.pointer) for w in exc.warnings] == [("UNKNOWN_KEY", "/_teams")]


def test_it_escapes_pointer_tokens_as_rfc6901_says():
    doc = lens_doc(**{"a/b~c": 1})
    assert errors(doc, strict=True) == {("UNKNOWN_KEY", "/a~1b~0c")}


def test_it_orders_canonical_keys_as_the_spec_does():
    doc = lens_doc()
    shuffled = dict(reversed(list(doc.items())))
    shuffled["mllens"] = {"edition": "2025"}
    q = question(shuffled)
    shuffled["pillars"][0]["questions"][0] = dict(reversed(list(q.items())))
    q["choices"][0] = dict(reversed(list(q["choices"][0].items())))
    canonical = validate(shuffled).document
    assert list(canonical) == ["schemaVersion", "name", "description", "mllens", "pillars"]
    assert list(question(canonical)) == list(question(lens_doc()))
    assert list(choice(canonical)) == list(choice(lens_doc()))


def test_it_round_trips_the_full_export_to_the_identical_canonical_document():
    doc = lens_doc(mllens={"edition": "2025", "phases": [{"id": "train", "name": "Train"}]})
    doc["pillars"][0]["description"] = "Kept for display."
    choice(doc)["description"] = "More words."
    choice(doc)["mllens"] = {"bestPracticeId": "MLOPS01-BP01", "aliases": ["MLOE-01"]}
    question(doc)["mllens"] = {"phase": "train", "foundational": ["p1q1_c1"]}
    canonical = validate(doc).document
    exported = export_document(canonical, format="full").document
    assert exported["pillars"][0]["mllens"] == {"description": "Kept for display."}
    assert list(exported["pillars"][0]) == ["id", "name", "mllens", "questions"]
    assert {**exported, "pillars": exported["pillars"][1:]} == {
        **canonical,
        "pillars": canonical["pillars"][1:],
    }
    for strict in (False, True):
        again = validate(json.loads(json.dumps(exported)), strict=strict)
        assert again.document == canonical
        assert again.warnings == []


def test_it_exports_aws_format_without_our_extensions():
    doc = lens_doc(mllens={"edition": "2025"})
    doc["pillars"][0]["description"] = "Kept for display."
    choice(doc)["description"] = "More words."
    choice(doc)["mllens"] = {"bestPracticeId": "MLOPS01-BP01"}
    choice(doc)["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "x", "url": "https://a.example"}]}
    ]
    exported = export_document(validate(doc).document, format="aws").document
    text = json.dumps(exported)
    assert "mllens" not in text
    assert "Kept for display" not in text
    result = validate(exported, strict=True)
    assert result.warnings == []
    assert choice(result.document)["description"] == "More words."
    assert choice(result.document)["additionalResources"] == choice(doc)["additionalResources"]
    assert result.document["description"] == doc["description"]


def test_it_refuses_unknown_export_formats():
    with pytest.raises(ValueError, match="unknown export format"):
        export_document(lens_doc(), format="yaml")
