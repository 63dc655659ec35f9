"""Hostile and oversized uploads, end to end through ``load``, and the time budget."""

from __future__ import annotations

import contextlib
import json
import time

import pytest

from catalog.lensformat import MAX_BYTES, LensFormatError, load, validate
from tests.catalog.lensdocs import c_ptr, choice, large_lens, lens_doc, q_ptr, question


def _load_error(raw: bytes | str, *, strict: bool = False) -> LensFormatError:
    with pytest.raises(LensFormatError) as caught:
        load(raw, strict=strict)
    return caught.value


def _raw(doc: dict) -> bytes:
    return json.dumps(doc).encode()


def _timed(function, *args, **kwargs):
    started = time.perf_counter()
    with contextlib.suppress(LensFormatError):
        function(*args, **kwargs)
    return time.perf_counter() - started


def test_it_rejects_a_ten_megabyte_string_by_size():
    exc = _load_error(_raw(lens_doc(description="x" * 10_000_000)))
    assert (exc.code, exc.problems[0].pointer) == ("LIMIT", "")


def test_it_rejects_huge_strings_handed_to_validate_directly():
    doc = lens_doc(name="n" * 10_000_000)
    question(doc)["title"] = "\x00" * 1_000_000
    started = time.perf_counter()
    with pytest.raises(LensFormatError) as caught:
        validate(doc)
    assert time.perf_counter() - started < 0.5
    assert {(p.code, p.pointer) for p in caught.value.problems} == {
        ("LENGTH", "/name"),
        ("CHARSET", q_ptr(0, 0, "title")),
    }


def test_it_rejects_ten_thousand_levels_of_nesting_without_recursion_error():
    doc = lens_doc()
    raw = json.dumps(doc)[:-1] + ', "_x": ' + "[" * 10_000 + "]" * 10_000 + "}"
    exc = _load_error(raw)
    assert exc.code == "CANNOT_PARSE"
    assert "nesting deeper than 32" in exc.message


def test_it_ignores_deep_values_under_unknown_keys_passed_to_validate():
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    result = validate(lens_doc(_x=deep))
    assert result.document == lens_doc()


def test_it_rejects_raw_nul_bytes_and_escaped_nul_characters():
    raw = _raw(lens_doc()).replace(b"Test lens", b"Test\x00lens")
    assert _load_error(raw).code == "CANNOT_PARSE"
    raw = _raw(lens_doc()).replace(b"Test lens", b"Test\\u0000lens")
    exc = _load_error(raw)
    assert (exc.code, exc.problems[0].pointer) == ("CHARSET", "/name")


def test_it_rejects_invalid_utf8_and_a_bom_in_a_real_lens():
    assert _load_error(_raw(lens_doc()).replace(b"Test lens", b"Test \xc3\x28lens")).code == (
        "CANNOT_PARSE"
    )
    assert _load_error(b"\xef\xbb\xbf" + _raw(lens_doc())).code == "CANNOT_PARSE"


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "file:///etc/passwd", "data:text/html;base64,PHA+"]
)
def test_it_rejects_dangerous_url_schemes_in_both_modes(url):
    doc = lens_doc()
    choice(doc, 1, 1, 1)["improvementPlan"]["url"] = url
    for strict in (False, True):
        exc = _load_error(_raw(doc), strict=strict)
        assert (exc.code, exc.problems[0].pointer) == (
            "URL_SCHEME",
            c_ptr(1, 1, 1, "improvementPlan", "url"),
        )


def test_it_rejects_a_ten_thousand_operator_risk_rule_quickly():
    doc = lens_doc()
    question(doc)["riskRules"][0]["condition"] = " || ".join(["p1q1_c1"] * 10_001)
    assert _timed(load, _raw(doc)) < 0.5
    exc = _load_error(_raw(doc))
    assert exc.code == "RISK_RULE_SYNTAX"
    assert exc.problems[0].pointer == q_ptr(0, 0, "riskRules", 0, "condition")


def test_it_rejects_choice_ids_that_collide_after_case_folding():
    doc = lens_doc()
    choice(doc, 0, 0, 1)["id"] = "P1Q1_c1"
    exc = _load_error(_raw(doc))
    assert exc.problems[0].code == "DUPLICATE_ID"
    assert exc.problems[0].pointer == c_ptr(0, 0, 1, "id")


def test_it_keeps_html_and_script_as_plain_text_through_load():
    doc = lens_doc(description="<script>alert(1)</script>")
    choice(doc)["title"] = "<img src=x onerror=alert(1)>"
    assert load(_raw(doc), strict=True).document == doc


def test_it_validates_a_500_kilobyte_lens_well_under_a_second():
    raw = _raw(large_lens(MAX_BYTES - 2_000))
    assert MAX_BYTES - 10_000 < len(raw) <= MAX_BYTES
    result = load(raw, strict=True)
    assert len(result.document["pillars"]) == 10
    assert min(_timed(load, raw) for _ in range(3)) < 0.3


@pytest.mark.parametrize(
    "raw",
    [
        # 160,000 empty questions: four errors each.
        '{"schemaVersion": "2021-11-01", "name": "x", "pillars": [{"id": "abc", "name": "x", '
        '"questions": [' + ",".join(["{}"] * 160_000) + "]}]}",
        # 240,000 pillars that are numbers.
        '{"pillars": [' + ",".join(["1"] * 240_000) + "]}",
        # 40,000 choices with a too-short id.
        '{"schemaVersion": "2021-11-01", "name": "x", "pillars": [{"id": "abc", "name": "x", '
        '"questions": [{"id": "qqq", "title": "t", "riskRules": [], "choices": ['
        + ",".join(['{"id": "a"}'] * 40_000)
        + "]}]}]}",
    ],
    ids=["empty-questions", "number-pillars", "short-choice-ids"],
)
def test_it_stays_fast_on_a_500_kilobyte_file_full_of_errors(raw):
    assert len(raw.encode()) <= MAX_BYTES
    exc = _load_error(raw)
    assert len(exc.problems) == 200
    assert exc.problems[-1].code == "LIMIT"
    # About 0.1-0.3 s: checking stops at 10,000 errors.
    assert min(_timed(load, raw) for _ in range(2)) < 1.0
