"""Strict JSON parsing of uploaded lens files (spec 2.8, CANNOT_PARSE and the size LIMIT)."""

from __future__ import annotations

import json
import time

import pytest

from catalog.lensformat import MAX_BYTES, MAX_DEPTH, LensFormatError, load, parse_json
from tests.catalog.lensdocs import lens_doc


def _parse_error(raw: bytes | str) -> LensFormatError:
    with pytest.raises(LensFormatError) as caught:
        parse_json(raw)
    return caught.value


def test_it_parses_plain_json_from_bytes_and_text():
    assert parse_json(b'{"a": [1, 2.5, null, true, "\\u00e9"]}') == {
        "a": [1, 2.5, None, True, "\u00e9"]
    }
    assert parse_json(" [] ") == []


def test_it_rejects_more_than_500000_bytes_with_limit():
    exc = _parse_error(b" " * (MAX_BYTES + 1))
    assert (exc.code, exc.problems[0].pointer) == ("LIMIT", "")
    assert "500,001 bytes" in exc.message


def test_it_counts_utf8_bytes_not_characters():
    text = '"' + "\u00e9" * (MAX_BYTES // 2) + '"'
    assert len(text) < MAX_BYTES
    assert _parse_error(text).code == "LIMIT"
    assert _parse_error(text.encode()).code == "LIMIT"


def test_it_accepts_a_file_of_exactly_the_limit():
    raw = b'"' + b"x" * (MAX_BYTES - 2) + b'"'
    assert len(parse_json(raw)) == MAX_BYTES - 2


def test_it_rejects_a_ten_megabyte_file_quickly():
    started = time.perf_counter()
    assert _parse_error(b"[" + b'"x",' * 2_500_000 + b"1]").code == "LIMIT"
    assert _parse_error("x" * 10_000_000).code == "LIMIT"
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"\xef\xbb\xbf{}", "UTF-8"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
        (b"\xfe\xff\x00{\x00}", "UTF-16"),
        (b"\xff\xfe\x00\x00{\x00\x00\x00", "UTF-32"),
        ("\ufeff{}", "UTF-8"),
    ],
)
def test_it_rejects_a_byte_order_mark(raw, encoding):
    exc = _parse_error(raw)
    assert exc.code == "CANNOT_PARSE"
    assert f"{encoding} byte-order mark" in exc.message


def test_it_rejects_invalid_utf8_with_its_position():
    exc = _parse_error(b'{\n  "name": "caf\xe9"\n}')
    problem = exc.problems[0]
    assert problem.code == "CANNOT_PARSE"
    assert (problem.line, problem.column) == (2, 15)
    assert "not valid UTF-8: byte 0xe9 at line 2, column 15" in problem.message


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_it_rejects_bare_nan_and_infinity(literal):
    exc = _parse_error('{\n  "a": [1,\n    ' + literal + "]\n}")
    problem = exc.problems[0]
    assert problem.code == "CANNOT_PARSE"
    assert (problem.line, problem.column) == (3, 5)
    assert literal in problem.message


def test_it_reports_every_bare_nan_but_not_nan_inside_strings():
    exc = _parse_error('{"a": NaN, "b": "NaN and Infinity", "c": [Infinity]}')
    assert [(p.pointer, p.column) for p in exc.problems] == [("/a", 7), ("/c/0", 43)]
    assert parse_json('{"b": "NaN", "c": "[[[{"}') == {"b": "NaN", "c": "[[[{"}


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        ('{"a": 1,}', 1, 8),
        ("[1, 2,\n ]", 1, 6),
        ('{"a": [1,],\n "b": 2}', 1, 9),
    ],
)
def test_it_names_trailing_commas(raw, line, column):
    problem = _parse_error(raw).problems[0]
    assert problem.code == "CANNOT_PARSE"
    assert "trailing comma" in problem.message
    assert (problem.line, problem.column) == (line, column)
    assert f"at line {line}, column {column}" in problem.message


def test_it_reports_duplicate_keys_at_the_member_they_name():
    """Issue 13 part 3: a duplicate key points at its member, with line and column."""
    raw = '{"pillars": [{"id": "a", "name": "x",\n "id": "b"}], "name": 1, "name": 2}'
    exc = _parse_error(raw)
    assert [(p.code, p.pointer, p.line, p.column) for p in exc.problems] == [
        ("CANNOT_PARSE", "/pillars/0/id", 2, 2),
        ("CANNOT_PARSE", "/name", 2, 26),
    ]
    assert "duplicate key 'id'" in exc.problems[0].message
    assert "duplicate key 'name'" in exc.problems[1].message


