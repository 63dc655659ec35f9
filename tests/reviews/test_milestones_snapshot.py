"""Snapshot fidelity: ``?milestone=`` views do not move when everything after them changes."""

from __future__ import annotations

import datetime

import pytest

from catalog.models import Question
from reviews.models import Answer, LensReview, Workload
from reviews.services.lens_reviews import lens_review_update_notes
from reviews.services.milestones import milestone_create
from reviews.services.workloads import workload_update
from tests.fixtures.milestones import answer, track, workload_path

pytestmark = pytest.mark.usefixtures("fast_passwords")
ML = "machine-learning"
KINDS = 5


def _desired(kind: int, choices: list[str], none_key: str, key: str, round_: int) -> dict:
    """One of five answer shapes: all practices, one practice, "None of these", a practice
    marked not applicable with a reason, and the question not applicable."""
    statuses = {key: {"status": "UNSELECTED"} for key in choices}
    if kind == 0:
        statuses = {key: {"status": "SELECTED"} for key in choices}
    elif kind in (1, 4):
        statuses[choices[0]] = {"status": "SELECTED"}
    elif kind == 3:
        statuses[choices[0]] = {
            "status": "NOT_APPLICABLE",
            "reason": "ARCHITECTURE_CONSTRAINTS",
            "notes": f"{key}: not for us (round {round_}).",
        }
        if len(choices) > 1:
            statuses[choices[1]] = {"status": "SELECTED"}
    return {
        "selected_choices": [none_key] if kind == 2 else [],
        "choice_statuses": statuses,
        "is_applicable": kind != 4,
        "reason": "BUSINESS_PRIORITIES" if kind == 4 else "",
        "notes": f"Notes on {key}, round {round_}.",
    }


def _answer_everything(workload, actor, round_: int, *, skip_last: bool = False) -> None:
    review = LensReview.objects.get(workload=workload, lens__slug=ML)
    questions = list(
        Question.objects.filter(lens_version=review.lens_version)
        .order_by("order")
        .prefetch_related("choices")
    )
    for index, question in enumerate(questions[:-1] if skip_last else questions):
        keys = [c.key for c in question.choices.all() if not c.is_none]
        none_key = next(c.key for c in question.choices.all() if c.is_none)
        kind = (index + round_) % KINDS
        answer(
            workload,
            ML,
            question.key,
            actor,
            **_desired(kind, keys, none_key, question.key, round_),
        )


def _views(client, workload, suffix: str, *, each_answer: bool = True) -> dict[str, bytes]:
    """Every lens-review, answer-list and improvement view, and each answer, by path."""
    base = f"reviews/{ML}/"
    paths = [
        base,
        base + "answers/",
        base + "answers/?risk=HIGH,MEDIUM",
        base + "answers/?pillar=security",
        base + "answers/?phase=dataProcessing&risk=NOT_APPLICABLE",
        base + "improvements/",
        base + "improvements/?status=IN_PROGRESS,DONE",
    ]
    keys = Answer.objects.filter(lens_review__workload=workload).values_list(
        "question_key", flat=True
    )
    if each_answer:
        paths += [f"{base}answers/{key}/" for key in keys]
    views = {}
    for path in paths:
        joiner = "&" if "?" in path else "?"
        full = workload_path(workload, path + (joiner + suffix if suffix else ""))
        response = client.get(full)
        assert response.status_code == 200, (path, response.content[:300])
        views[path] = response.content
    return views


def _track_plan_items(client, workload, alice, bob) -> int:
    plan = client.get(workload_path(workload, f"reviews/{ML}/improvements/")).json()["results"]
    fields = [
        {"owner": bob, "due_date": datetime.date(2031, 1, 15), "status": "IN_PROGRESS"},
        {"status": "DONE", "note": "Shipped in sprint 4."},
        {"owner": alice, "status": "RISK_ACCEPTED", "note": "Accepted by the board."},
        {"due_date": datetime.date(2030, 12, 31)},
    ]
    for entry, change in zip(plan, fields, strict=False):
        track(workload, ML, entry["question_key"], entry["items"][0]["choice_key"], alice, **change)
    return min(len(plan), len(fields))


