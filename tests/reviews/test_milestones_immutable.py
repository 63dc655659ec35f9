"""Milestones never change: every path that could change or delete one refuses.

Only deleting the workload removes its milestones.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from reviews.models import Milestone, MilestoneReview, Workload
from reviews.models.milestone import MilestoneImmutableError
from reviews.services.milestones import milestone_create
from tests.fixtures.milestones import answer, workload_path
from tests.reviews.factories import WorkloadFactory
from tests.reviews.helpers import assert_error
from tests.support import require

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def milestone(versioned_workload, versioned_lens, alice) -> Milestone:
    answer(versioned_workload, versioned_lens.slug, "p1q1", alice, selected_choices=["p1q1_no"])
    return milestone_create(workload=versioned_workload, name="Baseline", actor=alice)


def _row(milestone: Milestone) -> tuple:
    """Everything stored for the milestone, read afresh."""
    row = Milestone.objects.filter(pk=milestone.pk).values().get()
    reviews = list(MilestoneReview.objects.filter(milestone=milestone).values().order_by("id"))
    return row, reviews


def test_it_refuses_to_save_an_existing_milestone(milestone):
    stored = _row(milestone)
    milestone.name = "Renamed"
    milestone.high_count = 0
    with pytest.raises(MilestoneImmutableError):
        milestone.save()
    with pytest.raises(MilestoneImmutableError):
        milestone.save(update_fields=["name"])
    fresh = Milestone.objects.get(pk=milestone.pk)
    with pytest.raises(MilestoneImmutableError):
        fresh.save()
    assert _row(milestone) == stored


def test_it_refuses_to_delete_a_milestone(milestone):
    stored = _row(milestone)
    with pytest.raises(MilestoneImmutableError):
        milestone.delete()
    assert _row(milestone) == stored


@pytest.mark.parametrize("model", [Milestone, MilestoneReview])
def test_it_refuses_queryset_writes(milestone, model):
    stored = _row(milestone)
    objects = list(model.objects.all())
    attempts = {
        "update": lambda: (
            model.objects.filter(pk__in=[o.pk for o in objects]).update(notes="x")
            if model is MilestoneReview
            else model.objects.all().update(name="x")
        ),
        "delete": lambda: model.objects.all().delete(),
        "bulk_update": lambda: model.objects.bulk_update(objects, ["high_count"]),
        "bulk_create upsert": lambda: model.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=["workload", "number"] if model is Milestone else ["milestone", "lens"],
            update_fields=["high_count"],
        ),
        "update_or_create": lambda: model.objects.update_or_create(
            pk=objects[0].pk, defaults={"high_count": 0}
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(MilestoneImmutableError), transaction.atomic():
            attempt()
        assert _row(milestone) == stored, name


def test_it_refuses_writes_through_the_workloads_related_managers(milestone, versioned_workload):
    stored = _row(milestone)
    with pytest.raises(MilestoneImmutableError):
        versioned_workload.milestones.update(name="x")
    with pytest.raises(MilestoneImmutableError):
        versioned_workload.milestones.all().delete()
    with pytest.raises(MilestoneImmutableError):
        milestone.reviews.update(notes="x")
    with pytest.raises(MilestoneImmutableError):
        milestone.reviews.all().delete()
    assert _row(milestone) == stored


def test_it_refuses_to_save_or_delete_a_milestone_review(milestone):
    stored = _row(milestone)
    review = milestone.reviews.get()
    review.answers = []
    with pytest.raises(MilestoneImmutableError):
        review.save()
    with pytest.raises(MilestoneImmutableError):
        review.delete()
    assert _row(milestone) == stored


@pytest.mark.parametrize("role", ["contributor", "owner", "staff"])
def test_it_answers_405_to_api_writes_on_a_milestone(clients, milestone, versioned_workload, role):
    stored = _row(milestone)
    client = clients[role]
    for path in ("milestones/1/", "milestones/"):
        target = workload_path(versioned_workload, path)
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(target, {"name": "Changed"}, format="json")
            assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert _row(milestone) == stored


@pytest.fixture
def admin_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_it_refuses_admin_change_add_and_delete(admin_client, milestone):
    stored = _row(milestone)
    base = "/admin/reviews/milestone/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}{milestone.pk}/change/").status_code == 200  # read-only view
    change = admin_client.post(f"{base}{milestone.pk}/change/", {"name": "Renamed", "number": 7})
    assert change.status_code == 403
    assert admin_client.get(f"{base}{milestone.pk}/delete/").status_code == 403
    assert admin_client.post(f"{base}{milestone.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"{base}add/", {"name": "New"}).status_code == 403
    assert _row(milestone) == stored


def test_it_offers_no_delete_selected_action_in_the_admin(admin_client, milestone):
    from django.contrib import admin
    from django.test import RequestFactory

    stored = _row(milestone)
    model_admin = admin.site._registry[Milestone]
    request = RequestFactory().get("/admin/reviews/milestone/")
    request.user = milestone.created_by.__class__.objects.get(username="staff")
    assert "delete_selected" not in model_admin.get_actions(request)
    response = admin_client.post(
        "/admin/reviews/milestone/",
        {"action": "delete_selected", "_selected_action": [milestone.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert _row(milestone) == stored


def test_it_keeps_milestone_reviews_out_of_the_admin(admin_client, milestone):
    response = admin_client.get("/admin/reviews/milestonereview/")
    assert response.status_code == 404


@pytest.mark.postgres
def test_it_refuses_raw_sql_updates_on_postgresql(milestone):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    stored = _row(milestone)
    for sql, pk in (
        ("UPDATE reviews_milestone SET name = 'x' WHERE id = %s", milestone.pk),
        (
            "UPDATE reviews_milestone SET created_by_id = NULL, name = 'x' WHERE id = %s",
            milestone.pk,
        ),
        ("UPDATE reviews_milestone SET high_count = high_count WHERE id = %s", milestone.pk),
        ("UPDATE reviews_milestonereview SET answers = '[]' WHERE milestone_id = %s", milestone.pk),
    ):
        with (
            pytest.raises(DatabaseError, match="immutable"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    assert _row(milestone) == stored


def test_it_keeps_milestones_when_their_author_is_deleted(milestone, alice, versioned_workload):
    """The author reference goes (SET NULL); everything else stays, on every database."""
    stored_row, stored_reviews = _row(milestone)
    Workload.objects.filter(pk=versioned_workload.pk).update(created_by=None, updated_by=None)
    versioned_workload.members.filter(user=alice).delete()
    alice.lenses.update(owner=None)  # custom lenses are PROTECTed against their owner's removal
    alice.delete()
    row, reviews = _row(milestone)
    assert row == {**stored_row, "created_by_id": None}
    assert reviews == stored_reviews


def test_it_removes_milestones_with_their_workload(clients, milestone, versioned_workload, alice):
    other = WorkloadFactory(owner=alice, name="Other")
    kept = milestone_create(workload=other, name="Kept", actor=alice)
    response = clients["owner"].delete(workload_path(versioned_workload, ""))
    assert response.status_code == 204
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert not MilestoneReview.objects.filter(milestone_id=milestone.pk).exists()
    assert list(Milestone.objects.values_list("pk", flat=True)) == [kept.pk]


def test_it_removes_milestones_when_staff_delete_the_workload_in_the_admin(
    admin_client, milestone, versioned_workload
):
    url = f"/admin/reviews/workload/{versioned_workload.pk}/delete/"
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert not confirm.context["perms_lacking"], confirm.context["perms_lacking"]
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Workload.objects.filter(pk=versioned_workload.pk).exists()
    assert not Milestone.objects.exists()
    assert not MilestoneReview.objects.exists()
