"""Milestones over the API: numbering, names, the limit, list and detail, and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.choices import Risk
from reviews.models import Activity, Milestone, Workload
from reviews.models.milestone import MAX_MILESTONES
from reviews.services.milestones import milestone_create
from tests.catalog.factories import ML_EDITION, custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.milestones import answer, not_applicable, track, workload_path
from tests.reviews.factories import WorkloadFactory
from tests.reviews.helpers import assert_error

pytestmark = pytest.mark.usefixtures("fast_passwords")
ML = "machine-learning"


def create(client, workload, name: str):
    return client.post(workload_path(workload, "milestones/"), {"name": name}, format="json")


def test_it_numbers_milestones_one_two_three_within_each_workload(
    clients, versioned_workload, alice
):
    other = WorkloadFactory(owner=alice, name="Another workload")
    numbers = [create(clients["owner"], versioned_workload, f"Sprint {i}") for i in (1, 2, 3)]
    assert [(r.status_code, r.json()["number"]) for r in numbers] == [(201, 1), (201, 2), (201, 3)]
    response = create(clients["owner"], other, "Sprint 1")
    assert (response.status_code, response.json()["number"]) == (201, 1)
    assert list(versioned_workload.milestones.values_list("number", "name")) == [
        (1, "Sprint 1"),
        (2, "Sprint 2"),
        (3, "Sprint 3"),
    ]


def test_it_refuses_a_name_already_used_in_the_workload_with_409(
    clients, versioned_workload, alice
):
    other = WorkloadFactory(owner=alice, name="Another workload")
    assert create(clients["owner"], versioned_workload, "Before launch").status_code == 201
    duplicate = create(clients["contributor"], versioned_workload, "Before launch")
    body = assert_error(duplicate, 409, "DUPLICATE_NAME", field="name")
    # A retry learns which milestone its first attempt made, and where it is.
    assert body["milestone"] == {
        "number": 1,
        "url": f"http://testserver/api/v1/workloads/{versioned_workload.pk}/milestones/1/",
    }
    assert "Milestone 1" in body["message"]
    # Nothing was recorded and no number was used up.
    assert versioned_workload.milestones.count() == 1
    assert create(clients["owner"], versioned_workload, "After launch").json()["number"] == 2
    assert create(clients["owner"], other, "Before launch").status_code == 201


@pytest.mark.parametrize(
    ("name", "stored"),
    [("abc", "abc"), ("x" * 100, "x" * 100), ("  Launch  ", "Launch")],
)
def test_it_accepts_names_of_3_to_100_characters(clients, versioned_workload, name, stored):
    response = create(clients["owner"], versioned_workload, name)
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == stored
    assert versioned_workload.milestones.get().name == stored


@pytest.mark.parametrize("name", ["ab", "  ab  ", "x" * 101, "", "   "])
def test_it_refuses_names_outside_3_to_100_characters(clients, versioned_workload, name):
    assert_error(create(clients["owner"], versioned_workload, name), 400, "VALIDATION_ERROR")
    assert not versioned_workload.milestones.exists()


def test_it_refuses_a_missing_name(clients, versioned_workload):
    response = clients["owner"].post(workload_path(versioned_workload, "milestones/"), {})
    assert_error(response, 400, "VALIDATION_ERROR", field="name")


def test_it_refuses_a_short_name_in_the_service_too(versioned_workload, alice):
    from mllens.errors import DomainError

    with pytest.raises(DomainError) as raised:
        milestone_create(workload=versioned_workload, name=" ab ", actor=alice)
    assert raised.value.code == "VALIDATION_ERROR"


def test_it_keeps_at_most_100_milestones(clients, versioned_workload):
    Milestone.objects.bulk_create(
        Milestone(workload=versioned_workload, number=n, name=f"M{n:03d}", workload_data={})
        for n in range(1, MAX_MILESTONES)
    )
    last = create(clients["owner"], versioned_workload, "The hundredth")
    assert (last.status_code, last.json()["number"]) == (201, MAX_MILESTONES)
    assert_error(create(clients["owner"], versioned_workload, "One too many"), 409, "LIMIT")
    assert versioned_workload.milestones.count() == MAX_MILESTONES


def test_it_lists_milestones_with_their_risk_counts(clients, versioned_workload, alice):
    slug = versioned_workload.lens_reviews.get().lens.slug
    answer(versioned_workload, slug, "p1q1", alice, selected_choices=["p1q1_no"])  # HIGH
    first = Workload.objects.get(pk=versioned_workload.pk).risk_counts
    create(clients["owner"], versioned_workload, "First")
    answer(versioned_workload, slug, "p1q1", alice, selected_choices=["p1q1_c1"])  # MEDIUM
    answer(versioned_workload, slug, "p2q1", alice, is_applicable=False)
    second = Workload.objects.get(pk=versioned_workload.pk).risk_counts
    create(clients["contributor"], versioned_workload, "Second")

    response = clients["reader"].get(workload_path(versioned_workload, "milestones/"))
    assert response.status_code == 200
    body = response.json()["results"]
    assert [(m["number"], m["name"]) for m in body] == [(1, "First"), (2, "Second")]
    assert (
        body[0]["risk_counts"]
        == first
        == {
            "UNANSWERED": 3,
            "HIGH": 1,
            "MEDIUM": 0,
            "NONE": 0,
            "NOT_APPLICABLE": 0,
        }
    )
    assert body[1]["risk_counts"] == second
    assert (second["MEDIUM"], second["NOT_APPLICABLE"]) == (1, 1)
    assert body[0]["lenses"] == [{"lens": slug, "version": "1.0", "risk_counts": first}]
    assert body[0]["created_by"] == {"id": alice.pk, "username": "alice"}
    assert body[1]["created_by"]["username"] == "bob"


def test_it_returns_the_whole_workload_in_a_milestone(
    clients, ml_workload, ml_lens, versioned_lens, alice, bob
):
    from reviews.services.lens_reviews import lens_review_create

    lens_review_create(workload=ml_workload, lens=versioned_lens, actor=alice)
    answer(
        ml_workload,
        ML,
        "MLOPS01",
        bob,
        selected_choices=["MLOPS01_BP01"],
        choice_statuses={"MLOPS01_BP03": not_applicable("BUSINESS_PRIORITIES", "Later.")},
        notes="Owner named, skills not yet.",
    )
    answer(ml_workload, ML, "MLSEC01", bob, is_applicable=False, reason="OUT_OF_SCOPE")
    track(
        ml_workload,
        ML,
        "MLOPS01",
        "MLOPS01_BP02",
        alice,
        owner=bob,
        due_date=datetime.date(2031, 3, 1),
        status="IN_PROGRESS",
        note="Pairing planned.",
    )
    answer(ml_workload, versioned_lens.slug, "p2q1", bob, selected_choices=["p2q1_no"])
    ml_workload = Workload.objects.get(pk=ml_workload.pk)

    created = create(clients["contributor"], ml_workload, "Design review")
    assert created.status_code == 201
    detail = clients["reader"].get(workload_path(ml_workload, "milestones/1/"))
    assert detail.status_code == 200
    body = detail.json()
    assert created.json() == body
    assert (body["number"], body["name"]) == (1, "Design review")
    assert body["risk_counts"] == ml_workload.risk_counts
    assert body["workload"]["name"] == "Churn model"
    assert body["workload"]["pillar_priorities"] == ["security", "reliability"]
    assert body["workload"]["environment"] == "PREPRODUCTION"
    reviews = {r["lens"]: r for r in body["reviews"]}
    assert set(reviews) == {ML, versioned_lens.slug}
    assert reviews[ML]["lens_version"] == ML_EDITION
    assert reviews[versioned_lens.slug]["lens_version"] == "1.0"
    assert len(reviews[ML]["answers"]) == 35
    assert len(reviews[versioned_lens.slug]["answers"]) == 4
    answers = {a["question_key"]: a for a in reviews[ML]["answers"]}
    assert answers["MLOPS01"]["selected_choices"] == ["MLOPS01_BP01"]
    assert answers["MLOPS01"]["choice_statuses"] == {
        "MLOPS01_BP03": {"reason": "BUSINESS_PRIORITIES", "notes": "Later."}
    }
    assert answers["MLOPS01"]["notes"] == "Owner named, skills not yet."
    assert answers["MLOPS01"]["risk"] == Risk.HIGH
    assert answers["MLSEC01"]["is_applicable"] is False
    assert answers["MLSEC01"]["reason"] == "OUT_OF_SCOPE"
    assert answers["MLSEC01"]["risk"] == Risk.NOT_APPLICABLE
    assert answers["MLOPS02"]["risk"] == Risk.UNANSWERED
    items = reviews[ML]["improvement_items"]
    assert [
        (i["question_key"], i["choice_key"], i["status"], i["due_date"], i["note"]) for i in items
    ] == [("MLOPS01", "MLOPS01_BP02", "IN_PROGRESS", "2031-03-01", "Pairing planned.")]
    assert items[0]["owner"] == {"id": bob.pk, "username": "bob"}
    for slug, review in reviews.items():
        lens_review = ml_workload.lens_reviews.get(lens__slug=slug)
        assert review["risk_counts"] == lens_review.risk_counts
        assert review["risk_summary"] == lens_review.risk_summary
    assert reviews[versioned_lens.slug]["risk_counts"]["HIGH"] == 1
    assert sum(r["risk_counts"]["HIGH"] for r in reviews.values()) == body["risk_counts"]["HIGH"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("reader", 403), ("contributor", 201), ("owner", 201), ("staff", 201), ("outsider", 404)],
)
def test_it_lets_only_contributors_owners_and_staff_create(
    clients, versioned_workload, role, status
):
    response = create(clients[role], versioned_workload, "By someone")
    assert response.status_code == status
    assert versioned_workload.milestones.exists() == (status == 201)
    if status == 403:
        assert_error(response, 403, "PERMISSION_DENIED")


@pytest.mark.parametrize("role", ["reader", "contributor", "owner", "staff"])
def test_it_lets_every_member_and_staff_read(clients, versioned_workload, alice, role):
    milestone_create(workload=versioned_workload, name="Baseline", actor=alice)
    slug = versioned_workload.lens_reviews.get().lens.slug
    for path in (
        "milestones/",
        "milestones/1/",
        "compare?base=1&target=current",
        "trend",
        f"reviews/{slug}/?milestone=1",
        f"reviews/{slug}/answers/?milestone=1",
        f"reviews/{slug}/answers/p1q1/?milestone=1",
        f"reviews/{slug}/improvements/?milestone=1",
    ):
        assert clients[role].get(workload_path(versioned_workload, path)).status_code == 200, path


def test_it_answers_404_to_outsiders_everywhere(clients, versioned_workload, alice):
    milestone_create(workload=versioned_workload, name="Baseline", actor=alice)
    slug = versioned_workload.lens_reviews.get().lens.slug
    outsider = clients["outsider"]
    for path in (
        "milestones/",
        "milestones/1/",
        "compare?base=1&target=current",
        "trend",
        f"reviews/{slug}/?milestone=1",
        f"reviews/{slug}/answers/?milestone=1",
        f"reviews/{slug}/answers/p1q1/?milestone=1",
        f"reviews/{slug}/improvements/?milestone=1",
    ):
        assert_error(outsider.get(workload_path(versioned_workload, path)), 404, "NOT_FOUND")
    for method, path, body in (
        ("post", "milestones/", {"name": "Sneaky"}),
        ("post", f"reviews/{slug}/upgrade", {"milestone_name": "Sneaky"}),
        ("put", "milestones/1/", {"name": "Sneaky"}),
        ("patch", "milestones/1/", {"name": "Sneaky"}),
        ("delete", "milestones/1/", None),
    ):
        response = getattr(outsider, method)(
            workload_path(versioned_workload, path), body, format="json"
        )
        assert_error(response, 404, "NOT_FOUND")
    assert versioned_workload.milestones.count() == 1


def test_it_answers_404_for_a_milestone_that_does_not_exist(clients, versioned_workload, alice):
    milestone_create(workload=versioned_workload, name="Baseline", actor=alice)
    slug = versioned_workload.lens_reviews.get().lens.slug
    owner = clients["owner"]
    assert_error(owner.get(workload_path(versioned_workload, "milestones/2/")), 404, "NOT_FOUND")
    # A number of no milestone is 404; what is not a milestone number is 400, like `?base=`
    # (issue 15 item 9).
    for number, status, code in (
        ("2", 404, "NOT_FOUND"),
        ("0", 400, "INVALID_PARAMETER"),
        ("abc", 400, "INVALID_PARAMETER"),
        ("-1", 400, "INVALID_PARAMETER"),
    ):
        for path in (
            f"reviews/{slug}/?milestone={number}",
            f"reviews/{slug}/answers/?milestone={number}",
            f"reviews/{slug}/answers/p1q1/?milestone={number}",
            f"reviews/{slug}/improvements/?milestone={number}",
        ):
            response = owner.get(workload_path(versioned_workload, path))
            assert_error(response, status, code)
    missing = owner.get(
        workload_path(versioned_workload, f"reviews/{slug}/answers/p9q9/?milestone=1")
    )
    assert_error(missing, 404, "NOT_FOUND")


def test_it_answers_404_for_a_lens_applied_after_the_milestone(
    clients, versioned_workload, ml_lens, alice
):
    from reviews.services.lens_reviews import lens_review_create

    milestone_create(workload=versioned_workload, name="Baseline", actor=alice)
    lens_review_create(workload=versioned_workload, lens=ml_lens, actor=alice)
    response = clients["owner"].get(workload_path(versioned_workload, f"reviews/{ML}/?milestone=1"))
    assert_error(response, 404, "NOT_FOUND")
    now = clients["owner"].get(workload_path(versioned_workload, f"reviews/{ML}/"))
    assert now.status_code == 200


def test_it_records_the_milestone_in_the_activity_trail(clients, versioned_workload, bob):
    create(clients["contributor"], versioned_workload, "Baseline")
    entry = Activity.objects.filter(workload=versioned_workload, verb="milestone.create").get()
    assert entry.actor == bob
    assert entry.object_id == str(versioned_workload.milestones.get().pk)
    assert "Baseline" in entry.summary


def _queries_to_create(workload, actor) -> int:
    with CaptureQueriesContext(connection) as queries:
        milestone_create(workload=workload, name="Counted", actor=actor)
    return len(queries)


def test_it_creates_a_milestone_with_a_constant_number_of_queries(
    ml_lens, versioned_lens, alice, bob
):
    five = custom_lens(
        alice, lens_doc(name="Five questions", n_pillars=1, n_questions=5), publish=("1",)
    )
    small = WorkloadFactory(owner=alice, name="Small", lenses=[five])
    large = WorkloadFactory(owner=alice, name="Large", lenses=[ml_lens, versioned_lens])
    assert sum(r.questions_total for r in small.lens_reviews.all()) == 5
    assert sum(r.questions_total for r in large.lens_reviews.all()) == 39
    answer(large, ML, "MLOPS01", bob, selected_choices=["MLOPS01_no"], notes="Nothing yet.")
    answer(large, versioned_lens.slug, "p1q1", bob, selected_choices=["p1q1_no"])
    track(large, ML, "MLOPS01", "MLOPS01_BP01", alice, status="IN_PROGRESS", owner=bob)
    track(large, versioned_lens.slug, "p1q1", "p1q1_c2", alice, note="Soon.")

    small_count = _queries_to_create(small, alice)
    large_count = _queries_to_create(large, alice)
    assert small_count == large_count
    assert Milestone.objects.get(workload=large).reviews.count() == 2
