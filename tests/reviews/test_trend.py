"""GET /workloads/<id>/trend: risk counts per milestone, then now."""

from __future__ import annotations

import pytest
from django.utils.dateparse import parse_datetime

from reviews.models import Milestone, Workload
from reviews.services.milestones import milestone_create
from tests.fixtures.milestones import answer, workload_path
from tests.reviews.helpers import listed

pytestmark = pytest.mark.usefixtures("fast_passwords")


def counts(**values) -> dict:
    return {"UNANSWERED": 0, "HIGH": 0, "MEDIUM": 0, "NONE": 0, "NOT_APPLICABLE": 0, **values}


def trend(client, workload) -> list[dict]:
    return listed(client, workload_path(workload, "trend"))


def test_it_has_only_now_without_milestones(clients, versioned_workload):
    assert trend(clients["reader"], versioned_workload) == [
        {"milestone": "current", "name": "Now", "recorded_at": None,
         "risk_counts": counts(UNANSWERED=4)},
    ]  # fmt: skip


def test_it_gives_counts_per_milestone_then_now(
    clients, versioned_workload, versioned_lens, ml_lens, alice, bob
):
    from reviews.services.lens_reviews import lens_review_create

    slug = versioned_lens.slug
    answer(versioned_workload, slug, "p1q1", bob, selected_choices=["p1q1_no"])  # HIGH
    answer(versioned_workload, slug, "p1q2", bob, selected_choices=["p1q2_c1"])  # MEDIUM
    milestone_create(workload=versioned_workload, name="Kick-off", actor=alice)
    answer(versioned_workload, slug, "p1q1", bob, selected_choices=["p1q1_c1"])  # MEDIUM
    answer(versioned_workload, slug, "p2q1", bob, is_applicable=False)
    answer(versioned_workload, slug, "p2q2", bob, selected_choices=["p2q2_c1", "p2q2_c2",
           "p2q2_c3"])  # fmt: skip  # NONE
    milestone_create(workload=versioned_workload, name="Mid-point", actor=alice)
    lens_review_create(workload=versioned_workload, lens=ml_lens, actor=alice)  # +35 unanswered
    answer(versioned_workload, "machine-learning", "MLSEC01", bob, selected_choices=["MLSEC01_no"])

    points = trend(clients["reader"], versioned_workload)
    assert [(p["milestone"], p["name"]) for p in points] == [
        (1, "Kick-off"),
        (2, "Mid-point"),
        ("current", "Now"),
    ]
    assert [p["risk_counts"] for p in points] == [
        counts(HIGH=1, MEDIUM=1, UNANSWERED=2),
        counts(MEDIUM=2, NOT_APPLICABLE=1, NONE=1),
        counts(MEDIUM=2, NOT_APPLICABLE=1, NONE=1, HIGH=1, UNANSWERED=34),
    ]
    assert points[-1]["risk_counts"] == Workload.objects.get(pk=versioned_workload.pk).risk_counts
    for point, milestone in zip(points, Milestone.objects.order_by("number"), strict=False):
        assert parse_datetime(point["recorded_at"]) == milestone.created_at
    assert points[-1]["recorded_at"] is None


def test_it_keeps_each_workloads_trend_to_itself(clients, versioned_workload, alice):
    from tests.reviews.factories import WorkloadFactory

    other = WorkloadFactory(owner=alice, name="Other")
    milestone_create(workload=other, name="Elsewhere", actor=alice)
    assert [p["milestone"] for p in trend(clients["owner"], versioned_workload)] == ["current"]
    assert [p["milestone"] for p in trend(clients["owner"], other)] == [1, "current"]
