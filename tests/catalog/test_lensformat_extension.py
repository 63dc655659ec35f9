"""Our ``mllens`` extension objects, checked strictly in both modes."""

from __future__ import annotations

import pytest

from catalog.lensformat import validate
from tests.catalog.lensdocs import c_ptr, choice, errors, lens_doc, q_ptr, question

BOTH = pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])

PHASES = [
    {"id": "problem_framing", "name": "ML problem framing", "description": "Frame it."},
    {"id": "data_processing", "name": "Data processing"},
]


def _ml_doc() -> dict:
    doc = lens_doc(
        mllens={
            "edition": "2025-11",
            "phases": [dict(p) for p in PHASES],
            "designPrinciples": [{"id": "agility", "title": "Enable agility", "description": "."}],
        }
    )
    question(doc)["mllens"] = {"phase": "problem_framing", "foundational": ["p1q1_c1", "p1q1_c2"]}
    choice(doc, 0, 0, 0)["mllens"] = {"bestPracticeId": "MLOPS01-BP01", "aliases": ["MLOE-01"]}
    choice(doc, 0, 0, 1)["mllens"] = {
        "bestPracticeId": "MLOPS01-BP02",
        "phases": ["data_processing", "problem_framing"],
    }
    return doc


@BOTH
def test_it_accepts_and_keeps_a_full_extension(strict):
    doc = _ml_doc()
    result = validate(doc, strict=strict)
    assert result.warnings == []
    assert result.document == doc
    assert list(result.document)[3] == "mllens"


@BOTH
@pytest.mark.parametrize(
    ("ptr", "where"),
    [
        ("/mllens/owner", lambda d: d["mllens"]),
        ("/mllens/phases/0/order", lambda d: d["mllens"]["phases"][0]),
        ("/mllens/designPrinciples/0/x", lambda d: d["mllens"]["designPrinciples"][0]),
        (q_ptr(0, 0, "mllens", "weight"), lambda d: question(d)["mllens"]),
        (c_ptr(0, 0, 0, "mllens", "level"), lambda d: choice(d)["mllens"]),
    ],
)
def test_it_rejects_unknown_keys_inside_extension_objects_in_both_modes(ptr, where, strict):
    doc = _ml_doc()
    where(doc)[ptr.rsplit("/", 1)[1]] = 1
    assert errors(doc, strict=strict) == {("UNKNOWN_KEY", ptr)}


@BOTH
def test_it_rejects_a_question_phase_that_is_not_declared(strict):
    doc = _ml_doc()
    question(doc, 1, 1)["mllens"] = {"phase": "deployment"}
    assert errors(doc, strict=strict) == {("UNKNOWN_PHASE", q_ptr(1, 1, "mllens", "phase"))}
    del doc["mllens"]
    assert ("UNKNOWN_PHASE", q_ptr(0, 0, "mllens", "phase")) in errors(doc, strict=strict)


@BOTH
def test_it_rejects_foundational_choices_of_another_question_or_repeated(strict):
    doc = _ml_doc()
    question(doc)["mllens"]["foundational"] = ["p1q1_c1", "p1q2_c1", "p1q1_c1", 5]
    ptr = q_ptr(0, 0, "mllens", "foundational")
    assert errors(doc, strict=strict) == {
        ("UNKNOWN_CHOICE", f"{ptr}/1"),
        ("DUPLICATE_ID", f"{ptr}/2"),
        ("TYPE", f"{ptr}/3"),
    }


@BOTH
@pytest.mark.parametrize(
    ("bp", "code"),
    [
        ("mlops01-bp01", "CHARSET"),
        ("-MLOPS", "CHARSET"),
        ("MLOPS 01", "CHARSET"),
        ("", "CHARSET"),
        ("A" * 33, "LENGTH"),
        (7, "TYPE"),
    ],
)
def test_it_checks_best_practice_ids(bp, code, strict):
    doc = _ml_doc()
    choice(doc)["mllens"]["bestPracticeId"] = bp
    assert errors(doc, strict=strict) == {(code, c_ptr(0, 0, 0, "mllens", "bestPracticeId"))}


@BOTH
def test_it_requires_best_practice_ids_unique_across_the_lens(strict):
    doc = _ml_doc()
    choice(doc, 1, 1, 2)["mllens"] = {"bestPracticeId": "MLOPS01-BP01"}
    ptr = c_ptr(1, 1, 2, "mllens", "bestPracticeId")
    assert errors(doc, strict=strict) == {("DUPLICATE_ID", ptr)}


@BOTH
def test_it_checks_aliases(strict):
    doc = _ml_doc()
    choice(doc)["mllens"]["aliases"] = ["MLOE-01", "MLOE-01", "bad alias"]
    ptr = c_ptr(0, 0, 0, "mllens", "aliases")
    assert errors(doc, strict=strict) == {("DUPLICATE_ID", f"{ptr}/1"), ("CHARSET", f"{ptr}/2")}
    choice(doc)["mllens"]["aliases"] = [f"MLOE-{i:02}" for i in range(11)]
    assert errors(doc, strict=strict) == {("LIMIT", ptr)}


