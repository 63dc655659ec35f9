"""Faults through the real HTTP stack: Redis going away and coming back, PostgreSQL dropping
the app's connections in the middle of a write loop.

Redis is a private ``redis-server`` that the test kills (SIGKILL) and restarts; the shared
Redis of the machine is never touched. PostgreSQL is not restarted (it is shared too): the
app's connections are terminated with ``pg_terminate_backend``, which is what a restart does
to them. Slow: runs under ``CI=true`` or ``RUN_SLOW=1``.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from reviews.models import Answer, AnswerChange, ReportJob
from tests.fixtures.security import SERVER_SECRET_KEY, _stop
from tests.fixtures.users import PASSWORD, api_key_for
from tests.fixtures.worker import ROOT, _database_url
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory, tricky_lens
from tests.reviews.helpers import assert_counts_match_answers
from tests.security.figures import record
from tests.support import require

pytestmark = pytest.mark.slow

KEYS = ("p1q1", "p1q2", "p2q1")


def _answer_path(workload_id: int, key: str) -> str:
    return f"/api/v1/workloads/{workload_id}/reviews/{TRICKY_SLUG}/answers/{key}/"


def _wait(check, what: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    pytest.fail(f"{what} within {timeout} s")


# --- Redis -------------------------------------------------------------------------------------


def _start_worker(redis_url: str, log) -> subprocess.Popen:
    """A Celery worker on the private Redis (its default queue), sharing the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": SERVER_SECRET_KEY,
        "DEBUG": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    argv = [sys.executable, "-m", "celery", "-A", "mllens", "worker", "-P", "solo"]
    argv += ["-n", f"faults-{uuid.uuid4().hex[:8]}@%h", "--without-gossip", "--without-mingle"]
    argv += ["--loglevel", "WARNING"]
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=log)


@pytest.fixture
def workload_with_token(transactional_db, alice, report_media):
    # The server runs with production settings, whose hashers do not read the tests' MD5.
    alice.password = PBKDF2PasswordHasher().encode(PASSWORD, "faultsalt")
    alice.save(update_fields=["password"])
    workload = WorkloadFactory(name="Faults", owner=alice, lenses=[tricky_lens(alice)])
    return workload, api_key_for(alice)


def test_it_keeps_working_without_redis_and_reports_again_when_it_is_back(
    workload_with_token, private_redis, gunicorn_server, tmp_path
):
    workload, token = workload_with_token
    server = gunicorn_server(REDIS_URL=private_redis.url)
    client = server.client(token)
    reports = "/api/v1/reports/"

    def report(kind: str):
        return client.request(
            "POST", reports, {"workload": workload.pk, "lens": TRICKY_SLUG, "kind": kind}
        )

    assert client.request("GET", "/healthz").json()["status"] == "ok"
    before = report("review")  # queued in Redis; no worker yet
    assert before.status == 202, before.body[:300]

    private_redis.kill()
    health = client.request("GET", "/healthz")
    assert (health.status, health.json()["status"]) == (200, "degraded")
    assert health.json()["broker"]["status"] == "down"
    version = client.request("GET", _answer_path(workload.pk, "p1q1")).json()["version"]
    answered = client.request(
        "PATCH",
        _answer_path(workload.pk, "p1q1"),
        {"version": version, "selected_choices": ["p1q1_c1"], "notes": "Redis is down"},
    )
    assert answered.status == 200, answered.body[:300]
    milestone = client.request(
        "POST", f"/api/v1/workloads/{workload.pk}/milestones/", {"name": "Without Redis"}
    )
    assert milestone.status == 201, milestone.body[:300]
    assert client.request("GET", f"/api/v1/workloads/{workload.pk}/").status == 200
    signed_in = server.client().request(
        "POST",
        "/api/v1/auth/token/",
        {"username": "alice", "password": PASSWORD},
    )
    assert signed_in.status == 200, signed_in.body[:300]  # the cache is Redis: it fails open
    jobs = ReportJob.objects.count()
    started = time.monotonic()
    refused = report("improvement_plan")
    assert time.monotonic() - started < 5
    assert refused.status == 503, refused.body[:300]
    assert refused.json()["code"] == "BROKER_UNAVAILABLE"
    assert ReportJob.objects.count() == jobs  # nothing half-queued

    private_redis.start()
    _wait(lambda: client.request("GET", "/healthz").json()["status"] == "ok", "healthz ok again")
    with (tmp_path / "worker.log").open("w") as log:
        worker = _start_worker(private_redis.url, log)
        try:
            fresh = report("improvement_plan")
            assert fresh.status == 202, fresh.body[:300]

            def finished():
                job = client.request("GET", f"{reports}{fresh.json()['id']}/").json()
                return job if job["status"] in {"DONE", "FAILED"} else None

            done = _wait(finished, "the new report rendered", timeout=90)
            assert done["status"] == "DONE", done
            pdf = client.request("GET", done["download_url"])
            assert pdf.status == 200
            assert pdf.body.startswith(b"%PDF-")
        finally:
            _stop(worker)
    record("faults_redis_outages", 1)


