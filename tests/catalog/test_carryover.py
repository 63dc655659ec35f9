"""Issue 13 part 2: a file without our ``mllens`` extensions, imported as a new version of a
lens, keeps what the previous version had (phases, practice ids and aliases, design
principles, foundational practices), matched by question and choice id.

The ML Lens cases use a SYNTHETIC file shaped like AWS's official ML Lens JSON (same ids and
rules, placeholder text of our own; see ``aws_shaped_ml_lens``).
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog import services
from catalog.carryover import carry_over
from catalog.lensformat import validate
from catalog.models import Choice, Lens, Question
from mllens.errors import PermissionDeniedError
from tests.catalog.factories import (
    ML_EDITION,
    ML_SLUG,
    catalog_rows,
    custom_lens,
    load_shipped,
    shipped_report,
)
from tests.catalog.lensdocs import choice, lens_doc, question
from tests.catalog.official_rules import aws_shaped_ml_lens
from tests.fixtures.users import client_for

PHASES = [{"id": "build", "name": "Build"}, {"id": "run", "name": "Run"}]
PRINCIPLES = [{"id": "own", "title": "Own the outcome"}]


def extended_doc() -> dict:
    """The test lens with every kind of extension filled in."""
    doc = lens_doc(mllens={"phases": PHASES, "designPrinciples": PRINCIPLES})
    for p in range(2):
        for q in range(2):
            entry = question(doc, p, q)
            entry["mllens"] = {"phase": "build" if q == 0 else "run"}
            for c in range(3):
                cid = entry["choices"][c]["id"]
                entry["choices"][c]["mllens"] = {
                    "bestPracticeId": cid.upper().replace("_", "-"),
                    "aliases": [f"OLD-{p}{q}{c}"],
                }
    question(doc)["mllens"]["foundational"] = ["p1q1_c1", "p1q1_c2"]
    return validate(doc).document


def stripped(doc: dict) -> dict:
    """``doc`` as the AWS format holds it: every ``mllens`` object removed."""
    doc = json.loads(json.dumps(doc))
    doc.pop("mllens", None)
    for pillar in doc["pillars"]:
        for entry in pillar["questions"]:
            entry.pop("mllens", None)
            for item in entry["choices"]:
                item.pop("mllens", None)
    return doc


def codes(warnings) -> list[str]:
    return [w.code if hasattr(w, "code") else w["code"] for w in warnings]


# --- the pure merge ---------------------------------------------------------------------------


def test_it_restores_every_extension_of_a_stripped_file():
    before = extended_doc()
    result = carry_over(stripped(before), before, source="version 1.0")
    assert validate(result.document).document == before
    messages = [w.message for w in result.warnings]
    assert codes(result.warnings) == ["EXTENSION_CARRIED_OVER"] * 6
    assert messages[:2] == [
        "lifecycle phases carried over from version 1.0",
        "design principles carried over from version 1.0",
    ]
    assert (
        "lifecycle phase carried over from version 1.0 for 4 questions: p1q1, p1q2, p2q1, p2q2"
        in (messages)
    )
    assert any(
        m.startswith("best-practice id carried over from version 1.0 for 12 choices:")
        for m in messages
    )


def test_it_lets_what_the_file_declares_win():
    before = extended_doc()
    after = stripped(before)
    after["mllens"] = {"phases": [{"id": "build", "name": "Build it"}]}
    choice(after)["mllens"] = {"bestPracticeId": "NEW-01"}
    result = carry_over(after, before, source="version 1.0")
    merged = result.document
    assert merged["mllens"]["phases"] == [{"id": "build", "name": "Build it"}]
    assert merged["mllens"]["designPrinciples"] == PRINCIPLES
    assert choice(merged)["mllens"] == {"bestPracticeId": "NEW-01", "aliases": ["OLD-000"]}
    # "run" is not a phase of the new file: reported, not carried.
    assert "phase" not in question(merged, 0, 1).get("mllens", {})
    unmatched = [w for w in result.warnings if w.code == "EXTENSION_NOT_MATCHED"]
    assert [(w.pointer, w.message) for w in unmatched] == [
        (
            "/pillars/0/questions/1/mllens/phase",
            "phase run of question p1q2 is not a phase of this version",
        ),
        (
            "/pillars/1/questions/1/mllens/phase",
            "phase run of question p2q2 is not a phase of this version",
        ),
    ]
    validate(merged)


def test_it_lists_what_could_not_be_matched():
    before = extended_doc()
    after = stripped(before)
    after["pillars"][1]["questions"].pop()  # p2q2 gone
    first = question(after)
    first["choices"][0]["id"] = "p1q1_c9"  # p1q1_c1 renamed
    first["riskRules"] = [
        {"condition": "p1q1_c9", "risk": "NO_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"},
    ]
    after["pillars"][1]["questions"].append(
        {**json.loads(json.dumps(question(after, 1, 0))), "id": "p2q9"}
    )
    for item in after["pillars"][1]["questions"][-1]["choices"]:
        item["id"] = item["id"].replace("p2q1", "p2q9")
    after["pillars"][1]["questions"][-1]["riskRules"] = [
        {"condition": "default", "risk": "NO_RISK"}
    ]
    result = carry_over(after, before, source="version 1.0")
    unmatched = [
        (w.pointer, w.message) for w in result.warnings if w.code == "EXTENSION_NOT_MATCHED"
    ]
    assert unmatched == [
        (
            "/pillars/0/questions/0/mllens/foundational",
            "foundational practice p1q1_c1 is not a choice of question p1q1",
        ),
        (
            "/pillars/0/questions/0",
            "choice p1q1_c1 of version 1.0 is not in question p1q1; "
            "its best-practice id and aliases are dropped",
        ),
        ("", "question p2q2 of version 1.0 is not in the file; its extensions are dropped"),
        (
            "/pillars/1/questions/1",
            "question p2q9 is new: nothing to carry over, it has no extensions",
        ),
    ]
    assert question(result.document)["mllens"]["foundational"] == ["p1q1_c2"]
    validate(result.document)


def test_it_skips_a_practice_id_the_file_already_gives_another_choice():
    before = extended_doc()
    after = stripped(before)
    choice(after, 0, 0, 1)["mllens"] = {"bestPracticeId": "P1Q1-C1"}  # c1's id, on c2
    result = carry_over(after, before, source="version 1.0")
    assert "bestPracticeId" not in choice(result.document).get("mllens", {})
    assert ("/pillars/0/questions/0/choices/0/mllens/bestPracticeId", "EXTENSION_NOT_MATCHED") in [
        (w.pointer, w.code) for w in result.warnings
    ]
    validate(result.document)


def test_it_changes_nothing_when_the_previous_version_has_no_extensions():
    plain = lens_doc()
    result = carry_over(plain, plain, source="version 1.0")
    assert (result.document, result.warnings) == (plain, [])


# --- the official ML Lens, in AWS's shape -----------------------------------------------------


def _tree(version) -> dict:
    return {
        "phases": [(p.key, p.name) for p in version.phases.all()],
        "principles": version.design_principles,
        "questions": [
            (q.key, q.pillar.key, q.phase.key if q.phase else None)
            for q in Question.objects.filter(lens_version=version).select_related("pillar", "phase")
        ],
        "choices": [
            (c.question.key, c.key, c.best_practice_id, c.aliases)
            for c in Choice.objects.filter(question__lens_version=version)
            .select_related("question")
            .order_by("question__order", "order")
        ],
    }


def test_it_imports_aws_s_ml_lens_as_a_new_version_keeping_our_extensions(ml_lens, staff):
    previous = ml_lens.versions.get()
    result = services.lens_import(raw=json.dumps(aws_shaped_ml_lens()), user=staff, lens=ml_lens)
    draft = result.draft
    assert _tree(draft) == _tree(previous)
    assert draft.questions.get(key="MLOPS01").title == "Placeholder question MLOPS01"
    carried = [w.message for w in result.warnings if w.code == "EXTENSION_CARRIED_OVER"]
    source = f"version {ML_EDITION}"
    assert carried[:2] == [
        f"lifecycle phases carried over from {source}",
        f"design principles carried over from {source}",
    ]
    assert carried[2].startswith(
        f"lifecycle phase carried over from {source} for 35 questions: MLOPS01, "
    )
    assert carried[3].startswith(f"best-practice id carried over from {source} for 105 choices: ")
    assert carried[4].startswith(
        f"aliases (earlier best-practice ids) carried over from {source} for 105 choices: "
    )
    assert "EXTENSION_NOT_MATCHED" not in codes(result.warnings)
    assert codes(draft.import_warnings).count("EXTENSION_CARRIED_OVER") == 5
    services.lens_publish(lens=ml_lens, version="2025-11-aws-text", is_major=False, user=staff)
    # load_lenses knows its own edition is published and leaves the staff version on top.
    assert load_shipped().splitlines() == shipped_report("unchanged")
    assert [v.version for v in Lens.objects.get(pk=ml_lens.pk).versions.all()] == [
        "2025-11-aws-text",
        ML_EDITION,
    ]


def test_it_lets_only_staff_import_a_new_version_of_the_shipped_lens_through_the_api(
    ml_lens, alice, staff
):
    raw = json.dumps(aws_shaped_ml_lens())
    url = f"/api/v1/lenses/import?lens={ML_SLUG}"
    before = catalog_rows()
    refused = client_for(alice).post(url, data=raw, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (403, "PERMISSION_DENIED")
    assert catalog_rows() == before
    response = client_for(staff).post(url, data=raw, content_type="application/json")
    assert response.status_code == 201, response.content[:300]
    body = response.json()
    assert (body["lens"]["slug"], body["created"], body["draft"]["status"]) == (
        ML_SLUG,
        False,
        "DRAFT",
    )
    assert codes(body["warnings"]).count("EXTENSION_CARRIED_OVER") == 5
    tree = client_for(staff).get(f"/api/v1/lenses/{ML_SLUG}/versions/draft/").json()
    cost = next(q for q in tree["questions"] if q["key"] == "MLCOST04")
    assert (
        cost["phase"],
        cost["choices"][0]["best_practice_id"],
        cost["choices"][0]["aliases"],
    ) == (
        "modelDevelopment",
        "MLCOST04-BP01",
        ["MLCOST-09"],
    )
    assert len(tree["design_principles"]) == 10


def test_it_imports_aws_s_ml_lens_from_the_shell_without_an_owner(ml_lens, tmp_path):
    path = tmp_path / "machine-learning-lens.json"
    path.write_text(json.dumps(aws_shaped_ml_lens(), indent=2))
    out, err = StringIO(), StringIO()
    call_command(
        "import_lens", str(path), "--lens", ML_SLUG, "--publish", "aws-text", stdout=out, stderr=err
    )
    lines = out.getvalue().splitlines()
    assert (
        f"{path}: WARNING EXTENSION_CARRIED_OVER at /mllens: "
        f"lifecycle phases carried over from version {ML_EDITION}" in lines
    )
    assert lines[-2:] == [f"imported {ML_SLUG} as a draft", "published aws-text"]
    assert err.getvalue() == ""
    latest = Lens.objects.get(pk=ml_lens.pk).versions.get(version="aws-text")
    assert latest.created_by is None
    assert latest.questions.get(key="MLSEC03").phase.key == "dataProcessing"
    with pytest.raises(CommandError, match="--owner is required to import a new lens"):
        call_command("import_lens", str(path))


# --- a custom lens re-imported without its extensions -------------------------------------------


def test_it_carries_a_custom_lens_s_extensions_over_to_its_re_import(alice, bob):
    lens = custom_lens(alice, extended_doc(), publish=("1.0",))
    with pytest.raises(PermissionDeniedError):
        services.lens_import(raw=json.dumps(stripped(extended_doc())), user=bob, lens=lens)
    result = services.lens_import(raw=json.dumps(stripped(extended_doc())), user=alice, lens=lens)
    assert result.draft.document == extended_doc()
    assert codes(result.warnings).count("EXTENSION_CARRIED_OVER") == 6
    # A new lens has nothing to carry over.
    fresh = services.lens_import(raw=json.dumps(stripped(extended_doc())), user=alice)
    assert "mllens" not in fresh.draft.document
    assert "EXTENSION_CARRIED_OVER" not in codes(fresh.warnings)
