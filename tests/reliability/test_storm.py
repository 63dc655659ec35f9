"""The storm: 50 concurrent writers × 100 updates on the same 3 answers, through gunicorn.

A real ``gunicorn -w 2`` (threads, keep-alive) serves the PostgreSQL test database; each
writer is a thread with one keep-alive ``http.client`` connection and its own API token.
Writers PATCH with the version they last saw (from their previous answer or 409), so many
writes are stale. Meanwhile a recorder takes milestones. Afterwards:

- every accepted write (200) is exactly one history row, and the history is a chain
  (each change starts from the state the one before it left);
- every rejected write got 409 with the current answer, and nothing else was answered;
- the stored answer equals the last accepted write, and every stored count equals a
  recomputation from the answers;
- every milestone is internally consistent: its counts are those of its answers, and each
  answer it holds is a state the history says existed.

Slow (about a minute): runs under ``CI=true`` or ``RUN_SLOW=1``, on PostgreSQL only.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import Counter, defaultdict

import pytest
from django.db import connection

from reviews import risk
from reviews.choices import Role
from reviews.models import Answer, AnswerChange, Milestone
from tests.fixtures.users import UserFactory, api_key_for
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory, tricky_lens
from tests.reviews.helpers import assert_counts_match_answers
from tests.security.figures import record
from tests.support import require

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WRITERS = 50
UPDATES = 100
KEYS = ("p1q1", "p1q2", "p2q1")
PRACTICES = ("c1", "c2", "c3")


def _path(workload_id: int, key: str) -> str:
    return f"/api/v1/workloads/{workload_id}/reviews/{TRICKY_SLUG}/answers/{key}/"


def _writer(index: int, server, token: str, workload_id: int, log: list, go: threading.Event):
    client = server.client(token)
    rng = random.Random(index)
    known = dict.fromkeys(KEYS, 0)
    go.wait()
    try:
        for update in range(UPDATES):
            key = KEYS[(index + update) % len(KEYS)]
            picked = rng.sample(PRACTICES, rng.randint(0, 3))
            body = {
                "version": known[key],
                "selected_choices": [f"{key}_{p}" for p in picked] or [f"{key}_no"],
                "notes": f"writer {index}, update {update}",
            }
            reply = client.request("PATCH", _path(workload_id, key), body)
            data = reply.json() if reply.body else None
            log.append((key, body, reply.status, data))
            if reply.status == 200:
                known[key] = data["version"]
            elif reply.status == 409:
                known[key] = data["current"]["version"]
    finally:
        client.close()


def _recorder(server, token: str, workload_id: int, numbers: list, stop: threading.Event):
    client = server.client(token)
    count = 0
    while not stop.wait(0.5):
        count += 1
        reply = client.request(
            "POST", f"/api/v1/workloads/{workload_id}/milestones/", {"name": f"Storm {count}"}
        )
        assert reply.status == 201, reply.body[:300]
        numbers.append(reply.json()["number"])
    client.close()


def test_it_loses_no_write_in_a_storm_of_5000(gunicorn_server, alice):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    writers = [UserFactory(username=f"storm{i:02d}") for i in range(WRITERS)]
    workload = WorkloadFactory(
        name="Storm",
        owner=alice,
        lenses=[tricky_lens(alice)],
        members=[(user, Role.CONTRIBUTOR) for user in writers],
    )
    tokens = [api_key_for(user) for user in writers]
    owner_token = api_key_for(alice)
    server = gunicorn_server()

    log: list = []
    numbers: list[int] = []
    go, stop = threading.Event(), threading.Event()
    threads = [
        threading.Thread(target=_writer, args=(i, server, tokens[i], workload.pk, log, go))
        for i in range(WRITERS)
    ]
    recorder = threading.Thread(
        target=_recorder, args=(server, owner_token, workload.pk, numbers, stop)
    )
    for thread in threads:
        thread.start()
    started = time.monotonic()
    go.set()
    recorder.start()
    for thread in threads:
        thread.join(timeout=600)
    stop.set()
    recorder.join(timeout=60)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in [*threads, recorder])

    assert len(log) == WRITERS * UPDATES
    statuses = Counter(status for _, _, status, _ in log)
    assert set(statuses) <= {200, 409}, (statuses, server.output()[-3000:])
    assert statuses[409] > 0
    assert statuses[200] > 0
    _assert_history_is_every_accepted_write(workload, log)
    assert_counts_match_answers(workload)
    assert len(numbers) >= 3, numbers
    _assert_milestones_are_consistent(workload)
    record("storm_writes", len(log))
    record("storm_accepted", statuses[200])
    record("storm_rejected_409", statuses[409])
    record("storm_milestones", len(numbers))
    record("storm_seconds", round(elapsed, 1))


def _assert_history_is_every_accepted_write(workload, log) -> None:
    accepted: dict[str, dict[int, dict]] = defaultdict(dict)
    for key, sent, status, body in log:
        if status == 200:
            assert body["version"] not in accepted[key], "two writes got one version"
            accepted[key][body["version"]] = {**sent, "risk": body["risk"]}
        else:
            assert body["code"] == "CONFLICT"
            assert body["current"]["version"] != sent["version"]
    for key in KEYS:
        answer = Answer.objects.get(lens_review__workload=workload, question_key=key)
        history = list(AnswerChange.objects.filter(answer=answer).order_by("version"))
        assert [change.version for change in history] == sorted(accepted[key])
        assert [change.version for change in history] == list(range(1, answer.version + 1))
        for change in history:
            sent = accepted[key][change.version]
            assert change.after["notes"] == sent["notes"]
            # Stored in the lens's order of choices: c1, c2, c3, then "None of these".
            assert change.after["selected_choices"] == sorted(sent["selected_choices"])
            assert change.after["risk"] == sent["risk"]
        for older, newer in itertools.pairwise(history):
            assert newer.before == older.after  # nothing overwritten unseen
        last = history[-1].after
        assert (answer.version, answer.notes, answer.risk) == (
            last["version"],
            last["notes"],
            last["risk"],
        )
        assert answer.selected_choices == last["selected_choices"]


def _assert_milestones_are_consistent(workload) -> None:
    states = {
        (change.answer.question_key, change.version): change.after
        for change in AnswerChange.objects.filter(
            answer__lens_review__workload=workload
        ).select_related("answer")
    }
    for milestone in Milestone.objects.filter(workload=workload).prefetch_related("reviews"):
        total = Counter()
        for review in milestone.reviews.all():
            counts = Counter(answer["risk"] for answer in review.answers)
            assert review.risk_counts == {level: counts[level] for level in risk.RISKS}
            total.update(counts)
            for answer in review.answers:
                if answer["version"] == 0:
                    continue
                existed = states[(answer["question_key"], answer["version"])]
                assert (answer["notes"], answer["risk"]) == (existed["notes"], existed["risk"])
                assert answer["selected_choices"] == existed["selected_choices"]
        assert milestone.risk_counts == {level: total[level] for level in risk.RISKS}
