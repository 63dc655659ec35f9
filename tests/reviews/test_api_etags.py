"""Issue 15 item 5: every mutable resource has a version, sent as a strong ETag; If-Match
makes PATCH and DELETE conditional (412 with the GET representation under ``current``)."""

from __future__ import annotations

import threading

import pytest

from reviews.models import LensReview, Workload, WorkloadMember
from tests.fixtures.users import api_key_for
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import (
    answer_url,
    assert_error,
    listed,
    review_url,
    select,
    together,
    url,
)


def _members(workload, bob):
    member = WorkloadMember.objects.get(workload=workload, user=bob)
    return url(workload, "members", str(member.pk))


RESOURCES = {
    "workload": (lambda w, bob: url(w), {"description": "Changed."}),
    "lens review": (lambda w, bob: review_url(w, TRICKY_SLUG), {"notes": "Changed."}),
    "member": (_members, {"role": "READER"}),
}


@pytest.mark.parametrize("name", RESOURCES)
def test_a_change_with_a_stale_if_match_is_refused_with_the_current_representation(
    clients, workload, bob, name
):
    path_of, change = RESOURCES[name]
    path = path_of(workload, bob)
    owner = clients["owner"]
    read = owner.get(path)
    assert read["ETag"] == f'"{read.json()["version"]}"'
    # Someone else changes it meanwhile: the tag the client holds is stale.
    first = owner.patch(path, change, format="json", headers={"If-Match": read["ETag"]})
    assert first.status_code == 200, first.json()
    assert first["ETag"] == f'"{read.json()["version"] + 1}"'
    stale = owner.patch(path, change, format="json", headers={"If-Match": read["ETag"]})
    body = assert_error(stale, 412, "PRECONDITION_FAILED")
    assert body["current"] == owner.get(path).json()
    # The tag in the answer works; `*` matches any version; a malformed tag is a 400.
    fresh = owner.patch(path, change, format="json", headers={"If-Match": first["ETag"]})
    assert fresh.status_code == 200
    assert owner.patch(path, change, format="json", headers={"If-Match": "*"}).status_code == 200
    bad = owner.patch(path, change, format="json", headers={"If-Match": "v1"})
    assert_error(bad, 400, "VALIDATION_ERROR", field="If-Match", query=True)


def test_a_delete_with_a_stale_if_match_deletes_nothing(clients, workload):
    owner = clients["owner"]
    tag = owner.get(url(workload))["ETag"]
    owner.patch(url(workload), {"notes": "Newer"}, format="json")
    stale = owner.delete(url(workload), headers={"If-Match": tag})
    assert assert_error(stale, 412, "PRECONDITION_FAILED")["current"]["notes"] == "Newer"
    assert Workload.objects.filter(pk=workload.pk).exists()
    review = review_url(workload, TRICKY_SLUG)
    stale_review = owner.delete(review, headers={"If-Match": '"999"'})
    assert_error(stale_review, 412, "PRECONDITION_FAILED")
    assert owner.delete(review, headers={"If-Match": owner.get(review)["ETag"]}).status_code == 204
    fresh = owner.get(url(workload))["ETag"]
    assert owner.delete(url(workload), headers={"If-Match": fresh}).status_code == 204


def test_answers_take_if_match_besides_the_body_version(clients, workload):
    owner = clients["owner"]
    target = answer_url(workload, TRICKY_SLUG, "p1q1")
    read = owner.get(target)
    assert read["ETag"] == f'"{read.json()["version"]}"'
    # If-Match alone stands in for the body's version.
    changed = owner.patch(target, {"notes": "A"}, format="json", headers={"If-Match": read["ETag"]})
    assert changed.status_code == 200, changed.json()
    assert changed["ETag"] == f'"{read.json()["version"] + 1}"'
    stale = owner.patch(target, {"notes": "B"}, format="json", headers={"If-Match": read["ETag"]})
    assert assert_error(stale, 412, "PRECONDITION_FAILED")["current"] == owner.get(target).json()
    # The body's version keeps its 409.
    old = owner.patch(target, {"notes": "B", "version": read.json()["version"]}, format="json")
    assert assert_error(old, 409, "CONFLICT")["current"] == owner.get(target).json()
    assert owner.get(target).json()["notes"] == "A"


