"""Real concurrent writers on the same answers, against PostgreSQL through a live server.

Eight clients (token auth, one thread each) each make 25 changes to three answers of one
review, each change read-then-PATCH with the version just read. Stale writes must get 409
with the current answer, accepted ones exactly one history row each, and nothing is lost.
"""

from __future__ import annotations

import itertools
import random
import threading
from collections import defaultdict

import pytest
from django.db import connection

from reviews.choices import Role
from reviews.models import Answer, AnswerChange
from tests.fixtures.users import UserFactory, api_key_for
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import answer_url, assert_counts_match_answers
from tests.support import require

pytestmark = pytest.mark.postgres

CLIENTS = 8
WRITES = 25
KEYS = ("p1q1", "p1q2", "p2q1")
PRACTICES = ("c1", "c2", "c3")


def _writer(index: int, call, token: str, workload_id: int, results: list) -> None:
    rng = random.Random(index)
    for write in range(WRITES):
        key = rng.choice(KEYS)
        path = answer_url(workload_id, TRICKY_SLUG, key)
        status, current = call(token, "GET", path)
        if status != 200:
            results.append((key, "GET", status, current))
            continue
        picked = rng.sample(PRACTICES, rng.randint(0, 3)) or ["no"]
        body = {
            "version": current["version"],
            "selected_choices": [f"{key}_{choice}" for choice in picked],
            "notes": f"client {index}, write {write}",  # every write changes the answer
        }
        status, answer = call(token, "PATCH", path, body)
        results.append((key, "PATCH", status, answer))


def test_it_loses_nothing_under_concurrent_writes(live_api, alice, tricky):
    writers = [UserFactory(username=f"writer{i}") for i in range(CLIENTS)]
    workload = WorkloadFactory(
        owner=alice, lenses=[tricky], members=[(user, Role.CONTRIBUTOR) for user in writers]
    )
    tokens = [api_key_for(user) for user in writers]

    results: list = []
    threads = [
        threading.Thread(target=_writer, args=(i, live_api, tokens[i], workload.pk, results))
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    assert len(results) == CLIENTS * WRITES
    statuses = [(method, status) for _, method, status, _ in results]
    assert set(statuses) <= {("PATCH", 200), ("PATCH", 409)}, statuses
    assert statuses.count(("PATCH", 409)) > 0  # the test did race

    accepted: dict[str, dict[int, dict]] = defaultdict(dict)
    for key, _, status, body in results:
        if status == 200:
            assert body["version"] not in accepted[key], "two writes got the same version"
            accepted[key][body["version"]] = body
        else:
            assert body["code"] == "CONFLICT"
            assert body["current"]["version"] >= 1

    for key in KEYS:
        answer = Answer.objects.get(lens_review__workload=workload, question_key=key)
        mine = accepted[key]
        # every accepted write made exactly one history row, versions 1..n without gaps
        assert sorted(mine) == list(range(1, answer.version + 1))
        history = list(AnswerChange.objects.filter(answer=answer).order_by("version"))
        assert [change.version for change in history] == sorted(mine)
        for change in history:
            written = mine[change.version]
            for field in ("selected_choices", "notes", "risk"):
                assert change.after[field] == written[field]
        # each write was based on the one before it: nothing overwritten unseen
        for older, newer in itertools.pairwise(history):
            assert newer.before == older.after
        # the stored answer is the last accepted write
        last = history[-1].after if history else None
        if last is not None:
            assert (answer.selected_choices, answer.notes, answer.risk) == (
                last["selected_choices"],
                last["notes"],
                last["risk"],
            )

    assert_counts_match_answers(workload)


def test_it_removes_a_lens_while_its_answers_are_being_written(live_api, alice, tricky):
    """Answer writes and the removal of the lens lock rows in the same order (review first):
    no deadlock, so no 5xx; writes after the removal find nothing (404)."""
    writers = [UserFactory(username=f"writer{i}") for i in range(4)]
    workload = WorkloadFactory(
        owner=alice, lenses=[tricky], members=[(user, Role.CONTRIBUTOR) for user in writers]
    )
    tokens = [api_key_for(user) for user in writers]
    owner_token = api_key_for(alice)
    results: list = []
    threads = [
        threading.Thread(target=_writer, args=(i, live_api, tokens[i], workload.pk, results))
        for i in range(len(writers))
    ]
    for thread in threads:
        thread.start()
    while len(results) < 12:  # let the writers get going
        threading.Event().wait(0.01)
    review = f"/api/v1/workloads/{workload.pk}/reviews/{TRICKY_SLUG}/"
    removed, _ = live_api(owner_token, "DELETE", review)
    for thread in threads:
        thread.join(timeout=60)
    assert removed == 204
    statuses = {status for _, _, status, _ in results}
    assert statuses <= {200, 404, 409}, results
    assert 404 in statuses
    assert_counts_match_answers(workload)


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_parallel_creations_with_one_name_through():
    """Issue 12 finding 22: the duplicate-name rule holds under races: six parallel creations
    of one name by one owner give one workload and five DUPLICATE_NAME refusals."""
    from mllens.errors import DomainError
    from reviews.models import Workload
    from reviews.services.workloads import workload_create

    require(connection.vendor == "postgresql", "PostgreSQL")
    owner = UserFactory(username="racer")
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def create() -> None:
        try:
            barrier.wait(timeout=10)
            workload_create(user=owner, name="Same name")
            outcomes.append("created")
        except DomainError as error:
            outcomes.append(error.errors[0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["DUPLICATE_NAME"] * 5 + ["created"]
    assert Workload.objects.filter(name__iexact="same name").count() == 1
