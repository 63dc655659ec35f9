"""Single values: TYPE, CHARSET, LENGTH and URL_SCHEME (spec table 2.6)."""

from __future__ import annotations

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


def _set(doc: dict, ptr: str, value) -> dict:
    """Set the member at JSON Pointer ``ptr`` (no escapes needed in tests) and return ``doc``."""
    *path, last = ptr.strip("/").split("/")
    node = doc
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[token]
    node[int(last) if isinstance(node, list) else last] = value
    return doc


# --- TYPE -----------------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("value", [None, 5, 2.5, float("nan"), True, ["x"], {"x": 1}])
@pytest.mark.parametrize(
    "ptr",
    ["/name", "/description", q_ptr(0, 1, "title"), c_ptr(1, 0, 2, "title"), c_ptr(0, 0, 0, "id")],
)
def test_it_reports_type_when_a_string_field_holds_something_else(ptr, value, strict):
    assert ("TYPE", ptr) in errors(_set(lens_doc(), ptr, value), strict=strict)


def test_it_names_null_and_nan_in_type_messages():
    for value, name in ((None, "null"), (float("nan"), "NaN")):
        message = rejection(_set(lens_doc(), "/name", value)).problems[0].message
        assert message == f"lens name must be a string, not {name}"


@pytest.mark.parametrize(
    ("ptr", "value"),
    [
        ("/pillars", {"id": "x"}),
        ("/pillars/0", "pillar"),
        ("/pillars/0/questions", None),
        (q_ptr(0, 0), []),
        (q_ptr(0, 0, "choices"), "abc"),
        (q_ptr(0, 0, "riskRules"), {}),
        (q_ptr(0, 0, "riskRules", 0), "default"),
        (q_ptr(0, 0, "helpfulResource"), "https://example.com"),
        (c_ptr(0, 0, 1), 7),
        (c_ptr(0, 0, 1, "improvementPlan"), "Do it."),
    ],
)
def test_it_reports_type_when_arrays_and_objects_have_the_wrong_shape(ptr, value):
    assert ("TYPE", ptr) in errors(_set(lens_doc(), ptr, value))


@pytest.mark.parametrize("document", [None, [], "lens", 3])
def test_it_reports_type_for_a_document_that_is_not_an_object(document):
    assert errors(document) == {("TYPE", "")}


# --- CHARSET --------------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b", "\x0b", "\x1f", chr(0xD800), chr(0xDFFF)])
@pytest.mark.parametrize(
    "ptr",
    ["/name", q_ptr(1, 1, "description"), c_ptr(0, 1, 0, "improvementPlan", "displayText")],
)
def test_it_rejects_control_characters_and_lone_surrogates(ptr, bad, strict):
    assert errors(_set(lens_doc(), ptr, f"ok{bad}ok"), strict=strict) == {("CHARSET", ptr)}


def test_it_allows_tab_newline_carriage_return_and_any_unicode_letter():
    text = "Line one\r\nLine two\tindented \u00e9\u4e2d\U0001f600 \u200b"
    doc = _set(lens_doc(), q_ptr(0, 0, "description"), text)
    assert question(validate(doc).document)["description"] == text


@BOTH
@pytest.mark.parametrize("bad_id", ["a b", "abc-def", "ab.c", "caf\u00e9", "abc\n", "\uff41bc"])
@pytest.mark.parametrize("ptr", ["/pillars/0/id", q_ptr(0, 0, "id")])
def test_it_limits_ids_to_ascii_letters_digits_and_underscore(ptr, bad_id, strict):
    assert ("CHARSET", ptr) in errors(_set(lens_doc(), ptr, bad_id), strict=strict)


def test_it_checks_choice_id_charset_without_echoing_it_whole():
    doc = lens_doc()
    choice(doc)["id"] = "x y" * 1000
    problem = rejection(doc).problems[0]
    assert (problem.code, problem.pointer) == ("CHARSET", c_ptr(0, 0, 0, "id"))
    assert len(problem.message) < 120


# --- LENGTH ---------------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize(
    ("ptr", "ok", "too_long"),
    [
        ("/name", 128, 129),
        ("/pillars/1/name", 128, 129),
        ("/description", 2048, 2049),
        (q_ptr(0, 0, "description"), 2048, 2049),
        (c_ptr(0, 0, 0, "helpfulResource", "displayText"), 2048, 2049),
        (c_ptr(0, 0, 0, "improvementPlan", "displayText"), 2048, 2049),
        (q_ptr(0, 1, "helpfulResource", "displayText"), 2048, 2049),
        (q_ptr(0, 0, "title"), 512, 513),
        (c_ptr(0, 0, 0, "title"), 512, 513),
    ],
)
def test_it_rejects_text_over_its_limit_in_both_modes(ptr, ok, too_long, strict):
    validate(_set(lens_doc(), ptr, "x" * ok))
    assert errors(_set(lens_doc(), ptr, "x" * too_long), strict=strict) == {("LENGTH", ptr)}


