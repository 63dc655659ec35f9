"""Reads, and changing an answer, cost a constant number of SQL queries whatever the size of
the lens or the list.

The expected counts are committed here so that an N+1 regression shows up as a diff of this
table. Each is measured on a small and a large case (the 4-question tricky lens and the
35-question ML Lens; 3 and 30 workloads) and must cost exactly the number in the table.
The counts include the per-request query of the access check (the user's workload and
role, read together) and, for writes, the SAVEPOINT/RELEASE pair of the service's one
``transaction.atomic`` (the tests run inside a transaction), nothing of the test set-up.
The answers list and the answer save take a published lens version's questions from the
process's compiled tree (``catalog.question_tree``), which the set-up's own saves have
built. The answer save's statements are spelled out in ``test_answer_save.py``.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.choices import Role
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import API, answer_url, review_url, select, url

ML = "machine-learning"

QUERY_COUNTS = {
    "answer list": 3,
    "answer detail": 5,
    "answer patch, risk moves": 8,
    "answer patch, notes only": 6,
    "answer history": 7,
    "lens review": 5,
    "improvement plan": 6,
    "workload list": 3,
    "workload detail": 3,
    "member list": 3,
    "activity": 4,  # 3, and one query for the objects the page names, of every kind
    # Each list counts its items for the envelope (one COUNT).
    "lens review list": 6,
    "milestone list": 4,
    "milestone detail": 4,
    "compare milestones": 7,
    "compare with current": 8,
    "trend": 2,
}


def count(client, method: str, path: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data, format="json")
    assert response.status_code == 200, response.content[:300]
    return len(queries)


@pytest.fixture
def both(ml_lens, tricky, alice, bob, dora):
    """One workload with both lenses, a few answers in each, and members."""
    workload = WorkloadFactory(
        owner=alice,
        lenses=[ml_lens, tricky],
        members=[(bob, Role.CONTRIBUTOR), (dora, Role.READER)],
    )
    return workload


def _answer_some(client, workload) -> None:
    for key in ("MLOPS01", "MLSEC01", "MLCOST04"):
        select(client, workload, ML, key, "no")
    select(client, workload, ML, "MLREL01", "BP01")
    for key in ("p1q1", "p2q2"):
        select(client, workload, TRICKY_SLUG, key, "no")
    select(client, workload, TRICKY_SLUG, "p1q2", "c1")


READS = {
    "answer list": lambda w, slug, key: review_url(w, slug, "answers"),
    "answer detail": lambda w, slug, key: answer_url(w, slug, key),
    "answer history": lambda w, slug, key: answer_url(w, slug, key, "history"),
    "lens review": lambda w, slug, key: review_url(w, slug),
    "improvement plan": lambda w, slug, key: review_url(w, slug, "improvements"),
}


@pytest.mark.parametrize("name", list(READS))
def test_it_reads_a_review_in_constant_queries_whatever_the_lens_size(name, both, clients):
    client = clients["reader"]
    _answer_some(clients["owner"], both)
    small = count(client, "get", READS[name](both, TRICKY_SLUG, "p1q1"))
    large = count(client, "get", READS[name](both, ML, "MLOPS01"))
    assert (small, large) == (QUERY_COUNTS[name], QUERY_COUNTS[name])


@pytest.mark.parametrize(
    ("name", "tricky_change", "ml_change"),
    [
        # HIGH -> MEDIUM (tricky) and HIGH -> NONE (ML): counts and summaries move
        (
            "answer patch, risk moves",
            {"selected_choices": ["p1q1_c3"]},
            {"selected_choices": ["MLCOST04_BP06", "MLCOST04_BP13", "MLCOST04_BP14"]},
        ),
        ("answer patch, notes only", {"notes": "Why."}, {"notes": "Why."}),
    ],
)
def test_it_answers_in_constant_queries_whatever_the_lens_size(
    name, tricky_change, ml_change, both, clients
):
    client = clients["contributor"]
    _answer_some(clients["owner"], both)
    costs = []
    for slug, key, change in ((TRICKY_SLUG, "p1q1", tricky_change), (ML, "MLCOST04", ml_change)):
        version = client.get(answer_url(both, slug, key)).json()["version"]
        costs.append(
            count(client, "patch", answer_url(both, slug, key), {"version": version, **change})
        )
    assert costs == [QUERY_COUNTS[name]] * 2


@pytest.mark.parametrize("size", [3, 30])
def test_it_lists_workloads_in_constant_queries_whatever_their_number(
    size, ml_lens, tricky, alice, bob, clients
):
    for index in range(size):
        lenses = [ml_lens, tricky] if index % 2 else [tricky]
        WorkloadFactory(
            owner=alice, name=f"Workload {index}", lenses=lenses, members=[(bob, Role.READER)]
        )
    for client in (clients["owner"], clients["contributor"], clients["staff"]):
        assert (
            count(client, "get", f"{API}/workloads/?page_size=100") == QUERY_COUNTS["workload list"]
        )


@pytest.mark.parametrize("lenses", ["small", "large"])
def test_it_reads_a_workload_and_its_members_and_activity_in_constant_queries(
    lenses, ml_lens, tricky, alice, bob, dora, team, clients
):
    workload = WorkloadFactory(
        owner=alice,
        lenses=[tricky] if lenses == "small" else [tricky, ml_lens],
        members=[(bob, Role.CONTRIBUTOR), (dora, Role.READER)]
        + ([(team, Role.READER)] if lenses == "large" else []),
    )
    client = clients["reader"]
    if lenses == "large":
        _answer_some(clients["owner"], workload)
    assert count(client, "get", url(workload)) == QUERY_COUNTS["workload detail"]
    assert count(client, "get", url(workload, "members")) == QUERY_COUNTS["member list"]
    assert count(client, "get", url(workload, "activity")) == QUERY_COUNTS["activity"]


WORKLOAD_READS = {
    "lens review list": lambda w: url(w, "reviews/"),
    "milestone list": lambda w: url(w, "milestones/"),
    "milestone detail": lambda w: url(w, "milestones/1/"),
    "compare milestones": lambda w: url(w, "compare") + "?base=1&target=2",
    "compare with current": lambda w: url(w, "compare") + "?base=1",
    "trend": lambda w: url(w, "trend"),
}


# The lens review list was 5 + 1 per review (each review's lens read for its latest version).
@pytest.mark.parametrize("name", list(WORKLOAD_READS))
def test_it_reads_milestones_comparisons_and_reviews_in_constant_queries(
    name, ml_lens, tricky, alice, bob, clients
):
    """A workload with the small lens and one with both lenses, each with two milestones."""
    costs = []
    for lenses in ([tricky], [tricky, ml_lens]):
        workload = WorkloadFactory(owner=alice, lenses=lenses, members=[(bob, Role.CONTRIBUTOR)])
        select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "no")
        if ml_lens in lenses:
            _answer_some(clients["owner"], workload)
        for label in ("Baseline", "Later"):
            response = clients["owner"].post(url(workload, "milestones/"), {"name": label})
            assert response.status_code == 201, response.content[:300]
        costs.append(count(clients["contributor"], "get", WORKLOAD_READS[name](workload)))
    assert costs == [QUERY_COUNTS[name]] * 2
