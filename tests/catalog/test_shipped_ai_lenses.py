"""The shipped Generative AI and Responsible AI Lenses, each checked against its fact sheet
(issue 13 part 6).

The checks both lenses share run once per lens (``lens`` is parametrised); what only one of
them has (the Generative AI Lens's phases and Appendix A, the Responsible AI Lens's
numbering gaps and focus areas) has a test of its own below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import pytest

from catalog import lensformat, services
from catalog.choices import VersionStatus
from catalog.lensformat.lens import OFFICIAL_PILLARS as FRAMEWORK_PILLARS
from catalog.models import Choice, Lens, LensVersion
from tests.catalog import genai_facts, rai_facts
from tests.catalog.factories import catalog_rows, load_shipped
from tests.catalog.shipped_checks import (
    assert_exports_re_import,
    assert_official_rules,
    assert_own_words,
    questions_of,
    shipped_version,
)

EDITION = "2025-11-19"


@dataclass(frozen=True)
class Shipped:
    """One shipped lens and how its fact sheet names things."""

    slug: str
    name: str
    facts: ModuleType
    practices: int
    questions: int
    # The lens's pillars as (key, name), in order; the Responsible AI Lens's are focus areas.
    pillars: tuple[tuple[str, str], ...]
    groups_per_pillar: tuple[int, ...]
    practices_per_pillar: tuple[int, ...]
    pillar_of: Callable  # a fact sheet's question group or best practice -> its pillar name
    size_of: Callable  # a question group -> how many best practices it has

    @property
    def docs(self) -> str:
        return f"https://docs.aws.amazon.com/wellarchitected/latest/{self.slug}-lens/"

    @property
    def groups(self) -> dict:
        return {g.id: g for g in self.facts.QUESTION_GROUPS}


GENAI = Shipped(
    slug="generative-ai",
    name="Generative AI Lens",
    facts=genai_facts,
    practices=51,
    questions=29,
    pillars=tuple(zip(FRAMEWORK_PILLARS, genai_facts.PILLARS, strict=True)),
    groups_per_pillar=genai_facts.GROUPS_PER_PILLAR,
    practices_per_pillar=genai_facts.PRACTICES_PER_PILLAR,
    pillar_of=lambda item: item.pillar,
    size_of=lambda group: group.size,
)
RAI = Shipped(
    slug="responsible-ai",
    name="Responsible AI Lens",
    facts=rai_facts,
    practices=99,
    questions=28,
    pillars=tuple(zip(rai_facts.PILLAR_IDS, rai_facts.FOCUS_AREAS, strict=True)),
    groups_per_pillar=rai_facts.GROUPS_PER_AREA,
    practices_per_pillar=rai_facts.PRACTICES_PER_AREA,
    pillar_of=lambda item: item.focus_area,
    size_of=lambda group: len(group.numbers),
)


@pytest.fixture(params=[GENAI, RAI], ids=lambda lens: lens.slug)
def lens(request) -> Shipped:
    return request.param


def _version(lens: Shipped) -> LensVersion:
    return shipped_version(lens.slug)


def _practices(questions) -> list[Choice]:
    return [c for q in questions for c in q.choices.all() if not c.is_none]


@pytest.fixture
def version(db, lens) -> LensVersion:
    return _version(lens)


@pytest.fixture
def questions(version):
    return questions_of(version)


@pytest.fixture
def practices(questions) -> list[Choice]:
    return _practices(questions)


# What both lenses share.


def test_it_passes_the_strict_validator_without_a_warning(lens):
    raw = (services.SHIPPED_DIR / f"{lens.slug}.json").read_bytes()
    result = lensformat.load(raw, strict=True)
    assert result.warnings == []
    assert result.document["mllens"]["edition"] == EDITION


def test_it_exports_in_both_formats_to_files_strict_mode_accepts(lens):
    assert_exports_re_import(lens.slug)


def test_it_loads_as_a_published_shipped_lens(lens, version):
    shipped = version.lens
    assert (shipped.is_shipped, shipped.name, shipped.owner) == (True, lens.name, None)
    assert (version.status, version.version) == (VersionStatus.PUBLISHED, EDITION)
    assert version.published_at is not None


def test_it_has_exactly_the_best_practices_of_the_fact_sheet(lens, practices):
    found = sorted((c.best_practice_id, c.title, c.question.pillar.name) for c in practices)
    expected = sorted((bp.id, bp.title, lens.pillar_of(bp)) for bp in lens.facts.BEST_PRACTICES)
    assert len(found) == lens.practices
    assert found == expected


def test_it_keys_each_practice_as_the_aws_json_does(practices):
    for choice in practices:
        assert choice.key == choice.best_practice_id.replace("-", "_")
        assert choice.best_practice_id.startswith(choice.question.key + "-BP")
        assert choice.aliases == []


def test_it_has_its_questions_in_fact_sheet_order_with_their_practices_then_none(lens, questions):
    assert [q.key for q in questions] == list(lens.groups)
    assert [q.order for q in questions] == list(range(lens.questions))
    for question in questions:
        group = lens.groups[question.key]
        assert question.pillar.name == lens.pillar_of(group)
        choices = list(question.choices.all())
        assert [c.best_practice_id for c in choices[:-1]] == list(group.best_practices)
        assert (choices[-1].key, choices[-1].is_none) == (f"{question.key}_no", True)
        assert sum(c.is_none for c in choices) == 1


def test_it_counts_groups_and_practices_per_pillar_as_the_fact_sheet(lens, questions, practices):
    names = [name for _, name in lens.pillars]
    groups = Counter(q.pillar.name for q in questions)
    per_pillar = Counter(c.question.pillar.name for c in practices)
    assert [groups[p] for p in names] == list(lens.groups_per_pillar)
    assert [per_pillar[p] for p in names] == list(lens.practices_per_pillar)


def test_it_uses_its_pillars_in_order(lens, version):
    assert [(p.key, p.name) for p in version.pillars.all()] == list(lens.pillars)


def test_it_has_the_design_principles_of_the_fact_sheet(lens, version):
    assert [p["title"] for p in version.design_principles] == list(lens.facts.DESIGN_PRINCIPLES)
    assert all(p["description"].strip() for p in version.design_principles)


def test_it_says_everything_in_its_own_words_and_links_each_practice(lens, questions):
    published = {g.id: g.published_question for g in lens.facts.QUESTION_GROUPS}
    assert_own_words(questions, published, lens.docs)


def test_it_gives_every_selection_the_official_risk(lens, questions):
    """Exhaustive: every subset of every question's choices, as the official rules rate it
    (RAISP02's eleven choices alone make 2,048 selections)."""
    levels = {g.id: g.if_any_missing for g in lens.facts.QUESTION_GROUPS}
    assert assert_official_rules(questions, levels) == sum(
        2 ** (lens.size_of(g) + 1) for g in lens.facts.QUESTION_GROUPS
    )


def test_its_fact_table_agrees_with_the_fact_sheet_counts(lens):
    facts = lens.facts
    assert dict(Counter(bp.risk for bp in facts.BEST_PRACTICES)) == facts.RISK_WORDS
    assert (
        sum(lens.size_of(g) for g in facts.QUESTION_GROUPS)
        == len(facts.BEST_PRACTICES)
        == lens.practices
    )


def test_it_changes_nothing_when_loaded_again(lens, version):
    before = catalog_rows()
    ids = sorted(Choice.objects.filter(question__lens_version=version).values_list("id", flat=True))
    assert f"{lens.slug} {EDITION}: unchanged" in load_shipped().splitlines()
    assert catalog_rows() == before
    assert (
        sorted(Choice.objects.filter(question__lens_version=version).values_list("id", flat=True))
        == ids
    )
    assert Lens.objects.get(slug=lens.slug).versions.get() == version


# The Generative AI Lens only: lifecycle phases on its practices (Appendix A).


@pytest.fixture
def genai_version(db) -> LensVersion:
    return _version(GENAI)


@pytest.fixture
def genai_practices(genai_version) -> list[Choice]:
    return _practices(questions_of(genai_version))


def test_genai_places_each_practice_in_the_phases_of_the_fact_sheet(genai_practices):
    phases = {p.key: p.name for p in genai_practices[0].question.lens_version.phases.all()}
    found = sorted(
        (c.best_practice_id, tuple(phases[k] for k in c.phases)) for c in genai_practices
    )
    assert found == sorted((bp.id, bp.phases) for bp in genai_facts.BEST_PRACTICES)


def test_genai_places_practices_not_questions_in_the_six_phases(genai_version):
    phases = list(genai_version.phases.all())
    assert [p.name for p in phases] == list(genai_facts.PHASES)
    assert all(p.description.strip() for p in phases)
    # The lens groups questions by topic; only its practices carry phases.
    assert not any(p.places_questions for p in phases)
    assert all(q.phase is None for q in questions_of(genai_version))


def test_genai_reproduces_appendix_a_pillar_by_phase(genai_version, genai_practices):
    facts = genai_facts
    names = {p.key: p.name for p in genai_version.phases.all()}
    cells = Counter(
        (c.question.pillar.name, names[key]) for c in genai_practices for key in c.phases
    )
    matrix = tuple(
        tuple(cells[pillar, phase] for phase in facts.PHASES) for pillar in facts.PILLARS
    )
    assert matrix == facts.PILLAR_PHASE_MATRIX
    per_phase = Counter(names[key] for c in genai_practices for key in c.phases)
    assert tuple(per_phase[p] for p in facts.PHASES) == facts.PRACTICES_PER_PHASE
    unplaced = sorted(c.best_practice_id for c in genai_practices if not c.phases)
    assert unplaced == sorted(facts.UNPLACED)
    twice = sorted(c.best_practice_id for c in genai_practices if len(c.phases) == 2)
    assert twice == sorted(facts.PLACED_TWICE)


def test_genai_rule_levels_and_fact_table_groups():
    levels = [g.if_any_missing for g in genai_facts.QUESTION_GROUPS]
    assert levels.count("HIGH") == genai_facts.HIGH_RULE_GROUPS
    by_group = Counter(bp.id.split("-")[0] for bp in genai_facts.BEST_PRACTICES)
    assert by_group == {g.id: g.size for g in genai_facts.QUESTION_GROUPS}


# The Responsible AI Lens only: no phases, focus areas as pillars, published numbering gaps.


@pytest.fixture
def rai_version(db) -> LensVersion:
    return _version(RAI)


def test_rai_defines_no_lifecycle_phases(rai_version):
    assert not rai_version.phases.exists()
    questions = questions_of(rai_version)
    assert all(q.phase is None for q in questions)
    assert all(c.phases == [] for c in _practices(questions))


def test_rai_keeps_the_published_numbering_gaps_and_rai_sp01_bp02(rai_version):
    ids = {c.best_practice_id for c in _practices(questions_of(rai_version))}
    assert not ids & set(rai_facts.NUMBERING_GAPS)
    assert "RAISP01-BP02" in ids


def test_rai_rule_levels_and_fact_table_groups():
    medium = sorted(g.id for g in rai_facts.QUESTION_GROUPS if g.if_any_missing == "MEDIUM")
    assert medium == sorted(rai_facts.MEDIUM_RULE_GROUPS)
    listed = sorted(bp.id for bp in rai_facts.BEST_PRACTICES)
    assert listed == sorted(bp for g in rai_facts.QUESTION_GROUPS for bp in g.best_practices)