def test_it_fails_a_report_whose_message_redis_lost_so_it_can_be_asked_again(
    workload_with_token, private_redis, gunicorn_server, settings
):
    workload, token = workload_with_token
    server = gunicorn_server(REDIS_URL=private_redis.url, REPORT_QUEUE_TIMEOUT="2")
    client = server.client(token)
    body = {"workload": workload.pk, "lens": TRICKY_SLUG, "kind": "review"}
    lost = client.request("POST", "/api/v1/reports/", body).json()
    private_redis.kill()
    private_redis.start()  # without persistence: the queue is gone
    time.sleep(2.5)
    seen = client.request("GET", f"/api/v1/reports/{lost['id']}/").json()
    assert seen["status"] == "FAILED"
    assert "No worker picked this report up" in seen["error"]
    again = client.request("POST", "/api/v1/reports/", body)
    assert again.status == 202
    assert again.json()["id"] != lost["id"]  # a new job, not the dead one


# --- PostgreSQL ---------------------------------------------------------------------------------


def _terminate_app_connections() -> int:
    """From a second connection: end every other backend of the test database (not ours)."""
    own = connection.cursor()
    own.execute("SELECT pg_backend_pid()")
    (mine,) = own.fetchone()
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as killer:
        rows = killer.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
            [mine],
        ).fetchall()
    return len(rows)


def _loop(server, token: str, workload_id: int, key: str, log: list, stop: threading.Event):
    client = server.client(token)
    version, count = 0, 0
    while not stop.is_set():
        count += 1
        body = {"version": version, "notes": f"{key} write {count}", "selected_choices": []}
        body["selected_choices"] = [f"{key}_c{1 + count % 3}"]
        reply = client.request("PATCH", _answer_path(workload_id, key), body)
        data = reply.json() if reply.body.startswith(b"{") else {}
        log.append((key, body, reply.status, data))
        if reply.status == 200:
            version = data["version"]
        elif reply.status == 409:
            version = data["current"]["version"]
        else:  # 503: the database dropped us; read the answer again once it is back
            time.sleep(0.1)
            current = client.request("GET", _answer_path(workload_id, key))
            if current.status == 200:
                version = current.json()["version"]
    client.close()


def test_it_recovers_from_dropped_database_connections_without_a_restart(
    workload_with_token, gunicorn_server
):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    workload, token = workload_with_token
    server = gunicorn_server(REDIS_URL="")
    log: list = []
    stop = threading.Event()
    threads = [
        threading.Thread(target=_loop, args=(server, token, workload.pk, key, log, stop))
        for key in KEYS
    ]
    for thread in threads:
        thread.start()
    terminated = []
    for _ in range(3):
        time.sleep(1.5)
        terminated.append(_terminate_app_connections())
    time.sleep(1.5)  # the app carries on without a restart
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    statuses = Counter(status for _, _, status, _ in log)
    assert set(statuses) <= {200, 409, 503}, (statuses, server.output()[-3000:])
    assert all(n > 0 for n in terminated), terminated
    for _, _, status, data in log:
        if status == 503:
            assert data["code"] == "DATABASE_UNAVAILABLE"
    # After the last drop, every writer got through again.
    tail = defaultdict(list)
    for key, _, status, _ in log:
        tail[key].append(status)
    for key in KEYS:
        assert 200 in tail[key][-5:], (key, tail[key][-20:])

    _assert_no_corruption(workload, log)
    assert_counts_match_answers(workload)
    record("faults_database_drops", len(terminated))
    record("faults_database_writes", len(log))
    record("faults_database_503", statuses[503])


def _assert_no_corruption(workload, log) -> None:
    """History is a chain; every accepted write is in it, and whatever else is in it was a
    write whose client got 503 (committed just before the connection dropped)."""
    sent = defaultdict(dict)
    for key, body, status, data in log:
        sent[key][body["notes"]] = (status, data)
    for key in KEYS:
        answer = Answer.objects.get(lens_review__workload=workload, question_key=key)
        history = list(AnswerChange.objects.filter(answer=answer).order_by("version"))
        assert [change.version for change in history] == list(range(1, answer.version + 1))
        for older, newer in itertools.pairwise(history):
            assert newer.before == older.after
        recorded = {change.after["notes"] for change in history}
        for notes, (status, _) in sent[key].items():
            if status == 200:
                assert notes in recorded
            elif status == 409:
                assert notes not in recorded
        for notes in recorded:
            assert sent[key][notes][0] in {200, 503}
        if history:
            assert answer.notes == history[-1].after["notes"]
