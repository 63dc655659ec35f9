"""Area 1: saving an answer through gunicorn, against two floors in the same server.

The floor: a bare Django view doing one UPDATE. The shaped floor (issue 14): a DRF view with
token authentication that reads the row, checks the version, does one guarded UPDATE and
answers JSON. Besides latency, each round's server CPU (gunicorn's processes, and the
PostgreSQL server's, see ``bench.cpu``) is divided by the saves it served.

Each client thread has its own question (in the full run its own workload too), so no client
ever gets a 409: it reads the new version from each response. Every PATCH flips the answer
between all practices and "None of these", so each one is a real change (new version,
history, risk counts moved).
The duration of a level is split into rounds, the three sides taking turns in a rotating
order, and each figure is the median of the rounds with their min and max.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.common import ML, Bench, log, ms_since, profile_call
from bench.cpu import Meter
from bench.figures import Figure, Target, figure, percentile
from bench.server import gunicorn

AREA = "answer save"
CONTROL = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"}
SIDES = ("floor", "shaped", "product")


@dataclass
class Writer:
    """One client: what it sends next and what it learns from each response."""

    path: str
    headers: dict
    states: tuple[list[str], list[str]]
    version: int = 0
    sent: int = 0

    def body(self) -> bytes:
        self.sent += 1
        state = self.states[self.sent % 2]
        return json.dumps({"version": self.version, "selected_choices": state}).encode()

    def learn(self, status: int, payload: bytes) -> None:
        try:
            body = json.loads(payload)
        except ValueError:  # an error page, or nothing at all
            return
        if status == 200:
            self.version = body.get("version", self.version)
        elif status == 409:
            self.version = body.get("current", {}).get("version", self.version)


@dataclass
class Round:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    cpu_web: float = 0.0  # seconds
    cpu_db: float = 0.0

    def cpu_ms(self, which: str) -> float:
        """Server CPU per request served, in ms: ``web``, ``db`` or ``total``."""
        seconds = {"web": self.cpu_web, "db": self.cpu_db, "total": self.cpu_web + self.cpu_db}
        return seconds[which] * 1000 / len(self.latencies) if self.latencies else 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def load(port: int, writers: list[Writer], seconds: float, meter: Meter | None = None) -> Round:
    """Every writer in its own thread, PATCHing as fast as answers come, for ``seconds``."""
    result = Round()
    before = meter.read() if meter else None
    lock = threading.Lock()
    start = threading.Barrier(len(writers) + 1)
    deadline = [0.0]
    finished = []

    def client(writer: Writer) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies, errors = [], 0
        start.wait()
        try:
            while time.perf_counter() < deadline[0]:
                body = writer.body()
                began = time.perf_counter()
                try:
                    connection.request("PATCH", writer.path, body, writer.headers)
                    response = connection.getresponse()
                    payload = response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    connection.close()
                    status, payload = 0, b""
                latencies.append(time.perf_counter() - began)
                if status != 200:
                    errors += 1
                writer.learn(status, payload)
        finally:
            connection.close()
            with lock:
                result.latencies.extend(latencies)
                result.errors += errors
                finished.append(time.perf_counter())

    threads = [threading.Thread(target=client, args=(w,), daemon=True) for w in writers]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    result.elapsed = max(finished) - began
    if meter:
        result.cpu_web, result.cpu_db = meter.since(before)
    return result


def _writers(bench: Bench, count: int) -> dict[str, list[Writer]]:
    """``count`` product writers, each on a question of its own, ``count`` floor writers
    (the same answer rows) and ``count`` shaped-floor writers (rows of workloads of their own,
    since they move the version too)."""
    from people.services.tokens import token_create
    from reviews.models import Answer

    _, key = token_create(user=bench.owner, name="answer-save benchmark")
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    shared = bench.sizes.writer_workloads
    reviews = [
        bench.workload(bench.ml_lens, f"Answer save {i}", answered=False)[1] for i in range(shared)
    ]
    others = [
        bench.workload(bench.ml_lens, f"Answer save floor {i}", answered=False)[1]
        for i in range(shared)
    ]
    product, floor, shaped = [], [], []
    for index in range(count):
        review = reviews[index % shared]
        row = (
            Answer.objects.select_related("question")
            .filter(lens_review=review)
            .order_by("order")[index // shared]
        )
        choices = list(row.question.choices.order_by("order"))
        states = ([c.key for c in choices if not c.is_none], [c.key for c in choices if c.is_none])
        path = f"/api/v1/workloads/{review.workload_id}/reviews/{ML}/answers/{row.question_key}/"
        product.append(Writer(path, headers, states, version=row.version))
        floor.append(Writer(f"/bench/floor/{row.pk}/", headers, states))
        twin = (
            Answer.objects.filter(lens_review=others[index % shared])
            .order_by("order")
            .values_list("pk", "version")[index // shared]
        )
        shaped.append(Writer(f"/bench/shaped-floor/{twin[0]}/", headers, states, version=twin[1]))
    return {"product": product, "floor": floor, "shaped": shaped}


def _in_process(bench: Bench, writer: Writer, repeats: int, *, profile: bool = True):
    """Server time of the same PATCH through Django's test client, and its SQL (count, time,
    statements by kind)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"Authorization": writer.headers["Authorization"]})

    def send():
        response = client.patch(writer.path, writer.body(), content_type="application/json")
        writer.learn(response.status_code, response.content)
        if response.status_code != 200:
            raise RuntimeError(f"PATCH {writer.path}: {response.status_code}")

    send()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        send()
        times.append(ms_since(began))
    with CaptureQueriesContext(connection) as captured:
        send()
    queries = list(captured.captured_queries)  # before the next request clears the log
    if bench.profile and profile:
        profile_call("answer-save", send)
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    kinds = Counter(q["sql"].split(None, 1)[0].upper() for q in queries)
    work = sum(n for kind, n in kinds.items() if kind not in CONTROL)
    note = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    return times, len(queries), work, sql_ms, note