def test_it_escapes_duplicate_key_pointers():
    exc = _parse_error('{"a/b": {"k~": 1, "k~": 2}}')
    assert exc.problems[0].pointer == "/a~1b/k~0"


def test_it_does_not_mistake_equal_keys_in_sibling_objects_for_duplicates():
    assert parse_json('[{"id": 1}, {"id": 2, "x": {"id": 3}}]')[1]["x"] == {"id": 3}


LENS_TEXT = """{
  "schemaVersion": "2021-11-01",
  "name": "n",
  "pillars": [
    {"id": "p1", "name": "P", "questions": [
      {"id": "q1", "title": "t", "choices": [
        {"id": "q1_c1", "title": "c", "weight": %s}
      ]}
    ]}
  ]
}"""


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_it_points_at_the_value_that_is_nan_or_infinity(literal):
    """Issue 13 part 3: a NaN error points at the value, not at the whole document."""
    problem = _parse_error(LENS_TEXT % literal).problems[0]
    assert problem.pointer == "/pillars/0/questions/0/choices/0/weight"
    assert (problem.line, problem.column) == (7, 49)
    assert "line 7, column 49" in problem.message


@pytest.mark.parametrize(
    ("raw", "ptr", "line", "column"),
    [
        (LENS_TEXT % "1,", "/pillars/0/questions/0/choices/0", 7, 50),
        (
            LENS_TEXT.replace("}\n      ]}", "},\n      ]}") % "1",
            "/pillars/0/questions/0/choices",
            7,
            51,
        ),
        ('{"a": [1, {"b": [2,]}]}', "/a/1/b", 1, 19),
    ],
)
def test_it_points_at_the_object_or_array_with_a_trailing_comma(raw, ptr, line, column):
    """Issue 13 part 3: a trailing comma points at its object or array."""
    problem = _parse_error(raw).problems[0]
    assert (problem.pointer, problem.line, problem.column) == (ptr, line, column)
    assert "trailing comma" in problem.message


def test_it_points_other_syntax_errors_at_the_enclosing_object():
    problem = _parse_error('{"a": {"b": [1, 2 3]}}').problems[0]
    assert (problem.pointer, problem.line, problem.column) == ("/a/b", 1, 19)


def test_it_rejects_nesting_deeper_than_32_levels():
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(deep) is not None
    exc = _parse_error("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert exc.code == "CANNOT_PARSE"
    assert f"nesting deeper than {MAX_DEPTH} levels" in exc.message
    assert exc.problems[0].column == MAX_DEPTH + 1


def test_it_rejects_ten_thousand_levels_without_recursion_error():
    started = time.perf_counter()
    for raw in ("[" * 10_000 + "]" * 10_000, '{"a":' * 10_000 + "1" + "}" * 10_000, "[" * 10_000):
        assert _parse_error(raw).code == "CANNOT_PARSE"
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   \n",
        "{",
        "{'a': 1}",
        '{"a": 1} {"b": 2}',
        '{"a": undefined}',
        '{"a": "tab\there"}',
        "// comment\n{}",
        '{"a": 01}',
        "1" * 5000,
    ],
)
def test_it_rejects_text_that_is_not_json(raw):
    exc = _parse_error(raw)
    assert exc.code == "CANNOT_PARSE"
    assert exc.problems[0].pointer == ""


def test_it_puts_line_and_column_in_syntax_errors():
    problem = _parse_error('{\n  "a": 1\n  "b": 2\n}').problems[0]
    assert (problem.line, problem.column) == (3, 3)
    assert problem.message == "Expecting ',' delimiter at line 3, column 3"


def test_it_keeps_escaped_control_characters_for_the_validator_to_judge():
    assert parse_json('"a\\u0000b"') == "a\x00b"
    assert parse_json('"\\ud800"') == "\ud800"


def test_it_refuses_other_input_types():
    with pytest.raises(TypeError):
        parse_json(12)  # type: ignore[arg-type]


def test_it_loads_through_the_same_parser():
    raw = json.dumps(lens_doc()).replace('"Test lens"', "NaN")
    with pytest.raises(LensFormatError) as caught:
        load(raw)
    assert caught.value.code == "CANNOT_PARSE"


@pytest.mark.parametrize("raw", ['{"a": xNaN}', '{"a": NaNx}', "[1, -Infinityy]", "[" * 40])
def test_it_rejects_odd_literals_and_unclosed_depth_with_a_problem(raw):
    assert _parse_error(raw).code == "CANNOT_PARSE"
