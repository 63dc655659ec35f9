"""Writes to the catalogue: import, publish, delete, and what they must never touch."""

from __future__ import annotations

import json
import math

import pytest
from django.db import connection
from django.db.models import AutoField
from django.test.utils import CaptureQueriesContext

from catalog import lensformat, services
from catalog.choices import VersionStatus
from catalog.models import Choice, Lens, LensVersion, Phase, Pillar, Question, RiskRule
from mllens.errors import DomainError, PermissionDeniedError
from reviews.models import LensReview, Workload
from tests.catalog.factories import catalog_rows, custom_lens
from tests.catalog.lensdocs import choice, lens_doc, question


def _import(user, doc=None, **kwargs) -> services.ImportResult:
    return services.lens_import(raw=json.dumps(doc or lens_doc()), user=user, **kwargs)


def _publish(lens, user, version="1.0", is_major=False) -> LensVersion:
    return services.lens_publish(lens=lens, version=version, is_major=is_major, user=user)


def _snapshot(version: LensVersion) -> dict:
    """Every stored value of a version and its tree."""
    return {
        "version": LensVersion.objects.filter(pk=version.pk).values().get(),
        "phases": list(Phase.objects.filter(lens_version=version).values()),
        "pillars": list(Pillar.objects.filter(lens_version=version).values()),
        "questions": list(Question.objects.filter(lens_version=version).values()),
        "choices": list(Choice.objects.filter(question__lens_version=version).values()),
        "rules": list(RiskRule.objects.filter(question__lens_version=version).values()),
    }


def test_it_imports_a_file_as_the_draft_of_a_new_lens_owned_by_the_importer(alice):
    result = _import(alice)
    assert result.created
    assert (result.lens.slug, result.lens.name, result.lens.owner) == (
        "test-lens",
        "Test lens",
        alice,
    )
    draft = result.draft
    assert (draft.status, draft.version, draft.published_at) == (VersionStatus.DRAFT, "", None)
    assert draft.document == lens_doc()
    assert draft.document_sha256 == services.document_sha256(lens_doc())
    assert draft.created_by == alice
    assert (draft.pillars.count(), draft.questions.count()) == (2, 4)
    assert Choice.objects.filter(question__lens_version=draft).count() == 16
    assert Choice.objects.filter(question__lens_version=draft, is_none=True).count() == 4
    assert RiskRule.objects.filter(question__lens_version=draft).count() == 12
    assert result.warnings == []


def test_it_stores_the_tree_in_document_order_with_its_texts(alice):
    draft = _import(alice).draft
    q = draft.questions.get(key="p2q1")
    assert (q.pillar.key, q.order, q.title, q.description) == (
        "pillar2",
        2,
        "How do you handle p2q1?",
        "Context for p2q1.",
    )
    assert (q.helpful_resource_text, q.helpful_resource_url) == (
        "Read this.",
        "https://example.com/p2q1",
    )
    c = q.choices.get(key="p2q1_c2")
    assert (c.order, c.title, c.improvement_plan_text, c.helpful_resource_url, c.is_none) == (
        1,
        "Practice p2q1_c2",
        "Start doing p2q1_c2.",
        "https://example.com/p2q1_c2",
        False,
    )
    rules = list(q.risk_rules.values_list("order", "condition", "risk"))
    assert rules == [
        (0, "p2q1_c1 && p2q1_c2 && p2q1_c3", "NONE"),
        (1, "p2q1_c1 || p2q1_c2", "MEDIUM"),
        (2, "default", "HIGH"),
    ]


def test_it_keeps_the_lenient_warnings_with_the_draft(alice):
    doc = lens_doc(_note="internal")
    result = _import(alice, doc)
    assert [(w.code, w.pointer) for w in result.warnings] == [("UNKNOWN_KEY", "/_note")]
    assert result.draft.import_warnings == [w.as_dict() for w in result.warnings]
    assert "_note" not in result.draft.document


