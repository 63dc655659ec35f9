"""Issue 13 part 1: reviews on the ML Lens edition 2025-11 move to the official risk rules
only through the normal upgrade (a milestone first, answers carried over, risks recomputed).

The previous edition is loaded exactly as a deployed instance had it (``load_lenses`` over a
data directory holding that edition), answered, then the current data file is loaded.
"""

from __future__ import annotations

import json

import pytest

from catalog import services
from catalog.models import Lens
from reviews.choices import Role
from reviews.models import Answer, LensReview
from tests.catalog.factories import ML_EDITION, ML_PREVIOUS_EDITION, ML_SLUG
from tests.catalog.official_rules import (
    OFFICIAL_TSV,
    PREVIOUS_TSV,
    oracle,
    practice_selections,
    previous_edition_document,
    read_rules,
)
from tests.fixtures.milestones import answer, workload_path
from tests.fixtures.users import client_for
from tests.reviews.factories import WorkloadFactory
from tests.reviews.helpers import assert_counts_match_answers

OFFICIAL, PREVIOUS = read_rules(OFFICIAL_TSV), read_rules(PREVIOUS_TSV)


@pytest.fixture
def previous_lens(db, tmp_path, monkeypatch) -> Lens:
    (tmp_path / f"{ML_SLUG}.json").write_text(json.dumps(previous_edition_document()))
    with monkeypatch.context() as patch:
        patch.setattr(services, "SHIPPED_DIR", tmp_path)
        [loaded] = services.shipped_lenses_load()
    assert (loaded.version, loaded.created) == (ML_PREVIOUS_EDITION, True)
    return Lens.objects.get(slug=ML_SLUG)


def _selections() -> dict[str, list[str]]:
    """Per question, the first selection the two editions rate differently (or, where none
    differs, every practice)."""
    document = previous_edition_document()
    chosen = {}
    for pillar in document["pillars"]:
        for question in pillar["questions"]:
            key = question["id"]
            practices = [c["id"] for c in question["choices"] if not c["id"].endswith("_no")]
            differing = (
                s
                for s in practice_selections(practices)
                if oracle(PREVIOUS[key], s) != oracle(OFFICIAL[key], s)
            )
            selected = next(differing, frozenset(practices))
            chosen[key] = [p for p in practices if p in selected]
    return chosen


@pytest.fixture
def answered(previous_lens, alice, bob):
    workload = WorkloadFactory(
        name="Credit scoring",
        owner=alice,
        lenses=[previous_lens],
        members=[(bob, Role.CONTRIBUTOR)],
    )
    for key, selected in _selections().items():
        answer(workload, ML_SLUG, key, bob, selected_choices=selected, notes=f"Notes on {key}.")
    return workload


def _answers(workload) -> dict[str, Answer]:
    return {a.question_key: a for a in Answer.objects.filter(lens_review__workload=workload)}


def test_it_rewrites_no_stored_risk_when_the_new_edition_is_loaded(alice, answered):
    before = {k: (a.risk, a.version, a.selected_choices) for k, a in _answers(answered).items()}
    assert {k: r for k, (r, _, _) in before.items()} == {
        k: oracle(PREVIOUS[k], frozenset(s)) for k, (_, _, s) in before.items()
    }
    loaded = {result.slug: result for result in services.shipped_lenses_load()}
    assert (loaded[ML_SLUG].version, loaded[ML_SLUG].created) == (ML_EDITION, True)

    after = {k: (a.risk, a.version, a.selected_choices) for k, a in _answers(answered).items()}
    assert after == before
    body = client_for(alice).get(workload_path(answered, f"reviews/{ML_SLUG}/")).json()
    assert body["lens_version"] == ML_PREVIOUS_EDITION
    assert body["upgrade_available"]["version"] == ML_EDITION
    changed = body["upgrade_available"]["summary"]["questions"]
    assert changed == {"NEW": 0, "UPDATED": 35, "DELETED": 0}
    assert_counts_match_answers(answered)


