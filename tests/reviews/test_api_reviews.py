"""Lens reviews through the API: applying and removing lenses, counts, lens and pillar notes."""

from __future__ import annotations

from reviews.choices import Role
from reviews.models import Activity, Answer, LensReview, Workload, WorkloadMember
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import (
    assert_counts_match_answers,
    assert_error,
    listed,
    review_url,
    select,
    url,
)

ZERO = {"UNANSWERED": 0, "HIGH": 0, "MEDIUM": 0, "NONE": 0, "NOT_APPLICABLE": 0}


def counts(**values) -> dict[str, int]:
    return {**ZERO, **values}


def test_it_applies_the_latest_published_version(workload, clients, alice):
    lens = custom_lens(alice, lens_doc(name="Second lens", n_questions=3), publish=("1.0", "1.1"))
    custom_lens(alice, lens_doc(name="Second lens draft"), publish=())  # noise
    response = clients["owner"].post(url(workload, "reviews"), {"lens": lens.slug})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["lens"], body["lens_version"]) == (lens.slug, "1.1")
    assert body["risk_counts"] == counts(UNANSWERED=6)
    assert (body["questions_answered"], body["questions_total"]) == (0, 6)
    assert Answer.objects.filter(lens_review__lens=lens).count() == 6
    assert Workload.objects.get(pk=workload.pk).risk_counts == counts(UNANSWERED=10)
    assert Activity.objects.filter(verb="review.create", workload=workload).count() == 2
    shown = listed(clients["reader"], url(workload, "reviews"))
    assert [r["lens"] for r in shown] == [TRICKY_SLUG, lens.slug]


def test_it_refuses_a_lens_applied_twice(workload, clients):
    response = clients["owner"].post(url(workload, "reviews"), {"lens": TRICKY_SLUG})
    assert_error(response, 409, "ALREADY_APPLIED")
    assert LensReview.objects.filter(workload=workload).count() == 1


def test_it_refuses_a_lens_with_nothing_published(workload, clients, alice, bob):
    draft = custom_lens(alice, lens_doc(name="Alice draft"))
    response = clients["owner"].post(url(workload, "reviews"), {"lens": draft.slug})
    assert_error(response, 400, "LENS_NOT_PUBLISHED", field="lens")
    # another owner, who cannot see the draft, is told it does not exist
    WorkloadMember.objects.filter(workload=workload, user=bob).update(role=Role.OWNER)
    response = clients["contributor"].post(url(workload, "reviews"), {"lens": draft.slug})
    assert_error(response, 400, "VALIDATION_ERROR", field="lens")
    response = clients["owner"].post(url(workload, "reviews"), {"lens": "no-such-lens"})
    assert_error(response, 400, "VALIDATION_ERROR", field="lens")
    response = clients["owner"].post(url(workload, "reviews"), {}, format="json")
    assert_error(response, 400, "VALIDATION_ERROR", field="lens")
    assert LensReview.objects.filter(workload=workload).count() == 1


def test_it_shows_counts_per_pillar_phase_and_cell(workload, clients):
    owner = clients["owner"]
    select(owner, workload, TRICKY_SLUG, "p1q1", "no")  # pillar1, build: HIGH
    select(owner, workload, TRICKY_SLUG, "p1q2", "c1")  # pillar1, run: MEDIUM
    select(owner, workload, TRICKY_SLUG, "p2q2", "c1", "c2", "c3")  # pillar2, no phase: NONE
    body = clients["reader"].get(review_url(workload, TRICKY_SLUG)).json()
    assert body["risk_counts"] == counts(UNANSWERED=1, HIGH=1, MEDIUM=1, NONE=1)
    assert (body["questions_answered"], body["questions_total"]) == (3, 4)
    assert [(p["key"], p["name"], p["risk_counts"]) for p in body["pillars"]] == [
        ("pillar1", "Pillar 1", counts(HIGH=1, MEDIUM=1)),
        ("pillar2", "Pillar 2", counts(UNANSWERED=1, NONE=1)),
    ]
    assert [(p["key"], p["risk_counts"]) for p in body["phases"]] == [
        ("build", counts(HIGH=1, UNANSWERED=1)),
        ("run", counts(MEDIUM=1)),
    ]
    assert body["matrix"] == [
        {"pillar": "pillar1", "phase": "build", "risk_counts": counts(HIGH=1)},
        {"pillar": "pillar1", "phase": "run", "risk_counts": counts(MEDIUM=1)},
        {"pillar": "pillar2", "phase": "build", "risk_counts": counts(UNANSWERED=1)},
    ]


