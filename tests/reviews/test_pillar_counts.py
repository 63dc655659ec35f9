"""Issue 14 part 4: the per-pillar count rows the dashboard sums in SQL.

Every lens review has one ``PillarRiskCounts`` row per pillar, equal to its summary's pillar
counts (``assert_counts_match_answers`` checks them wherever counts are checked: the random
PATCH sequences, upgrades, races). Here: the data migration that fills them for existing
reviews, the answer save mending a missing row, and the dashboard's portfolio read from
them, in a constant number of queries.
"""

from __future__ import annotations

import importlib
from collections import Counter
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import Pillar
from reviews.choices import Role
from reviews.models import LensReview, PillarRiskCounts, Workload
from reviews.models.counts import COUNT_FIELDS
from reviews.selectors.dashboard import portfolio
from reviews.selectors.workloads import workload_list_for_user
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import assert_counts_match_answers, select

ML = "machine-learning"
MIGRATION = importlib.import_module("reviews.migrations.0008_pillar_risk_counts")


def rows() -> list[tuple]:
    return list(
        PillarRiskCounts.objects.order_by("lens_review_id", "pillar_key").values_list(
            "lens_review_id", "pillar_key", *COUNT_FIELDS.values()
        )
    )


def _answer_some(client, workload) -> None:
    select(client, workload, TRICKY_SLUG, "p1q1", "no")  # HIGH
    select(client, workload, TRICKY_SLUG, "p2q1", "c1")
    for key in ("MLOPS01", "MLSEC01"):
        select(client, workload, ML, key, "no")


@pytest.fixture
def answered(ml_lens, tricky, alice, bob, clients):
    workload = WorkloadFactory(
        owner=alice, lenses=[ml_lens, tricky], members=[(bob, Role.CONTRIBUTOR)]
    )
    _answer_some(clients["owner"], workload)
    return workload


def test_the_data_migration_fills_the_rows_of_existing_reviews(answered, workload):
    written = rows()
    pillars = sum(
        Pillar.objects.filter(lens_version=review.lens_version).count()
        for review in LensReview.objects.all()
    )
    assert len(written) == pillars  # one row per review and pillar
    PillarRiskCounts.objects.all().delete()

    MIGRATION.fill_pillar_counts(apps, SimpleNamespace(connection=connection))

    assert rows() == written
    for each in (answered, workload):
        assert_counts_match_answers(each)


def test_the_answer_save_rebuilds_a_missing_row_from_the_summary(answered, clients):
    review = LensReview.objects.get(workload=answered, lens__slug=TRICKY_SLUG)
    PillarRiskCounts.objects.filter(lens_review=review).delete()
    select(clients["contributor"], answered, TRICKY_SLUG, "p1q1", "c3")  # HIGH -> MEDIUM
    assert_counts_match_answers(answered)


def test_deleting_a_workload_deletes_its_rows(answered, clients):
    reviews = list(LensReview.objects.filter(workload=answered).values_list("pk", flat=True))
    assert clients["owner"].delete(f"/api/v1/workloads/{answered.pk}/").status_code == 204
    assert not PillarRiskCounts.objects.filter(lens_review__in=reviews).exists()


def _summed(workloads) -> dict[str, dict[str, Counter]]:
    """Per lens slug and pillar, the counts summed from the reviews' stored summaries."""
    sums: dict[str, dict[str, Counter]] = {}
    for review in LensReview.objects.filter(workload__in=workloads).select_related("lens"):
        for key, counts in review.risk_summary["pillars"].items():
            sums.setdefault(review.lens.slug, {}).setdefault(key, Counter()).update(counts)
    return sums


def test_the_portfolio_sums_the_rows_of_the_visible_reviews_only(
    answered, workload, ml_lens, tricky, charlie, bob, clients
):
    hidden = WorkloadFactory(owner=charlie, lenses=[tricky, ml_lens])  # bob cannot see it
    select(clients["outsider"], hidden, TRICKY_SLUG, "p1q1", "no")
    visible = workload_list_for_user(bob)
    assert set(visible) == {answered, workload}

    lenses = portfolio(visible)["lenses"]

    expected = _summed(Workload.objects.filter(pk__in=[answered.pk, workload.pk]))
    assert {lens["slug"] for lens in lenses} == set(expected)
    for lens in lenses:
        shown = {row["key"]: Counter(row["risk_counts"]) for row in lens["pillar_rows"]}
        assert shown == expected[lens["slug"]], lens["slug"]
        total = sum(shown.values(), Counter())
        assert lens["totals"] == {risk: total[risk] for risk in lens["totals"]}
        assert (
            lens["reviews"]
            == LensReview.objects.filter(
                workload__in=[answered, workload], lens__slug=lens["slug"]
            ).count()
        )
        # in the lens's pillar order, with the pillars' names
        pillars = Pillar.objects.filter(lens_version__lens__slug=lens["slug"]).order_by("order")
        assert [row["key"] for row in lens["pillar_rows"]] == [p.key for p in pillars]
        assert [row["name"] for row in lens["pillar_rows"]] == [p.name for p in pillars]
    assert sum(lens["totals"]["HIGH"] for lens in lenses) == sum(
        w.high_count for w in Workload.objects.filter(pk__in=[answered.pk, workload.pk])
    )


# The page: the session and the user (2), the page's count, rows and their reviews (3), the
# lens filter (1), the portfolio: its sums and its pillars' names (2), the top five (1),
# overdue and due-soon items (2; each reads its choices' titles only when it has items), the
# questions assigned to you (1, issue 18).
DASHBOARD_QUERIES = 12


@pytest.mark.parametrize("size", [3, 30])
def test_the_dashboard_page_costs_constant_queries_whatever_the_workloads(
    size, ml_lens, tricky, alice, bob, clients
):
    for index in range(size):
        workload = WorkloadFactory(
            owner=alice,
            name=f"Workload {index}",
            lenses=[ml_lens, tricky] if index % 2 else [tricky],
            members=[(bob, Role.READER)],
        )
        if index == 1:
            _answer_some(clients["owner"], workload)
    browser = Client()
    browser.force_login(bob)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get("/")
    assert response.status_code == 200
    assert b"Across your workloads" in response.content
    assert len(queries) == DASHBOARD_QUERIES, "\n".join(q["sql"][:150] for q in queries)