def test_an_answer_moves_the_versions_of_the_review_and_the_workload_it_counts_in(
    clients, workload
):
    owner = clients["owner"]
    before = (
        owner.get(url(workload))["ETag"],
        owner.get(review_url(workload, TRICKY_SLUG))["ETag"],
    )
    select(owner, workload, TRICKY_SLUG, "p1q1", "c1")
    after = (owner.get(url(workload))["ETag"], owner.get(review_url(workload, TRICKY_SLUG))["ETag"])
    assert before[0] != after[0]
    assert before[1] != after[1]
    assert Workload.objects.get(pk=workload.pk).version > 1
    assert LensReview.objects.get(workload=workload).version > 1


def test_improvement_items_carry_a_version_and_honour_if_match(clients, workload):
    owner = clients["owner"]
    select(owner, workload, TRICKY_SLUG, "p1q1", "no")  # HIGH: c1..c3 in the plan
    plan = listed(owner, review_url(workload, TRICKY_SLUG, "improvements"))
    entry = next(e for e in plan if e["question_key"] == "p1q1")
    item = entry["items"][0]
    assert item["version"] == 0
    path = review_url(workload, TRICKY_SLUG, "improvements", "p1q1", item["choice_key"])
    done = owner.patch(path, {"status": "IN_PROGRESS"}, format="json", headers={"If-Match": '"0"'})
    assert done.status_code == 200, done.json()
    assert (done.json()["version"], done["ETag"]) == (1, '"1"')
    stale = owner.patch(path, {"status": "DONE"}, format="json", headers={"If-Match": '"0"'})
    assert assert_error(stale, 412, "PRECONDITION_FAILED")["current"] == done.json()


def test_a_get_with_the_current_tag_in_if_none_match_is_304(clients, workload):
    owner = clients["owner"]
    read = owner.get(url(workload))
    same = owner.get(url(workload), headers={"If-None-Match": read["ETag"]})
    assert same.status_code == 304
    assert same.content == b""
    owner.patch(url(workload), {"notes": "Moved on"}, format="json")
    moved = owner.get(url(workload), headers={"If-None-Match": read["ETag"]})
    assert moved.status_code == 200
    assert moved.json()["notes"] == "Moved on"


@pytest.mark.postgres
def test_parallel_changes_with_one_if_match_let_exactly_one_through(live_api, workload, alice):
    """The check runs under the write's lock: of eight PATCHes holding one tag, one wins."""
    token = api_key_for(alice)
    tag = f'"{Workload.objects.get(pk=workload.pk).version}"'
    notes = iter(range(8))
    lock = threading.Lock()

    def one():
        with lock:
            n = next(notes)
        body = {"notes": f"writer {n}"}
        return live_api(token, "PATCH", url(workload), body, {"If-Match": tag})

    results = together(8, one)
    assert sorted(status for status, _ in results) == [200] + [412] * 7, results
    winner = next(body for status, body in results if status == 200)
    assert Workload.objects.get(pk=workload.pk).notes == winner["notes"]


def test_the_members_collection_forms_honour_if_match_too(clients, workload, bob):
    owner = clients["owner"]
    tag = owner.get(_members(workload, bob))["ETag"]
    members = url(workload, "members")
    change = {"user": "bob", "role": "READER"}
    assert owner.patch(members, change, format="json", headers={"If-Match": tag}).status_code == 200
    stale = owner.patch(members, change, format="json", headers={"If-Match": tag})
    assert assert_error(stale, 412, "PRECONDITION_FAILED")["current"] == (
        owner.get(_members(workload, bob)).json()
    )
    gone = owner.delete(members, {"user": "bob"}, format="json", headers={"If-Match": tag})
    assert_error(gone, 412, "PRECONDITION_FAILED")
    assert WorkloadMember.objects.filter(workload=workload, user=bob).exists()