def test_it_shows_the_ml_lens_phases_and_matrix(ml_lens, workload, clients):
    clients["owner"].post(url(workload, "reviews"), {"lens": ml_lens.slug})
    body = clients["reader"].get(review_url(workload, ml_lens.slug)).json()
    assert body["questions_total"] == 35
    assert len(body["pillars"]) == 6
    assert [p["key"] for p in body["phases"]] == [
        "businessGoal",
        "problemFraming",
        "dataProcessing",
        "modelDevelopment",
        "deployment",
        "monitoring",
    ]
    assert sum(cell["risk_counts"]["UNANSWERED"] for cell in body["matrix"]) == 35
    pillars = [cell["pillar"] for cell in body["matrix"]]
    assert pillars == sorted(pillars, key=[p["key"] for p in body["pillars"]].index)


def test_it_removes_a_lens_and_its_counts(workload, clients, tricky, alice):
    second = custom_lens(alice, lens_doc(name="Second lens"), publish=("1.0",))
    owner = clients["owner"]
    owner.post(url(workload, "reviews"), {"lens": second.slug})
    select(owner, workload, TRICKY_SLUG, "p1q1", "no")
    select(owner, workload, second.slug, "p1q1", "c1")
    assert Workload.objects.get(pk=workload.pk).risk_counts == counts(
        UNANSWERED=6, HIGH=1, MEDIUM=1
    )
    refused = clients["contributor"].delete(review_url(workload, TRICKY_SLUG))
    assert_error(refused, 403, "PERMISSION_DENIED")  # issue 12 finding 5: owners remove
    response = owner.delete(review_url(workload, TRICKY_SLUG))
    assert response.status_code == 204
    assert Workload.objects.get(pk=workload.pk).risk_counts == counts(UNANSWERED=3, MEDIUM=1)
    assert_counts_match_answers(workload)
    assert_error(owner.get(review_url(workload, TRICKY_SLUG)), 404, "NOT_FOUND")
    assert_error(owner.get(review_url(workload, TRICKY_SLUG, "answers")), 404, "NOT_FOUND")
    assert Activity.objects.filter(verb="review.delete", summary__contains="Tricky").exists()
    # and it can be applied again, from scratch
    again = owner.post(url(workload, "reviews"), {"lens": TRICKY_SLUG}).json()
    assert again["risk_counts"] == counts(UNANSWERED=4)


def test_it_keeps_lens_and_pillar_notes(workload, clients):
    target = review_url(workload, TRICKY_SLUG)
    response = clients["contributor"].patch(
        target,
        {"notes": "Lens-wide notes.", "pillar_notes": {"pillar1": "About pillar 1."}},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["notes"] == "Lens-wide notes."
    assert body["pillar_notes"] == {"pillar1": "About pillar 1."}
    assert [p["notes"] for p in body["pillars"]] == ["About pillar 1.", ""]
    # pillar notes merge; an empty text removes one; lens notes stay when not sent
    body = (
        clients["owner"]
        .patch(target, {"pillar_notes": {"pillar1": "", "pillar2": "Two."}}, format="json")
        .json()
    )
    assert body["pillar_notes"] == {"pillar2": "Two."}
    assert body["notes"] == "Lens-wide notes."
    # the same notes again (or removing a note that is not there) change nothing
    same = {"notes": "Lens-wide notes.", "pillar_notes": {"pillar2": "Two.", "pillar1": ""}}
    assert clients["owner"].patch(target, same, format="json").status_code == 200
    assert Activity.objects.filter(verb="review.notes").count() == 2


def test_it_refuses_notes_for_an_unknown_pillar(workload, clients):
    target = review_url(workload, TRICKY_SLUG)
    response = clients["owner"].patch(
        target, {"notes": "kept?", "pillar_notes": {"pillar1": "ok", "nope": "x"}}, format="json"
    )
    body = assert_error(response, 400, "VALIDATION_ERROR", field="pillar_notes.nope")
    assert body["errors"][0]["code"] == "UNKNOWN_PILLAR"
    review = LensReview.objects.get(workload=workload)
    assert (review.notes, review.pillar_notes) == ("", {})


def test_it_refuses_notes_that_are_too_long(workload, clients):
    target = review_url(workload, TRICKY_SLUG)
    response = clients["owner"].patch(target, {"notes": "n" * 10_001}, format="json")
    assert_error(response, 400, "VALIDATION_ERROR", field="notes")
    response = clients["owner"].patch(
        target, {"pillar_notes": {"pillar1": "n" * 10_001}}, format="json"
    )
    assert_error(response, 400, "VALIDATION_ERROR", field="pillar_notes.pillar1")