def run(bench: Bench) -> list[Figure]:
    sizes = bench.sizes
    writers = _writers(bench, max(sizes.levels))
    log(f"{AREA}: {len(writers['product'])} writers per side ready")
    times, queries, work, sql_ms, kinds = _in_process(bench, writers["product"][0], sizes.repeats)
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="bench.floor_urls"):  # the smoke test's settings lack it
        shaped = _in_process(bench, writers["shaped"][0], 1, profile=False)
    shaped_work, shaped_kinds = shaped[2], shaped[4]
    figures = [
        figure(
            AREA,
            "in_process_ms",
            "PATCH server time in-process (1 client)",
            times,
            "ms",
            note=f"{sql_ms:.1f} ms of one in SQL",
        ),
        figure(AREA, "queries", "PATCH SQL statements", [queries], "", note=kinds),
        figure(
            AREA,
            "statements",
            "PATCH SQL statements without transaction control",
            [work],
            "",
            Target("<= 8", lambda f: f.median <= 8),
            note=f"shaped floor: {shaped_work} ({shaped_kinds})",
        ),
    ]
    per_round = sizes.duration / sizes.rounds
    errors = 0
    with gunicorn(bench) as server:
        port = server.port
        meter = Meter(server.pid)
        log(f"{AREA}: gunicorn up on port {port}")
        # Imports, URL resolution and database connections happen on first use in each worker.
        warm = 0.2 if sizes.quick else 0.5
        for name in SIDES:
            load(port, writers[name][:8], warm)
        for level in sizes.levels:
            log(f"{AREA}: {level} at once, {sizes.rounds} rounds of {per_round:g} s for each side")
            rounds = {name: [] for name in SIDES}
            for index in range(sizes.rounds):
                for name in SIDES[index % 3 :] + SIDES[: index % 3]:
                    rounds[name].append(load(port, writers[name][:level], per_round, meter))
            errors += sum(r.errors for rs in rounds.values() for r in rs)
            figures += _level_figures(level, rounds)
    figures += _flatness(figures)
    figures.append(
        figure(
            AREA,
            "errors",
            "errors (non-200), all levels",
            [errors],
            "",
            Target("= 0", lambda f: f.median == 0),
            note="product and both floors",
        )
    )
    return figures


# "Ratio flat from 8 to 32 clients" (issue 14): the ratio at 32 within this band of that at 8.
FLAT = (0.8, 1.25)


