"""The shipped Machine Learning Lens, checked against the fact sheet, and ``load_lenses``."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest
from django.core.management import CommandError

from catalog import services
from catalog.choices import RISK_TO_FORMAT, VersionStatus
from catalog.lensformat.lens import OFFICIAL_PILLARS as FRAMEWORK_PILLARS
from catalog.models import Choice, Lens, LensVersion, Question
from catalog.riskrules import compile_rules
from mllens.errors import DomainError
from tests.catalog.factories import (
    ML_EDITION,
    ML_SLUG,
    catalog_rows,
    custom_lens,
    load_shipped,
    shipped_report,
)
from tests.catalog.lensdocs import lens_doc
from tests.catalog.ml_facts import (
    BEST_PRACTICES,
    DESIGN_PRINCIPLES,
    PHASES,
    PILLARS,
    QUESTION_GROUPS,
)

DOCS = "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/"


@pytest.fixture
def version(ml_lens) -> LensVersion:
    return ml_lens.versions.get()


@pytest.fixture
def practices(version) -> list[Choice]:
    return list(
        Choice.objects.filter(question__lens_version=version, is_none=False).select_related(
            "question__pillar", "question__phase"
        )
    )


@pytest.fixture
def questions(version) -> list[Question]:
    return list(
        version.questions.select_related("pillar", "phase").prefetch_related(
            "choices", "risk_rules"
        )
    )


def test_it_loads_the_ml_lens_as_a_published_shipped_lens(ml_lens, version):
    assert ml_lens.is_shipped
    assert ml_lens.name == "Machine Learning Lens"
    assert version.status == VersionStatus.PUBLISHED
    assert version.version == ML_EDITION
    assert version.published_at is not None


def test_it_has_exactly_the_105_best_practices_of_the_fact_sheet(practices):
    found = [
        (c.best_practice_id, c.aliases, c.title, c.question.pillar.name, c.question.phase.name)
        for c in practices
    ]
    expected = [(bp.id, [bp.alias], bp.title, bp.pillar, bp.phase) for bp in BEST_PRACTICES]
    assert len(found) == 105
    assert sorted(found) == sorted(expected)


def test_it_keys_each_practice_by_its_id_in_the_question_of_its_group(practices):
    for choice in practices:
        assert choice.key == choice.best_practice_id.replace("-", "_")
        assert choice.best_practice_id.startswith(choice.question.key + "-BP")


def test_it_counts_practices_per_pillar_and_per_phase_as_the_fact_sheet(practices):
    per_pillar = Counter(c.question.pillar.name for c in practices)
    per_phase = Counter(c.question.phase.name for c in practices)
    assert [per_pillar[p] for p in PILLARS] == [16, 13, 13, 18, 29, 16]
    assert [per_phase[p] for p in PHASES] == [8, 15, 18, 33, 13, 18]


def test_it_has_35_questions_each_in_its_pillar_and_phase(questions):
    found = {q.key: (q.pillar.name, q.phase.name) for q in questions}
    assert len(questions) == 35
    assert found == {g.id: (g.pillar, g.phase) for g in QUESTION_GROUPS}


def test_it_lists_each_group_s_practices_in_order_then_none_of_these(questions):
    groups = {g.id: g for g in QUESTION_GROUPS}
    for question in questions:
        choices = list(question.choices.all())
        assert [c.best_practice_id for c in choices[:-1]] == list(
            groups[question.key].best_practices
        )
        none = choices[-1]
        assert (none.key, none.title, none.is_none) == (
            f"{question.key}_no",
            "None of these",
            True,
        )
        assert sum(c.is_none for c in choices) == 1


def test_it_orders_questions_by_pillar_then_phase(questions):
    assert [q.key for q in questions] == [g.id for g in QUESTION_GROUPS]
    assert [q.order for q in questions] == list(range(35))


def test_it_uses_the_official_pillar_ids_in_framework_order(version):
    pillars = list(version.pillars.all())
    assert [(p.key, p.name) for p in pillars] == list(zip(FRAMEWORK_PILLARS, PILLARS, strict=True))


def test_it_has_the_six_phases_in_lifecycle_order_with_descriptions(version):
    phases = list(version.phases.all())
    assert [p.name for p in phases] == list(PHASES)
    assert [p.order for p in phases] == list(range(6))
    assert all(p.description.strip() for p in phases)


def test_it_has_the_ten_design_principles(version):
    assert [p["title"] for p in version.design_principles] == list(DESIGN_PRINCIPLES)
    assert all(p["description"].strip() for p in version.design_principles)


def test_it_links_every_practice_to_its_page_in_the_lens_docs(practices):
    for choice in practices:
        assert choice.helpful_resource_url == f"{DOCS}{choice.best_practice_id.lower()}.html"
        assert choice.helpful_resource_text
        assert choice.description.strip()
        assert choice.improvement_plan_text.strip()


def test_it_gives_every_question_its_own_title_and_context(questions):
    assert len({q.title for q in questions}) == 35
    assert all(q.title.endswith("?") and q.description.strip() for q in questions)


def _risk(question: Question, selected) -> str:
    rules = compile_rules((r.condition, RISK_TO_FORMAT[r.risk]) for r in question.risk_rules.all())
    return rules.evaluate(frozenset(selected))


def test_it_rates_none_of_these_at_risk_and_everything_selected_no_risk(questions):
    for question in questions:
        practices = [c.key for c in question.choices.all() if not c.is_none]
        assert _risk(question, [f"{question.key}_no"]) in {"HIGH", "MEDIUM"}, question.key
        assert _risk(question, practices) == "NONE", question.key


def test_it_rates_high_whenever_a_foundational_practice_is_missing(questions):
    """The official rules' shape: the practices named in the NO_RISK rule are foundational
    wherever that rule needs all of them, and leaving any one out is HIGH (or, in MLPERF03,
    MLPERF05 and MLCOST03, MEDIUM)."""
    for question in questions:
        practices = [c.key for c in question.choices.all() if not c.is_none]
        levels = {_risk(question, set(practices) - {left_out}) for left_out in practices}
        assert levels <= {"NONE", "HIGH", "MEDIUM"}, question.key
        if len(practices) > 1 and "HIGH" in levels:
            assert "MEDIUM" not in levels, question.key


def test_it_ends_every_question_s_rules_with_default(questions):
    for question in questions:
        rules = list(question.risk_rules.all())
        assert rules[-1].condition == "default"
        assert [r.order for r in rules] == list(range(len(rules)))


def test_it_changes_nothing_when_loaded_twice(ml_lens, version):
    before = catalog_rows()
    ids = sorted(Choice.objects.values_list("id", flat=True))
    output = load_shipped()
    assert output.splitlines() == shipped_report("unchanged")
    assert catalog_rows() == before
    assert sorted(Choice.objects.values_list("id", flat=True)) == ids
    assert LensVersion.objects.get(lens__slug=ML_SLUG) == version
    assert LensVersion.objects.get(lens__slug=ML_SLUG).document_sha256 == version.document_sha256


def test_it_prints_loaded_the_first_time(db):
    assert load_shipped().splitlines() == shipped_report("loaded")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A copy of the shipped data that ``load_lenses`` reads instead of catalog/data."""
    shutil.copy(services.SHIPPED_DIR / f"{ML_SLUG}.json", tmp_path)
    monkeypatch.setattr(services, "SHIPPED_DIR", tmp_path)
    return tmp_path