def test_it_gives_each_new_lens_its_own_slug(alice, bob):
    assert _import(alice).lens.slug == "test-lens"
    assert _import(bob).lens.slug == "test-lens-2"
    assert _import(alice, lens_doc(name="¡¡¡")).lens.slug == "lens"


@pytest.mark.parametrize(
    ("name", "slug"), [("Import", "import-2"), ("Machine Learning", "machine-learning-2")]
)
def test_it_never_takes_a_slug_reserved_for_pages_or_shipped_lenses(alice, name, slug):
    assert _import(alice, lens_doc(name=name)).lens.slug == slug


def test_it_replaces_only_the_draft_when_importing_into_an_existing_lens(alice):
    lens = _import(alice).lens
    first = lens.versions.get()
    doc = lens_doc()
    question(doc)["title"] = "A new title?"
    result = _import(alice, doc, lens=lens)
    assert not result.created
    assert result.lens == lens
    assert list(lens.versions.values_list("status", flat=True)) == [VersionStatus.DRAFT]
    assert not LensVersion.objects.filter(pk=first.pk).exists()
    assert not Question.objects.filter(lens_version_id=first.pk).exists()
    assert result.draft.questions.get(key="p1q1").title == "A new title?"
    assert Lens.objects.count() == 1


def test_it_never_changes_a_published_version(alice):
    lens = _import(alice).lens
    published = _publish(lens, alice, "1.0")
    before = _snapshot(published)
    doc = lens_doc(name="Renamed lens")
    question(doc)["title"] = "Changed?"
    choice(doc)["title"] = "Changed practice"
    del doc["pillars"][1]
    _import(alice, doc, lens=lens)
    assert _snapshot(published) == before
    _import(alice, doc, lens=lens)
    _publish(lens, alice, "2.0", is_major=True)
    assert _snapshot(published) == before
    assert lens.versions.filter(status=VersionStatus.PUBLISHED).count() == 2


def test_it_publishes_the_draft_under_its_label(alice):
    lens = _import(alice).lens
    draft = lens.versions.get()
    version = _publish(lens, alice, "  2025.1  ", is_major=True)
    assert version.pk == draft.pk
    assert (version.status, version.version, version.is_major) == (
        VersionStatus.PUBLISHED,
        "2025.1",
        True,
    )
    assert version.published_at is not None
    assert not lens.versions.filter(status=VersionStatus.DRAFT).exists()


def test_it_takes_the_lens_name_from_the_version_published_last(alice):
    lens = _import(alice).lens
    _publish(lens, alice, "1.0")
    _import(alice, lens_doc(name="Better name", description="Better."), lens=lens)
    lens.refresh_from_db()
    assert lens.name == "Test lens"
    _publish(lens, alice, "1.1")
    lens.refresh_from_db()
    assert (lens.name, lens.description) == ("Better name", "Better.")


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("", "LENGTH"),
        ("   ", "LENGTH"),
        ("x" * 33, "LENGTH"),
        ("1\n0", "CHARSET"),
        ("1\t0", "CHARSET"),
        ("1\u200b0", "CHARSET"),
        ("2025/11", "CHARSET"),
        ("latest", "RESERVED"),
        ("Draft", "RESERVED"),
    ],
)
def test_it_refuses_a_version_label_that_is_empty_too_long_invisible_slashed_or_reserved(
    alice, label, code
):
    lens = _import(alice).lens
    with pytest.raises(DomainError) as caught:
        _publish(lens, alice, label)
    assert (caught.value.code, caught.value.status) == ("VALIDATION_ERROR", 400)
    assert [(e.code, e.pointer) for e in caught.value.errors] == [(code, "/version")]
    assert lens.versions.get().status == VersionStatus.DRAFT


def test_it_accepts_any_other_label_of_visible_characters(alice):
    lens = custom_lens(alice, publish=("2025-11 — «beta» & co",))
    assert lens.versions.get().version == "2025-11 — «beta» & co"


