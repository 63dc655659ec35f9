"""The shipped Generative AI Lens, checked against its fact sheet (issue 13 part 6)."""

from __future__ import annotations

from collections import Counter

import pytest

from catalog import lensformat, services
from catalog.choices import FRAMEWORK_PILLARS, VersionStatus
from catalog.models import Choice, Lens, LensVersion
from tests.catalog import genai_facts as facts
from tests.catalog.factories import catalog_rows, load_shipped
from tests.catalog.shipped_checks import (
    assert_exports_re_import,
    assert_official_rules,
    assert_own_words,
    questions_of,
    shipped_version,
)

SLUG = "generative-ai"
EDITION = "2025-11-19"
DOCS = "https://docs.aws.amazon.com/wellarchitected/latest/generative-ai-lens/"
GROUPS = {g.id: g for g in facts.QUESTION_GROUPS}


@pytest.fixture
def version(db) -> LensVersion:
    return shipped_version(SLUG)


@pytest.fixture
def questions(version):
    return questions_of(version)


@pytest.fixture
def practices(questions) -> list[Choice]:
    return [c for q in questions for c in q.choices.all() if not c.is_none]


def test_it_passes_the_strict_validator_without_a_warning():
    raw = (services.SHIPPED_DIR / f"{SLUG}.json").read_bytes()
    result = lensformat.load(raw, strict=True)
    assert result.warnings == []
    assert result.document["mllens"]["edition"] == EDITION


def test_it_exports_in_both_formats_to_files_strict_mode_accepts():
    assert_exports_re_import(SLUG)


def test_it_loads_as_a_published_shipped_lens(version):
    lens = version.lens
    assert (lens.is_shipped, lens.name, lens.owner) == (True, "Generative AI Lens", None)
    assert (version.status, version.version) == (VersionStatus.PUBLISHED, EDITION)
    assert version.published_at is not None


def test_it_has_exactly_the_51_best_practices_of_the_fact_sheet(practices):
    phases = {p.key: p.name for p in practices[0].question.lens_version.phases.all()}
    found = sorted(
        (c.best_practice_id, c.title, c.question.pillar.name, tuple(phases[k] for k in c.phases))
        for c in practices
    )
    expected = sorted((bp.id, bp.title, bp.pillar, bp.phases) for bp in facts.BEST_PRACTICES)
    assert len(found) == 51
    assert found == expected


def test_it_keys_each_practice_as_the_aws_json_does(practices):
    for choice in practices:
        assert choice.key == choice.best_practice_id.replace("-", "_")
        assert choice.best_practice_id.startswith(choice.question.key + "-BP")
        assert choice.aliases == []


def test_it_has_29_questions_in_fact_sheet_order_with_their_practices_then_none(questions):
    assert [q.key for q in questions] == list(GROUPS)
    assert [q.order for q in questions] == list(range(29))
    for question in questions:
        group = GROUPS[question.key]
        assert question.pillar.name == group.pillar
        choices = list(question.choices.all())
        assert [c.best_practice_id for c in choices[:-1]] == list(group.best_practices)
        assert (choices[-1].key, choices[-1].is_none) == (f"{question.key}_no", True)
        assert sum(c.is_none for c in choices) == 1


def test_it_counts_groups_and_practices_per_pillar_as_the_fact_sheet(questions, practices):
    groups = Counter(q.pillar.name for q in questions)
    per_pillar = Counter(c.question.pillar.name for c in practices)
    assert [groups[p] for p in facts.PILLARS] == list(facts.GROUPS_PER_PILLAR)
    assert [per_pillar[p] for p in facts.PILLARS] == list(facts.PRACTICES_PER_PILLAR)


def test_it_uses_the_framework_pillars_in_order(version):
    pillars = list(version.pillars.all())
    assert [(p.key, p.name) for p in pillars] == list(
        zip(FRAMEWORK_PILLARS, facts.PILLARS, strict=True)
    )


def test_it_places_practices_not_questions_in_the_six_phases(version, questions):
    phases = list(version.phases.all())
    assert [p.name for p in phases] == list(facts.PHASES)
    assert all(p.description.strip() for p in phases)
    # The lens groups questions by topic; only its practices carry phases.
    assert not any(p.places_questions for p in phases)
    assert all(q.phase is None for q in questions)


def test_it_reproduces_appendix_a_pillar_by_phase(version, practices):
    names = {p.key: p.name for p in version.phases.all()}
    cells = Counter((c.question.pillar.name, names[key]) for c in practices for key in c.phases)
    matrix = tuple(
        tuple(cells[pillar, phase] for phase in facts.PHASES) for pillar in facts.PILLARS
    )
    assert matrix == facts.PILLAR_PHASE_MATRIX
    per_phase = Counter(names[key] for c in practices for key in c.phases)
    assert tuple(per_phase[p] for p in facts.PHASES) == facts.PRACTICES_PER_PHASE
    assert sorted(c.best_practice_id for c in practices if not c.phases) == sorted(facts.UNPLACED)
    assert sorted(c.best_practice_id for c in practices if len(c.phases) == 2) == sorted(
        facts.PLACED_TWICE
    )


def test_it_has_the_six_design_principles(version):
    assert [p["title"] for p in version.design_principles] == list(facts.DESIGN_PRINCIPLES)
    assert all(p["description"].strip() for p in version.design_principles)


def test_it_says_everything_in_its_own_words_and_links_each_practice(questions):
    published = {g.id: g.published_question for g in facts.QUESTION_GROUPS}
    assert_own_words(questions, published, DOCS)


def test_it_gives_every_selection_the_official_risk(questions):
    """Exhaustive: every subset of every question's choices, as the official rules rate it."""
    levels = {g.id: g.if_any_missing for g in facts.QUESTION_GROUPS}
    assert sum(level == "HIGH" for level in levels.values()) == facts.HIGH_RULE_GROUPS
    assert assert_official_rules(questions, levels) == sum(
        2 ** (g.size + 1) for g in facts.QUESTION_GROUPS
    )


def test_its_fact_table_agrees_with_the_fact_sheet_counts():
    risk_words = Counter(bp.risk for bp in facts.BEST_PRACTICES)
    assert dict(risk_words) == facts.RISK_WORDS
    assert sum(g.size for g in facts.QUESTION_GROUPS) == len(facts.BEST_PRACTICES) == 51
    by_group = Counter(bp.id.split("-")[0] for bp in facts.BEST_PRACTICES)
    assert by_group == {g.id: g.size for g in facts.QUESTION_GROUPS}


def test_it_changes_nothing_when_loaded_again(version):
    before = catalog_rows()
    ids = sorted(Choice.objects.filter(question__lens_version=version).values_list("id", flat=True))
    assert f"{SLUG} {EDITION}: unchanged" in load_shipped().splitlines()
    assert catalog_rows() == before
    assert (
        sorted(Choice.objects.filter(question__lens_version=version).values_list("id", flat=True))
        == ids
    )
    assert Lens.objects.get(slug=SLUG).versions.get() == version