@pytest.mark.parametrize("ptr", [q_ptr(1, 0, "title"), c_ptr(1, 0, 1, "title")])
def test_it_rejects_titles_over_128_in_strict_and_warns_in_lenient(ptr):
    doc = _set(lens_doc(), ptr, "t" * 129)
    assert errors(doc, strict=True) == {("LENGTH", ptr)}
    assert notes(doc) == {("LENGTH", ptr, "warning")}
    assert validate(doc).document == doc
    validate(_set(lens_doc(), ptr, "t" * 128), strict=True)


@BOTH
@pytest.mark.parametrize(
    "ptr",
    [
        "/description",
        q_ptr(0, 0, "description"),
        c_ptr(0, 0, 0, "helpfulResource", "displayText"),
        c_ptr(0, 0, 0, "improvementPlan", "displayText"),
    ],
)
def test_it_warns_about_text_over_the_api_limit_of_1024(ptr, strict):
    assert notes(_set(lens_doc(), ptr, "x" * 1024), strict=strict) == set()
    assert notes(_set(lens_doc(), ptr, "x" * 1025), strict=strict) == {("LENGTH", ptr, "warning")}


@BOTH
@pytest.mark.parametrize("value", ["", "   ", "\n\t"])
@pytest.mark.parametrize(
    "ptr", ["/name", "/pillars/0/name", q_ptr(0, 0, "title"), c_ptr(0, 0, 1, "title")]
)
def test_it_rejects_empty_names_and_titles(ptr, value, strict):
    assert errors(_set(lens_doc(), ptr, value), strict=strict) == {("LENGTH", ptr)}


@BOTH
@pytest.mark.parametrize("ptr", ["/pillars/0/id", q_ptr(1, 1, "id")])
@pytest.mark.parametrize("size", [0, 1, 2, 129, 5000])
def test_it_requires_ids_of_3_to_128_characters(ptr, size, strict):
    doc = _set(lens_doc(), ptr, "i" * size)
    assert ("LENGTH", ptr) in errors(doc, strict=strict)


def test_it_warns_about_pillar_and_choice_ids_over_64_but_not_question_ids():
    doc = lens_doc()
    doc["pillars"][0]["id"] = "p" * 65
    question(doc, 1, 1)["id"] = "q" * 128
    long_choice = "c" * 65
    choice(doc, 1, 0, 2)["id"] = long_choice
    question(doc, 1, 0)["riskRules"][0]["condition"] = long_choice
    assert notes(doc, strict=True) == {
        ("LENGTH", "/pillars/0/id", "warning"),
        ("LENGTH", c_ptr(1, 0, 2, "id"), "warning"),
    }


# --- URLs -----------------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/x",
        "//example.com/x",
        "example.com",
        " https://example.com",
        "https:/example.com",
        "http://",
        "https://   ",
    ],
)
@pytest.mark.parametrize(
    "ptr",
    [
        q_ptr(0, 0, "helpfulResource", "url"),
        c_ptr(0, 0, 0, "helpfulResource", "url"),
        c_ptr(1, 1, 1, "improvementPlan", "url"),
    ],
)
def test_it_accepts_only_http_and_https_urls(ptr, url, strict):
    assert errors(_set(lens_doc(), ptr, url), strict=strict) == {("URL_SCHEME", ptr)}


@pytest.mark.parametrize(
    "url", ["HTTPS://EXAMPLE.COM/A", "Http://example.com", "https://example.com/a b?q=<x>"]
)
def test_it_checks_the_scheme_case_insensitively_and_keeps_the_url(url):
    doc = _set(lens_doc(), q_ptr(0, 0, "helpfulResource", "url"), url)
    assert question(validate(doc, strict=True).document)["helpfulResource"]["url"] == url


def test_it_limits_urls_to_2048_characters():
    ptr = c_ptr(0, 0, 0, "helpfulResource", "url")
    base = "https://example.com/"
    validate(_set(lens_doc(), ptr, base + "a" * (2048 - len(base))), strict=True)
    assert errors(_set(lens_doc(), ptr, base + "a" * (2049 - len(base)))) == {("LENGTH", ptr)}


@pytest.mark.parametrize("value", [None, 42, ["https://example.com"]])
def test_it_reports_type_for_urls_that_are_not_strings(value):
    ptr = c_ptr(0, 0, 0, "helpfulResource", "url")
    assert errors(_set(lens_doc(), ptr, value)) == {("TYPE", ptr)}


# --- HTML is plain text here ----------------------------------------------------------------


def test_it_keeps_html_and_script_in_text_fields_unchanged():
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> &amp; {{ x }} {% y %}'
    doc = lens_doc(name="<b>Lens</b>", description=evil)
    question(doc)["title"] = "<i>Why?</i>"
    choice(doc)["improvementPlan"]["displayText"] = evil
    result = validate(doc, strict=True)
    assert result.document == doc
    assert result.warnings == []
