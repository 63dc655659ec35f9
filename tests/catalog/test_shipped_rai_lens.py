"""The shipped Responsible AI Lens, checked against its fact sheet (issue 13 part 6)."""

from __future__ import annotations

from collections import Counter

import pytest

from catalog import lensformat, services
from catalog.choices import VersionStatus
from catalog.models import Choice, Lens, LensVersion
from tests.catalog import rai_facts as facts
from tests.catalog.factories import catalog_rows, load_shipped
from tests.catalog.shipped_checks import (
    assert_exports_re_import,
    assert_official_rules,
    assert_own_words,
    questions_of,
    shipped_version,
)

SLUG = "responsible-ai"
EDITION = "2025-11-19"
DOCS = "https://docs.aws.amazon.com/wellarchitected/latest/responsible-ai-lens/"
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
    assert (lens.is_shipped, lens.name, lens.owner) == (True, "Responsible AI Lens", None)
    assert (version.status, version.version) == (VersionStatus.PUBLISHED, EDITION)


def test_it_has_exactly_the_99_best_practices_of_the_fact_sheet(practices):
    found = sorted((c.best_practice_id, c.title, c.question.pillar.name) for c in practices)
    expected = sorted((bp.id, bp.title, bp.focus_area) for bp in facts.BEST_PRACTICES)
    assert len(found) == 99
    assert found == expected


def test_it_keeps_the_published_numbering_gaps_and_rai_sp01_bp02(practices):
    ids = {c.best_practice_id for c in practices}
    assert not ids & set(facts.NUMBERING_GAPS)
    assert "RAISP01-BP02" in ids


def test_it_keys_each_practice_as_the_aws_json_does(practices):
    for choice in practices:
        assert choice.key == choice.best_practice_id.replace("-", "_")
        assert choice.best_practice_id.startswith(choice.question.key + "-BP")
        assert (choice.aliases, choice.phases) == ([], [])


def test_it_uses_the_eight_focus_areas_as_its_pillars_in_order(version):
    pillars = list(version.pillars.all())
    assert [(p.key, p.name) for p in pillars] == list(
        zip(facts.PILLAR_IDS, facts.FOCUS_AREAS, strict=True)
    )


def test_it_has_28_questions_in_order_with_their_practices_then_none(questions):
    assert [q.key for q in questions] == list(GROUPS)
    assert [q.order for q in questions] == list(range(28))
    for question in questions:
        group = GROUPS[question.key]
        assert question.pillar.name == group.focus_area
        choices = list(question.choices.all())
        assert [c.best_practice_id for c in choices[:-1]] == list(group.best_practices)
        assert (choices[-1].key, choices[-1].is_none) == (f"{question.key}_no", True)


def test_it_counts_groups_and_practices_per_focus_area_as_the_fact_sheet(questions, practices):
    groups = Counter(q.pillar.name for q in questions)
    per_area = Counter(c.question.pillar.name for c in practices)
    assert [groups[a] for a in facts.FOCUS_AREAS] == list(facts.GROUPS_PER_AREA)
    assert [per_area[a] for a in facts.FOCUS_AREAS] == list(facts.PRACTICES_PER_AREA)


def test_it_defines_no_lifecycle_phases(version, questions):
    assert not version.phases.exists()
    assert all(q.phase is None for q in questions)


def test_it_has_the_three_design_principles(version):
    assert [p["title"] for p in version.design_principles] == list(facts.DESIGN_PRINCIPLES)
    assert all(p["description"].strip() for p in version.design_principles)


def test_it_says_everything_in_its_own_words_and_links_each_practice(questions):
    published = {g.id: g.published_question for g in facts.QUESTION_GROUPS}
    assert_own_words(questions, published, DOCS)


def test_it_gives_every_selection_the_official_risk(questions):
    """Exhaustive: every subset of every question's choices, as the official rules rate it
    (RAISP02's eleven choices alone make 2,048 selections)."""
    levels = {g.id: g.if_any_missing for g in facts.QUESTION_GROUPS}
    medium = sorted(key for key, level in levels.items() if level == "MEDIUM")
    assert medium == sorted(facts.MEDIUM_RULE_GROUPS)
    assert assert_official_rules(questions, levels) == sum(
        2 ** (len(g.numbers) + 1) for g in facts.QUESTION_GROUPS
    )


def test_its_fact_table_agrees_with_the_fact_sheet_counts():
    assert dict(Counter(bp.risk for bp in facts.BEST_PRACTICES)) == facts.RISK_WORDS
    assert sum(len(g.numbers) for g in facts.QUESTION_GROUPS) == len(facts.BEST_PRACTICES) == 99
    listed = sorted(bp.id for bp in facts.BEST_PRACTICES)
    assert listed == sorted(bp for g in facts.QUESTION_GROUPS for bp in g.best_practices)


def test_it_changes_nothing_when_loaded_again(version):
    before = catalog_rows()
    assert f"{SLUG} {EDITION}: unchanged" in load_shipped().splitlines()
    assert catalog_rows() == before
    assert Lens.objects.get(slug=SLUG).versions.get() == version