def test_it_accepts_a_label_of_32_characters(alice):
    lens = _import(alice).lens
    assert _publish(lens, alice, "x" * 32).version == "x" * 32


def test_it_refuses_a_label_that_is_already_published(alice):
    lens = custom_lens(alice, publish=("1.0",), draft=True)
    with pytest.raises(DomainError) as caught:
        _publish(lens, alice, "1.0")
    assert (caught.value.code, caught.value.status) == ("VERSION_EXISTS", 409)
    assert lens.versions.filter(status=VersionStatus.DRAFT).count() == 1


def test_it_refuses_to_publish_without_a_draft(alice):
    lens = custom_lens(alice, publish=("1.0",))
    with pytest.raises(DomainError) as caught:
        _publish(lens, alice, "2.0")
    assert (caught.value.code, caught.value.status) == ("NO_DRAFT", 409)


def test_it_refuses_a_101st_published_version(alice, monkeypatch):
    monkeypatch.setattr(services, "MAX_PUBLISHED_VERSIONS", 2)
    lens = custom_lens(alice, publish=("1", "2"), draft=True)
    with pytest.raises(DomainError) as caught:
        _publish(lens, alice, "3")
    assert (caught.value.code, caught.value.status) == ("LIMIT", 409)


def test_it_lets_only_the_owner_or_staff_import_publish_or_delete(alice, bob, staff):
    lens = custom_lens(alice, publish=("1.0",), draft=True)
    before = catalog_rows()
    with pytest.raises(PermissionDeniedError):
        _import(bob, lens=lens)
    with pytest.raises(PermissionDeniedError):
        _publish(lens, bob, "2.0")
    with pytest.raises(PermissionDeniedError):
        services.lens_delete(lens=lens, user=bob)
    with pytest.raises(PermissionDeniedError):
        services.lens_draft_discard(lens=lens, user=bob)
    assert catalog_rows() == before

    _import(staff, lens=lens)
    assert _publish(lens, staff, "2.0").created_by == staff
    services.lens_delete(lens=lens, user=staff)
    assert not Lens.objects.filter(pk=lens.pk).exists()


def test_it_checks_permission_before_reading_the_file(alice, bob):
    lens = custom_lens(alice, publish=("1.0",))
    with pytest.raises(PermissionDeniedError):
        services.lens_import(raw=b"\xef\xbb\xbf{not json", user=bob, lens=lens)


def test_it_lets_only_staff_add_versions_to_a_shipped_lens_and_nobody_delete_it(
    ml_lens, alice, staff
):
    """Issue 13 part 2: staff may bring AWS's wording in as a new version of a shipped lens."""
    before = catalog_rows()
    with pytest.raises(PermissionDeniedError):
        _import(alice, lens=ml_lens)
    with pytest.raises(PermissionDeniedError):
        _publish(ml_lens, alice, "2099")
    for user in (alice, staff):
        with pytest.raises(DomainError) as caught:
            services.lens_delete(lens=ml_lens, user=user)
        assert (caught.value.code, caught.value.status) == ("SHIPPED_LENS", 409)
    assert catalog_rows() == before
    _import(staff, lens=ml_lens)
    assert _publish(ml_lens, staff, "2099").lens == ml_lens
    assert Lens.objects.get(pk=ml_lens.pk).is_shipped


def test_it_deletes_a_custom_lens_with_all_its_versions(alice, ml_lens):
    before = catalog_rows()
    lens = custom_lens(alice, publish=("1.0", "2.0"), draft=True)
    services.lens_delete(lens=lens, user=alice)
    assert catalog_rows() == before


def test_it_refuses_to_delete_a_lens_that_a_review_uses(alice):
    lens = custom_lens(alice, publish=("1.0",))
    LensReview.objects.create(
        workload=Workload.objects.create(name="Fraud model"),
        lens=lens,
        lens_version=lens.versions.get(),
    )
    before = catalog_rows()
    with pytest.raises(DomainError) as caught:
        services.lens_delete(lens=lens, user=alice)
    assert (caught.value.code, caught.value.status) == ("LENS_IN_USE", 409)
    assert catalog_rows() == before