def test_it_serves_milestone_views_unchanged_after_every_answer_changed(
    clients, ml_workload, alice, bob
):
    client = clients["reader"]
    _answer_everything(ml_workload, bob, round_=0, skip_last=True)
    # The official rules rate MEDIUM only where none of a few named practices is selected.
    cost = ["MLCOST03_BP01", "MLCOST03_BP02", "MLCOST03_BP03", "MLCOST03_BP04"]
    statuses = {key: {"status": "SELECTED" if key == cost[-1] else "UNSELECTED"} for key in cost}
    answer(ml_workload, ML, "MLCOST03", bob, selected_choices=[], choice_statuses=statuses)
    assert _track_plan_items(client, ml_workload, alice, bob) == 4
    review = LensReview.objects.get(workload=ml_workload, lens__slug=ML)
    lens_review_update_notes(
        review=review,
        actor=bob,
        notes="Reviewed with the data team.",
        pillar_notes={"security": "Pen test booked."},
    )
    risks = set(Answer.objects.filter(lens_review=review).values_list("risk", flat=True))
    assert risks == {"HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED"}
    live = _views(client, ml_workload, "", each_answer=False)
    versions = dict(
        Answer.objects.filter(lens_review=review).values_list("question_key", "version")
    )

    milestone_create(workload=ml_workload, name="Before the changes", actor=alice)
    before = _views(client, ml_workload, "milestone=1")
    detail_before = client.get(workload_path(ml_workload, "milestones/1/")).content

    # Change the tracking first (answer changes may drop items from the plan), then every
    # answer, the lens notes and the workload's fields the improvement plan depends on.
    plan = client.get(workload_path(ml_workload, f"reviews/{ML}/improvements/")).json()["results"]
    for entry in plan[:4]:
        item = entry["items"][0]
        track(ml_workload, ML, entry["question_key"], item["choice_key"], alice,
              status="OPEN", owner=None, due_date=None, note="Reset.")  # fmt: skip
    _answer_everything(ml_workload, alice, round_=1)
    lens_review_update_notes(
        review=review,
        actor=alice,
        notes="Rewritten.",
        pillar_notes={"security": "", "costOptimization": "Spot instances."},
    )
    workload_update(
        workload=Workload.objects.get(pk=ml_workload.pk),
        user=alice,
        name="Renamed workload",
        pillar_priorities=["sustainability", "costOptimization"],
    )
    changed = dict(Answer.objects.filter(lens_review=review).values_list("question_key", "version"))
    assert all(changed[key] > versions[key] for key in versions), "every answer changed"

    after = _views(client, ml_workload, "milestone=1")
    assert after == before
    assert client.get(workload_path(ml_workload, "milestones/1/")).content == detail_before
    now = _views(client, ml_workload, "", each_answer=False)
    differing = [path for path in now if now[path] != before[path]]
    assert len(differing) == len(now), "the live views did move"

    # The snapshot is also what the live views said when it was taken.
    for path, content in live.items():
        if path == f"reviews/{ML}/":
            continue
        assert content == before[path], path
    body_live = _parse(live[f"reviews/{ML}/"])
    body_snapshot = _parse(before[f"reviews/{ML}/"])
    for body in (body_live, body_snapshot):
        for key in ("created_at", "updated_at", "upgrade_available", "milestone", "version"):
            body.pop(key, None)
    assert body_snapshot == body_live


def _parse(content: bytes) -> dict:
    import json

    return json.loads(content)


def test_it_shows_people_as_they_were_when_the_milestone_was_recorded(
    clients, versioned_workload, versioned_lens, alice, bob
):
    slug = versioned_lens.slug
    answer(versioned_workload, slug, "p1q1", bob, selected_choices=["p1q1_no"])
    track(versioned_workload, slug, "p1q1", "p1q1_c1", alice, owner=bob, status="IN_PROGRESS")
    milestone_create(workload=versioned_workload, name="Baseline", actor=alice)
    client = clients["owner"]
    paths = [
        f"reviews/{slug}/answers/p1q1/?milestone=1",
        f"reviews/{slug}/improvements/?milestone=1",
    ]
    before = {path: client.get(workload_path(versioned_workload, path)).content for path in paths}
    assert _parse(before[paths[0]])["updated_by"] == {"id": bob.pk, "username": "bob"}
    first_entry = _parse(before[paths[1]])["results"][0]
    assert first_entry["items"][0]["owner"] == {"id": bob.pk, "username": "bob"}

    bob.username = "robert"
    bob.save()
    assert {p: client.get(workload_path(versioned_workload, p)).content for p in paths} == before
    bob.delete()
    assert {p: client.get(workload_path(versioned_workload, p)).content for p in paths} == before