def _flatness(figures: list[Figure]) -> list[Figure]:
    """Each ratio to the shaped floor at 32 clients over the same ratio at 8, per round."""
    by_key = {f.key: f for f in figures}
    flat = Target(f"{FLAT[0]:g}–{FLAT[1]:g}x", lambda f: FLAT[0] <= f.median <= FLAT[1])
    rows = []
    for key, name in (("ratio_shaped_p50", "p50"), ("ratio_shaped_cpu", "server CPU per save")):
        at_8, at_32 = by_key.get(f"{key}_8"), by_key.get(f"{key}_32")
        if at_8 is None or at_32 is None or not at_8.median:
            continue
        rows.append(
            figure(
                AREA,
                f"{key}_flat",
                f"{name} ratio: 32 clients / 8 clients",
                [at_32.median / at_8.median],
                "x",
                flat,
                note=f"{at_8.median:.2f}x at 8, {at_32.median:.2f}x at 32",
            )
        )
    return rows


def _level_figures(level: int, rounds: dict[str, list[Round]]) -> list[Figure]:
    product, floor, shaped = rounds["product"], rounds["floor"], rounds["shaped"]

    def p(rounds: list[Round], q: float) -> list[float]:
        return [percentile(r.latencies, q) * 1000 for r in rounds]

    def cpu(rounds: list[Round], which: str) -> list[float]:
        return [r.cpu_ms(which) for r in rounds]

    ratios = [a / b for a, b in zip(p(product, 50), p(floor, 50), strict=True)]
    shaped_ratios = [a / b for a, b in zip(p(product, 50), p(shaped, 50), strict=True)]
    cpu_ratios = [
        a / b if b else 0.0
        for a, b in zip(cpu(product, "total"), cpu(shaped, "total"), strict=True)
    ]
    issue = Target("<= 2x", lambda f: f.median <= 2) if level >= 8 else None
    label = f"{level} client{'s' if level > 1 else ''}"
    return [
        figure(
            AREA,
            f"ratio_shaped_p50_{level}",
            f"p50 / shaped floor p50, {label}",
            shaped_ratios,
            "x",
            issue,
        ),
        figure(
            AREA,
            f"ratio_shaped_cpu_{level}",
            f"server CPU per save / shaped floor's, {label}",
            cpu_ratios,
            "x",
            issue,
            note="web + PostgreSQL (the bench database's backends)",
        ),
        figure(AREA, f"cpu_web_{level}", f"web CPU per save, {label}", cpu(product, "web"), "ms"),
        figure(
            AREA, f"cpu_db_{level}", f"PostgreSQL CPU per save, {label}", cpu(product, "db"), "ms"
        ),
        figure(
            AREA,
            f"shaped_cpu_web_{level}",
            f"shaped floor web CPU per save, {label}",
            cpu(shaped, "web"),
            "ms",
        ),
        figure(
            AREA,
            f"shaped_cpu_db_{level}",
            f"shaped floor PostgreSQL CPU per save, {label}",
            cpu(shaped, "db"),
            "ms",
        ),
        figure(AREA, f"shaped_p50_{level}", f"shaped floor p50, {label}", p(shaped, 50), "ms"),
        figure(
            AREA,
            f"shaped_rps_{level}",
            f"shaped floor throughput, {label}",
            [r.throughput for r in shaped],
            "req/s",
        ),
        # Against the bare UPDATE a figure only: issue 14's targets are the shaped floor's.
        figure(AREA, f"ratio_p50_{level}", f"p50 / floor p50, {label}", ratios, "x"),
        figure(AREA, f"p50_{level}", f"p50, {label}", p(product, 50), "ms"),
        figure(AREA, f"p95_{level}", f"p95, {label}", p(product, 95), "ms"),
        figure(AREA, f"p99_{level}", f"p99, {label}", p(product, 99), "ms"),
        figure(
            AREA, f"rps_{level}", f"throughput, {label}", [r.throughput for r in product], "req/s"
        ),
        figure(AREA, f"floor_p50_{level}", f"floor p50, {label}", p(floor, 50), "ms"),
        figure(
            AREA,
            f"floor_rps_{level}",
            f"floor throughput, {label}",
            [r.throughput for r in floor],
            "req/s",
        ),
    ]
