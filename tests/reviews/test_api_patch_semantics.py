"""Issue 15 item 6: one documented PATCH rule per field (README "PATCH semantics"): JSON
Merge Patch by default (objects merged, null deletes, arrays replaced), with `tags` replaced
as a whole as scripts have relied on."""

from __future__ import annotations

from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import answer_url, assert_error, patch_answer, review_url, url


def test_workload_patch_replaces_arrays_and_tags_and_null_clears(clients, workload):
    owner = clients["owner"]
    first = {"tags": {"team": "fraud", "tier": "1"}, "aws_regions": ["eu-west-1", "us-east-1"]}
    assert owner.patch(url(workload), first, format="json").status_code == 200
    changed = owner.patch(
        url(workload), {"tags": {"team": "risk"}, "aws_regions": ["eu-west-3"]}, format="json"
    ).json()
    assert changed["tags"] == {"team": "risk"}  # replaced as a whole, not merged
    assert changed["aws_regions"] == ["eu-west-3"]
    owner.patch(url(workload), {"description": "Scores payments."}, format="json")
    cleared = owner.patch(
        url(workload), {"description": None, "tags": None, "aws_regions": None}, format="json"
    )
    assert cleared.status_code == 200, cleared.json()
    body = cleared.json()
    assert (body["description"], body["tags"], body["aws_regions"]) == ("", {}, [])
    assert body["name"] == "Fraud model"  # fields not named are left alone
    # A field that cannot be empty refuses null.
    assert_error(owner.patch(url(workload), {"name": None}, format="json"), 400, "VALIDATION_ERROR")


def test_pillar_notes_merge_per_pillar_and_null_or_empty_removes_one(clients, workload):
    owner = clients["owner"]
    review = review_url(workload, TRICKY_SLUG)
    owner.patch(review, {"pillar_notes": {"pillar1": "One"}}, format="json")
    both = owner.patch(review, {"pillar_notes": {"pillar2": "Two"}}, format="json").json()
    assert both["pillar_notes"] == {"pillar1": "One", "pillar2": "Two"}
    one = owner.patch(review, {"pillar_notes": {"pillar1": None}}, format="json").json()
    assert one["pillar_notes"] == {"pillar2": "Two"}
    none = owner.patch(review, {"pillar_notes": {"pillar2": ""}, "notes": None}, format="json")
    assert (none.json()["pillar_notes"], none.json()["notes"]) == ({}, "")


def test_choice_statuses_merge_per_choice_and_null_unselects(clients, workload):
    owner = clients["owner"]
    na = {"status": "NOT_APPLICABLE", "reason": "OUT_OF_SCOPE"}
    patch_answer(owner, workload, TRICKY_SLUG, "p1q1", choice_statuses={"p1q1_c1": na})
    after = patch_answer(
        owner, workload, TRICKY_SLUG, "p1q1", choice_statuses={"p1q1_c2": {"status": "SELECTED"}}
    ).json()
    statuses = {key: value["status"] for key, value in after["choice_statuses"].items()}
    assert statuses["p1q1_c1"] == "NOT_APPLICABLE"  # not named: kept
    assert statuses["p1q1_c2"] == "SELECTED"
    reset = patch_answer(owner, workload, TRICKY_SLUG, "p1q1", choice_statuses={"p1q1_c1": None})
    assert reset.status_code == 200, reset.json()
    statuses = {key: value["status"] for key, value in reset.json()["choice_statuses"].items()}
    assert (statuses["p1q1_c1"], statuses["p1q1_c2"]) == ("UNSELECTED", "SELECTED")
    # selected_choices is an array: replaced.
    replaced = patch_answer(owner, workload, TRICKY_SLUG, "p1q1", selected_choices=["p1q1_c3"])
    assert replaced.json()["selected_choices"] == ["p1q1_c3"]
    assert owner.get(answer_url(workload, TRICKY_SLUG, "p1q1")).json()["selected_choices"] == [
        "p1q1_c3"
    ]