@BOTH
def test_it_checks_the_phases_of_a_best_practice(strict):
    """Issue 13 part 6: a practice may sit in declared phases of its own (GenAI Appendix A)."""
    doc = _ml_doc()
    choice(doc, 0, 0, 1)["mllens"]["phases"] = [
        "data_processing",
        "deployment",
        7,
        "data_processing",
    ]
    ptr = c_ptr(0, 0, 1, "mllens", "phases")
    assert errors(doc, strict=strict) == {
        ("UNKNOWN_PHASE", f"{ptr}/1"),
        ("TYPE", f"{ptr}/2"),
        ("DUPLICATE_ID", f"{ptr}/3"),
    }
    choice(doc, 0, 0, 1)["mllens"]["phases"] = "data_processing"
    assert errors(doc, strict=strict) == {("TYPE", ptr)}
    choice(doc, 0, 0, 1)["mllens"]["phases"] = []
    assert validate(doc, strict=strict).document == doc


@BOTH
def test_it_checks_phases_and_design_principles(strict):
    doc = _ml_doc()
    phases = doc["mllens"]["phases"]
    phases.append({"id": "PROBLEM_FRAMING", "name": "Again"})
    phases.append({"id": "x", "name": "n" * 129, "description": "d" * 2049})
    phases.append({"name": "No id"})
    doc["mllens"]["designPrinciples"] = [{"id": "agility"}, "principle"]
    assert errors(doc, strict=strict) == {
        ("DUPLICATE_ID", "/mllens/phases/2/id"),
        ("LENGTH", "/mllens/phases/3/id"),
        ("LENGTH", "/mllens/phases/3/name"),
        ("LENGTH", "/mllens/phases/3/description"),
        ("MISSING_FIELD", "/mllens/phases/4/id"),
        ("MISSING_FIELD", "/mllens/designPrinciples/0/title"),
        ("TYPE", "/mllens/designPrinciples/1"),
    }


@BOTH
def test_it_limits_phases_and_design_principles_to_twenty(strict):
    doc = _ml_doc()
    doc["mllens"]["phases"] += [{"id": f"phase_{i}", "name": "P"} for i in range(19)]
    doc["mllens"]["designPrinciples"] = [{"id": f"dp_{i}", "title": "T"} for i in range(21)]
    assert errors(doc, strict=strict) == {
        ("LIMIT", "/mllens/phases"),
        ("LIMIT", "/mllens/designPrinciples"),
    }


@BOTH
@pytest.mark.parametrize(
    ("edition", "code"), [("x" * 33, "LENGTH"), ("", "LENGTH"), (2025, "TYPE")]
)
def test_it_checks_the_edition(edition, code, strict):
    doc = _ml_doc()
    doc["mllens"]["edition"] = edition
    assert errors(doc, strict=strict) == {(code, "/mllens/edition")}


@BOTH
@pytest.mark.parametrize(
    "ptr", ["/mllens", q_ptr(0, 0, "mllens"), c_ptr(0, 0, 0, "mllens"), "/mllens/phases"]
)
def test_it_reports_type_for_extension_objects_of_the_wrong_shape(ptr, strict):
    doc = _ml_doc()
    parent, key = ptr.rsplit("/", 1)
    node = doc
    for token in parent.strip("/").split("/") if parent else ():
        node = node[int(token)] if isinstance(node, list) else node[token]
    node[key] = "x"
    assert ("TYPE", ptr) in errors(doc, strict=strict)


def test_it_reads_a_pillar_description_from_the_pillar_mllens_in_both_modes():
    """Issue 13 part 4: a full export carries pillar descriptions where strict mode takes them."""
    doc = lens_doc()
    doc["pillars"][0]["mllens"] = {"description": "What it covers."}
    for strict in (False, True):
        result = validate(doc, strict=strict)
        assert result.warnings == []
        assert result.document["pillars"][0] == {
            "id": "pillar1",
            "name": "Pillar 1",
            "description": "What it covers.",
            "questions": lens_doc()["pillars"][0]["questions"],
        }


def test_it_refuses_other_keys_in_a_pillar_mllens_and_a_second_description():
    doc = lens_doc()
    doc["pillars"][0]["mllens"] = {"phase": "x"}
    assert errors(doc) == {("UNKNOWN_KEY", "/pillars/0/mllens/phase")}
    doc["pillars"][0]["mllens"] = {"description": "a"}
    doc["pillars"][0]["description"] = "b"
    assert errors(doc) == {("DUPLICATE_KEY", "/pillars/0/mllens/description")}


def test_it_reads_a_long_title_from_mllens_title():
    """Issue 13 part 4: a title over 128 characters travels whole in mllens.title."""
    doc = lens_doc()
    long = "A title " + "x" * 300
    question(doc)["title"] = long[:127] + "…"
    question(doc)["mllens"] = {"title": long}
    choice(doc)["mllens"] = {"bestPracticeId": "T01-BP01", "title": long}
    result = validate(doc, strict=True)
    assert question(result.document)["title"] == long
    assert "mllens" not in question(result.document)
    assert choice(result.document)["title"] == long
    assert choice(result.document)["mllens"] == {"bestPracticeId": "T01-BP01"}
    question(doc)["mllens"] = {"title": "y" * 513}
    assert errors(doc, strict=True) == {("LENGTH", q_ptr(0, 0, "mllens", "title"))}