def test_it_discards_the_draft_and_keeps_published_versions(alice):
    lens = custom_lens(alice, publish=("1.0",), draft=True)
    services.lens_draft_discard(lens=lens, user=alice)
    assert list(lens.versions.values_list("version", flat=True)) == ["1.0"]
    with pytest.raises(DomainError) as caught:
        services.lens_draft_discard(lens=lens, user=alice)
    assert (caught.value.code, caught.value.status) == ("NO_DRAFT", 404)


BROKEN = [
    pytest.param(b"\xef\xbb\xbf{}", id="bom"),
    pytest.param(b'{"name": NaN}', id="nan"),
    pytest.param(json.dumps(lens_doc(schemaVersion="2020-01-01")).encode(), id="schema"),
    pytest.param(json.dumps(lens_doc(pillars=[])).encode(), id="no-pillars"),
]


@pytest.mark.parametrize("raw", BROKEN)
def test_it_writes_nothing_when_a_new_lens_is_rejected(alice, ml_lens, raw):
    before = catalog_rows()
    with pytest.raises(lensformat.LensFormatError):
        services.lens_import(raw=raw, user=alice)
    assert catalog_rows() == before


@pytest.mark.parametrize("raw", BROKEN)
def test_it_keeps_the_previous_draft_when_a_new_draft_is_rejected(alice, raw):
    lens = custom_lens(alice, publish=("1.0",), draft=True)
    draft = lens.versions.get(status=VersionStatus.DRAFT)
    before, tree = catalog_rows(), _snapshot(draft)
    with pytest.raises(lensformat.LensFormatError):
        services.lens_import(raw=raw, user=alice, lens=lens)
    assert catalog_rows() == before
    assert _snapshot(draft) == tree


def test_it_writes_nothing_in_strict_mode_for_a_file_lenient_mode_accepts(alice):
    before = catalog_rows()
    with pytest.raises(lensformat.LensFormatError) as caught:
        _import(alice, lens_doc(_note="internal"), strict=True)
    assert [(p.code, p.pointer) for p in caught.value.problems] == [("UNKNOWN_KEY", "/_note")]
    assert catalog_rows() == before


def _batches(model, rows: int) -> int:
    """How many INSERT statements ``bulk_create`` needs for ``rows`` rows on this database."""
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)]
    return math.ceil(rows / (connection.ops.bulk_batch_size(fields, [None] * rows) or rows))


def _build(user, doc: dict) -> tuple[list[dict], dict]:
    lens = Lens.objects.create(slug=f"size-{len(json.dumps(doc))}", name="Size", owner=user)
    document = lensformat.validate(doc).document
    with CaptureQueriesContext(connection) as queries:
        version = services.lens_version_build(
            lens=lens, document=document, status=VersionStatus.DRAFT, user=user
        )
    rows = {
        Pillar: version.pillars.count(),
        Question: version.questions.count(),
        Choice: Choice.objects.filter(question__lens_version=version).count(),
        RiskRule: RiskRule.objects.filter(question__lens_version=version).count(),
    }
    return queries.captured_queries, rows


def test_it_stores_a_lens_of_any_size_with_the_same_number_of_queries(alice):
    small, small_rows = _build(alice, lens_doc(n_pillars=1, n_questions=2, n_choices=2))
    large, large_rows = _build(alice, lens_doc(n_pillars=3, n_questions=20, n_choices=4))
    assert large_rows[Question] == 60
    # One INSERT per table; SQLite binds at most 999 values per statement, so there the
    # bulk inserts of a big lens take a few more statements (but never one per row).
    extra = sum(_batches(m, large_rows[m]) - _batches(m, small_rows[m]) for m in large_rows)
    assert len(small) == 5
    assert len(large) == len(small) + extra
    assert extra <= 6
    assert not [q for q in large if not q["sql"].lstrip().upper().startswith("INSERT")]
