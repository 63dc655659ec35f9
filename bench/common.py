"""What every area shares: timing requests in-process, and the data several areas use."""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bench.figures import Sizes

RESULTS = Path(__file__).resolve().parent / "results"
# Profiles of ``--profile`` runs: under var/, which git ignores.
PROFILES = Path(__file__).resolve().parent.parent / "var" / "bench-profiles"
MIN_SAMPLES = 8
ML = "machine-learning"


_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"bench [{time.monotonic() - _STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


# --- In-process requests ------------------------------------------------------------------


@dataclass
class Timing:
    """Server times of repeated requests (ms) and, from one captured request, its SQL."""

    times: list[float]
    queries: int
    sql_ms: float


def measure(
    client,
    method: str,
    path: str,
    repeats: int,
    *,
    warmup: int = 2,
    data=None,
    profile: str = "",
    budget_s: float | None = None,
) -> Timing:
    """Send the same request ``repeats`` times through Django's test client (the whole stack
    below the WSGI server: middleware, auth, view, serializer, SQL). With ``budget_s``, stop
    early once that many seconds are spent (after at least ``MIN_SAMPLES`` requests)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def send():
        if method == "get":
            response = client.get(path)
        else:
            response = getattr(client, method)(path, data, content_type="application/json")
        if response.status_code >= 300:
            raise RuntimeError(
                f"{method.upper()} {path}: {response.status_code} {response.content[:300]!r}"
            )
        return response

    for _ in range(warmup):
        send()
    times, began = [], time.perf_counter()
    for _ in range(repeats):
        started = time.perf_counter()
        send()
        times.append(ms_since(started))
        spent = time.perf_counter() - began
        if budget_s is not None and spent > budget_s and len(times) >= MIN_SAMPLES:
            break
    with CaptureQueriesContext(connection) as captured:
        send()
    # Read before anything else: each request starts by clearing the connection's query log.
    timing = Timing(
        times=times,
        queries=len(captured),
        sql_ms=sum(float(query["time"]) for query in captured.captured_queries) * 1000,
    )
    if profile:
        profile_call(profile, send)
    return timing


def profile_call(name: str, call: Callable[[], object]) -> None:
    """Profile one call: stats to ``var/bench-profiles/<name>.prof``, the top lines to stderr."""
    profiler = cProfile.Profile()
    profiler.runcall(call)
    PROFILES.mkdir(parents=True, exist_ok=True)
    path = PROFILES / f"{name}.prof"
    profiler.dump_stats(path)
    log(f"profile of {name} in {path}; top functions by cumulative time:")
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)


# --- Data ---------------------------------------------------------------------------------


def answer_pattern(index: int, question) -> dict:
    """A mix of every way to answer: all practices, "None of these", one practice, one
    practice with another not applicable, the question not applicable."""
    choices = list(question.choices.all())
    practices = [c.key for c in choices if not c.is_none]
    none = [c.key for c in choices if c.is_none]
    pattern = index % 5
    if pattern == 0:
        return {"selected_choices": practices, "notes": "All practices in place."}
    if pattern == 1 and none:
        return {"selected_choices": none[:1]}
    if pattern == 3 and len(practices) > 1:
        return {
            "selected_choices": practices[:1],
            "choice_statuses": {
                practices[-1]: {
                    "status": "NOT_APPLICABLE",
                    "reason": "ARCHITECTURE_CONSTRAINTS",
                    "notes": "No such component.",
                }
            },
        }
    if pattern == 4:
        return {"is_applicable": False, "reason": "OUT_OF_SCOPE", "notes": "Out of scope."}
    return {"selected_choices": practices[:1]}


def answer(review, question_key: str, actor, **changes):
    from reviews.models import Answer
    from reviews.services.answers import answer_update

    version = Answer.objects.get(lens_review=review, question_key=question_key).version
    return answer_update(
        review=review, question_key=question_key, actor=actor, version=version, **changes
    )


def answer_all(review, actor, *, start: int = 0, stop: int | None = None) -> None:
    """Answer the review's questions ``start:stop`` through the answer service."""
    from reviews.selectors.answers import answers_for_review

    for index, row in enumerate(list(answers_for_review(review))[start:stop], start):
        answer(review, row.question_key, actor, **answer_pattern(index, row.question))


@dataclass
class Bench:
    """One run: its sizes, and the users, lenses and workloads several areas share."""

    sizes: Sizes
    database_url: str
    profile: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def user(self, username: str):
        from django.contrib.auth import get_user_model

        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        return user

    def client(self, user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client

    @cached_property
    def owner(self):
        return self.user("bench-owner")

    @cached_property
    def ml_lens(self):
        from catalog.models import Lens
        from catalog.services import shipped_lenses_load

        shipped_lenses_load()
        return Lens.objects.get(slug=ML)

    @cached_property
    def lens_file(self) -> bytes:
        from bench.lensgen import lens_bytes

        pillars, questions, choices = self.sizes.lens_shape
        return lens_bytes(
            pillars=pillars, questions=questions, choices=choices, size=self.sizes.lens_size
        )

    @cached_property
    def synthetic_lens(self):
        """The generated lens at the format's limits, imported (strict) and published."""
        from catalog.services import lens_import, lens_publish

        result = lens_import(raw=self.lens_file, user=self.owner, strict=True)
        lens_publish(lens=result.lens, version="1", is_major=True, user=self.owner)
        return result.lens

    def workload(self, lens, name: str, *, answered: bool = True):
        from reviews.models import LensReview
        from reviews.services.workloads import workload_create

        workload = workload_create(
            user=self.owner,
            lenses=[lens],
            name=name,
            description="A workload of the benchmark suite.",
            review_owner="Bench Owner",
            aws_regions=["eu-west-1"],
            pillar_priorities=["security", "reliability"],
        )
        review = LensReview.objects.select_related("workload", "lens").get(
            workload=workload, lens=lens
        )
        if answered:
            answer_all(review, self.owner)
        return workload, review

    def reviewed(self, lens, name: str):
        """A fully answered workload with milestone 1 (half answered) and 2 (all)."""
        from reviews.services.milestones import milestone_create

        workload, review = self.workload(lens, name, answered=False)
        half = review.answers.count() // 2
        answer_all(review, self.owner, stop=half)
        milestone_create(workload=workload, name="Baseline", actor=self.owner)
        answer_all(review, self.owner, start=half)
        milestone_create(workload=workload, name="Fully answered", actor=self.owner)
        return workload, review

    @cached_property
    def ml_reviewed(self):
        return self.reviewed(self.ml_lens, "Churn prediction")

    @cached_property
    def synthetic_reviewed(self):
        return self.reviewed(self.synthetic_lens, "Synthetic limits workload")


def environ_for_children(bench: Bench) -> dict[str, str]:
    """The environment of the processes the bench starts (gunicorn, report renders)."""
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": bench.database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REDIS_URL": settings.REDIS_URL or "",
    }
