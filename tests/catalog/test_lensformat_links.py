"""Links in the shapes real files give them: empty urls, case-variant keys, links on questions.

Issue 13 part 3: nothing a real lens carries is silently lost, and AWS-accepted files import.
"""

from __future__ import annotations

import pytest

from catalog.lensformat import validate
from tests.catalog.lensdocs import c_ptr, choice, errors, lens_doc, q_ptr, question


def _codes(result) -> list[tuple[str, str]]:
    return [(w.code, w.pointer) for w in result.warnings]


# --- "url": "" ------------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(
    ("where", "ptr"),
    [
        (lambda d: question(d, 0, 1)["helpfulResource"], q_ptr(0, 1, "helpfulResource", "url")),
        (lambda d: choice(d, 1, 0, 2)["helpfulResource"], c_ptr(1, 0, 2, "helpfulResource", "url")),
        (lambda d: choice(d, 0, 0, 1)["improvementPlan"], c_ptr(0, 0, 1, "improvementPlan", "url")),
    ],
)
def test_it_reads_an_empty_url_as_no_link_in_both_modes(where, ptr, strict):
    """Issue 13 part 3: `"url": ""` is accepted with a warning, and stored as no link."""
    doc = lens_doc()
    where(doc)["url"] = ""
    result = validate(doc, strict=strict)
    assert _codes(result) == [("EMPTY_URL", ptr)]
    assert "url" not in where(result.document)
    assert "displayText" in where(result.document)


@pytest.mark.parametrize("strict", [False, True])
def test_it_reads_empty_urls_in_additional_resources_as_no_link(strict):
    """Issue 13 part 3: the same for additional resources, whose text stays."""
    doc = lens_doc()
    choice(doc)["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "A book", "url": ""}]},
        {"type": "IMPROVEMENT_PLAN", "content": [{"displayText": "Go", "url": "https://e.com"}]},
    ]
    result = validate(doc, strict=strict)
    ptr = c_ptr(0, 0, 0, "additionalResources", 0, "content", 0, "url")
    assert _codes(result) == [("EMPTY_URL", ptr)]
    assert choice(result.document)["additionalResources"][0]["content"] == [
        {"displayText": "A book"}
    ]
    assert choice(result.document)["additionalResources"][1]["content"][0]["url"] == (
        "https://e.com"
    )


def test_it_still_needs_improvement_text_when_the_url_is_empty():
    doc = lens_doc()
    choice(doc)["improvementPlan"] = {"url": ""}
    assert errors(doc) == {("MISSING_FIELD", c_ptr(0, 0, 0, "improvementPlan", "displayText"))}


# --- keys that differ only in case --------------------------------------------------------------


def test_it_takes_case_variant_keys_with_a_warning_in_lenient_mode():
    """Issue 13 part 3: `Url` and `DisplayText` are read as `url` and `displayText`."""
    doc = lens_doc()
    choice(doc, 0, 1, 0)["helpfulResource"] = {"DisplayText": "Docs", "Url": "https://e.com/a"}
    choice(doc, 1, 1, 1)["ImprovementPlan"] = choice(doc, 1, 1, 1).pop("improvementPlan")
    result = validate(doc)
    base = c_ptr(0, 1, 0, "helpfulResource")
    assert _codes(result) == [
        ("KEY_CASE", f"{base}/DisplayText"),
        ("KEY_CASE", f"{base}/Url"),
        ("KEY_CASE", c_ptr(1, 1, 1, "ImprovementPlan")),
    ]
    assert "read as 'url'" in result.warnings[1].message
    assert choice(result.document, 0, 1, 0)["helpfulResource"] == {
        "displayText": "Docs",
        "url": "https://e.com/a",
    }
    assert result.document == validate(_restored(doc)).document


def _restored(doc: dict) -> dict:
    choice(doc, 0, 1, 0)["helpfulResource"] = {"displayText": "Docs", "url": "https://e.com/a"}
    choice(doc, 1, 1, 1)["improvementPlan"] = choice(doc, 1, 1, 1).pop("ImprovementPlan")
    return doc


def test_it_rejects_case_variant_keys_in_strict_mode():
    doc = lens_doc()
    choice(doc)["helpfulResource"]["URL"] = choice(doc)["helpfulResource"].pop("url")
    assert errors(doc, strict=True) == {("KEY_CASE", c_ptr(0, 0, 0, "helpfulResource", "URL"))}


def test_it_refuses_a_case_variant_that_disagrees_with_the_exact_key():
    doc = lens_doc()
    choice(doc)["helpfulResource"]["Url"] = "https://other.example"
    assert errors(doc) == {("KEY_CASE", c_ptr(0, 0, 0, "helpfulResource", "Url"))}