def test_it_upgrades_through_a_milestone_keeping_answers_and_recomputing_risks(
    alice, bob, answered
):
    before = _answers(answered)
    differing = [
        k for k, a in before.items() if oracle(OFFICIAL[k], frozenset(a.selected_choices)) != a.risk
    ]
    assert len(differing) >= 25  # most questions have a selection the editions disagree on
    services.shipped_lenses_load()
    contributor = client_for(bob)
    path = workload_path(answered, f"reviews/{ML_SLUG}/upgrade")
    # Upgrading is an owner action (issue 12 finding 5); the contributor reads on.
    response = client_for(alice).post(
        path, {"milestone_name": "Before the official rules"}, format="json"
    )
    assert response.status_code == 200, response.content[:300]
    assert (response.json()["lens_version"], response.json()["milestone"]) == (ML_EDITION, 1)
    assert response.json()["upgrade_available"] is None

    after = _answers(answered)
    assert sorted(after) == sorted(before)
    for key, old in before.items():
        new = after[key]
        assert (new.selected_choices, new.notes) == (old.selected_choices, old.notes), key
        assert new.risk == oracle(OFFICIAL[key], frozenset(new.selected_choices)), key
        assert new.needs_review, key  # the rules changed, so each question asks for a look
    assert LensReview.objects.get(workload=answered).lens_version.version == ML_EDITION
    assert_counts_match_answers(answered)
    # The plan follows the recomputed risks: HIGH questions first, then MEDIUM, in lens order.
    plan = contributor.get(workload_path(answered, f"reviews/{ML_SLUG}/improvements/"))
    plan = plan.json()["results"]
    at_risk = [(k, a.risk) for k, a in after.items() if a.risk in ("HIGH", "MEDIUM")]
    expected = sorted(at_risk, key=lambda item: (item[1] != "HIGH", after[item[0]].order))
    assert [(e["question_key"], e["risk"]) for e in plan] == expected

    for key in differing[:5]:
        kept = contributor.get(
            workload_path(answered, f"reviews/{ML_SLUG}/answers/{key}/?milestone=1")
        ).json()
        assert (kept["risk"], kept["selected_choices"]) == (
            before[key].risk,
            before[key].selected_choices,
        )
    milestone = contributor.get(workload_path(answered, "milestones/1/")).json()
    assert milestone["name"] == "Before the official rules"
    assert milestone["reviews"][0]["lens_version"] == ML_PREVIOUS_EDITION


def test_it_keeps_every_answer_when_a_review_moves_to_aws_s_wording(alice, staff, answered):
    """Issue 13 part 2: AWS's wording imported as a new version (here a synthetic file of the
    same shape) is an upgrade like any other; no answer is lost and the rules are the same."""
    from tests.catalog.official_rules import aws_shaped_ml_lens

    services.shipped_lenses_load()
    owner = client_for(alice)  # upgrading is an owner action (issue 12 finding 5)
    path = workload_path(answered, f"reviews/{ML_SLUG}/upgrade")
    first = owner.post(path, {"milestone_name": "Official rules"}, format="json")
    assert first.status_code == 200, first.content[:300]
    before = _answers(answered)
    lens = Lens.objects.get(slug=ML_SLUG)
    services.lens_import(raw=json.dumps(aws_shaped_ml_lens()), user=staff, lens=lens)
    services.lens_publish(lens=lens, version="2025-11-aws-text", is_major=True, user=staff)

    response = owner.post(path, {"milestone_name": "AWS wording"}, format="json")
    assert response.status_code == 200, response.content[:300]
    assert (response.json()["lens_version"], response.json()["milestone"]) == (
        "2025-11-aws-text",
        2,
    )
    after = _answers(answered)
    assert sorted(after) == sorted(before)
    for key, old in before.items():
        new = after[key]
        assert (new.selected_choices, new.notes, new.risk) == (
            old.selected_choices,
            old.notes,
            old.risk,
        ), key
        assert new.question.title == f"Placeholder question {key}"
        assert new.phase_key == old.phase_key
    assert_counts_match_answers(answered)