def _edit(data_dir, change) -> None:
    path = data_dir / f"{ML_SLUG}.json"
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document, indent=2))


def _retitle(document: dict) -> None:
    document["pillars"][0]["questions"][0]["title"] = "How do you own the outcome?"


def test_it_refuses_changed_content_under_an_already_published_edition(ml_lens, data_dir):
    before = catalog_rows()
    _edit(data_dir, _retitle)
    with pytest.raises(CommandError, match=r"EDITION_UNCHANGED: machine-learning\.json changed"):
        load_shipped()
    with pytest.raises(DomainError) as caught:
        services.shipped_lenses_load()
    assert caught.value.code == "EDITION_UNCHANGED"
    assert ML_EDITION in caught.value.message
    assert catalog_rows() == before


def test_it_adds_a_new_edition_as_a_new_published_version_and_keeps_the_old(ml_lens, data_dir):
    old = ml_lens.versions.get()
    old_questions = list(old.questions.values_list("id", "key", "title"))

    def new_edition(document):
        _retitle(document)
        document["mllens"]["edition"] = "2026-05"

    _edit(data_dir, new_edition)
    assert load_shipped().strip() == f"{ML_SLUG} 2026-05: loaded"
    versions = list(ml_lens.versions.filter(status=VersionStatus.PUBLISHED).order_by("id"))
    assert [v.version for v in versions] == [ML_EDITION, "2026-05"]
    assert versions[0].document == old.document
    assert versions[0].document_sha256 == old.document_sha256
    assert list(versions[0].questions.values_list("id", "key", "title")) == old_questions
    assert versions[1].questions.get(key="MLOPS01").title == "How do you own the outcome?"
    assert load_shipped().strip() == f"{ML_SLUG} 2026-05: unchanged"


def test_it_reports_an_invalid_shipped_file_as_a_command_error(db, data_dir):
    _edit(data_dir, lambda document: document.pop("pillars"))
    with pytest.raises(CommandError, match=r"machine-learning\.json .*MISSING_FIELD at /pillars"):
        load_shipped()
    assert not Lens.objects.exists()


def test_it_never_gives_a_custom_lens_the_slug_of_a_shipped_lens(alice):
    lens = custom_lens(alice, lens_doc(name="Machine learning"))
    assert lens.slug != ML_SLUG
    load_shipped()
    assert Lens.objects.get(slug=ML_SLUG).is_shipped


def test_it_refuses_to_load_a_shipped_lens_into_a_custom_lens_with_its_slug(alice):
    lens = custom_lens(alice)
    Lens.objects.filter(pk=lens.pk).update(slug=ML_SLUG)
    before = catalog_rows()
    with pytest.raises(CommandError, match="SLUG_TAKEN"):
        load_shipped()
    # All or nothing: the lenses whose files come before it are not loaded either.
    assert catalog_rows() == before
    assert list(Lens.objects.values_list("slug", flat=True)) == [ML_SLUG]