def test_it_ignores_a_case_variant_that_repeats_the_exact_key_with_a_warning():
    doc = lens_doc()
    choice(doc)["helpfulResource"]["Url"] = choice(doc)["helpfulResource"]["url"]
    result = validate(doc)
    assert _codes(result) == [("KEY_CASE", c_ptr(0, 0, 0, "helpfulResource", "Url"))]
    assert result.document == lens_doc()


def test_it_leaves_case_variants_inside_our_extension_as_errors():
    doc = lens_doc()
    choice(doc)["mllens"] = {"BestPracticeId": "X01-BP01"}
    assert errors(doc) == {("UNKNOWN_KEY", c_ptr(0, 0, 0, "mllens", "BestPracticeId"))}


# --- links on questions ---------------------------------------------------------------------


def test_it_makes_a_question_level_url_the_helpful_resource():
    """Issue 13 part 3: a question-level `url` becomes the question's helpful resource."""
    doc = lens_doc()
    del question(doc, 1, 0)["helpfulResource"]
    question(doc, 1, 0)["url"] = "https://e.com/q"
    result = validate(doc)
    assert _codes(result) == [("QUESTION_LINK", q_ptr(1, 0, "url"))]
    assert question(result.document, 1, 0)["helpfulResource"] == {
        "displayText": "https://e.com/q",
        "url": "https://e.com/q",
    }
    assert list(question(result.document, 1, 0)) == list(question(lens_doc(), 1, 0))
    assert validate(result.document, strict=True).document == result.document


def test_it_gives_a_question_level_url_to_a_helpful_resource_without_one():
    doc = lens_doc()
    question(doc)["helpfulResource"] = {"displayText": "Read the guide"}
    question(doc)["URL"] = "https://e.com/guide"
    result = validate(doc)
    assert [code for code, _ in _codes(result)] == ["KEY_CASE", "QUESTION_LINK"]
    assert question(result.document)["helpfulResource"] == {
        "displayText": "Read the guide",
        "url": "https://e.com/guide",
    }


def test_it_makes_question_level_additional_resources_the_helpful_resource():
    """Issue 13 part 3: question-level `additionalResources` are kept, never dropped."""
    doc = lens_doc()
    del question(doc)["helpfulResource"]
    question(doc)["additionalResources"] = [
        {
            "type": "HELPFUL_RESOURCE",
            "content": [
                {"displayText": "First", "url": "https://e.com/1"},
                {"displayText": "Second", "url": "https://e.com/2"},
            ],
        },
        {
            "type": "IMPROVEMENT_PLAN",
            "content": [{"displayText": "Third", "url": "https://e.com/3"}],
        },
    ]
    result = validate(doc)
    ptr = q_ptr(0, 0, "additionalResources")
    assert _codes(result) == [("ADDITIONAL_RESOURCE_TYPE", ptr)] + [("QUESTION_LINK", ptr)] * 3
    kept = question(result.document)
    assert kept["helpfulResource"] == {"displayText": "First", "url": "https://e.com/1"}
    assert kept["description"] == (
        "Context for p1q1.\n\nSecond: https://e.com/2\n\nThird: https://e.com/3"
    )
    assert "additionalResources" not in kept
    assert validate(result.document, strict=True).document == result.document


def test_it_rejects_question_level_links_in_strict_mode():
    doc = lens_doc()
    question(doc)["url"] = "https://e.com/q"
    question(doc, 1, 1)["additionalResources"] = []
    assert errors(doc, strict=True) == {
        ("UNKNOWN_KEY", q_ptr(0, 0, "url")),
        ("ADDITIONAL_RESOURCE_TYPE", q_ptr(1, 1, "additionalResources")),
    }


def test_it_refuses_extra_question_links_that_overflow_the_description():
    doc = lens_doc()
    question(doc)["description"] = "d" * 2040
    question(doc)["url"] = "https://e.com/too-long"
    assert errors(doc) == {("LENGTH", q_ptr(0, 0, "description"))}


def test_it_keeps_question_level_resources_without_a_url_as_text():
    """Issue 13 part 3: a question-level resource with text only is not dropped either."""
    doc = lens_doc()
    question(doc)["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "The ops handbook, chapter 3"}]}
    ]
    result = validate(doc)
    assert ("QUESTION_LINK", q_ptr(0, 0, "additionalResources")) in _codes(result)
    assert question(result.document)["description"] == (
        "Context for p1q1.\n\nThe ops handbook, chapter 3"
    )
    assert question(result.document)["helpfulResource"] == question(lens_doc())["helpfulResource"]
