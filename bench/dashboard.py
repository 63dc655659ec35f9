"""Area 3: the dashboard and the workload list with 10,000 workloads, 2,000 of them visible.

Seeding writes rows in bulk (no services: they would take an hour): every workload has an
ML Lens review with all its answers (random risks, counts and summary consistent with them),
an owner among 100 users, and milestones; the viewer is a member of 3/4 of the visible
workloads directly and of the rest through a team. Some visible reviews have improvement
items due soon, so every part of the page has something to show.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from bench.common import Bench, log, measure
from bench.figures import Figure, Target, chunks, figure, percentile

AREA = "dashboard"
BATCH = 1_000
# Seconds of requests per endpoint at most: a slow page gets fewer samples, not a longer run.
BUDGET_S = 30
RISKS = ("HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED")
WEIGHTS = (2, 2, 4, 1, 3)


def insert(model, rows) -> None:
    """Insert plain rows (field attname → value, the other fields take their defaults) with
    COPY on PostgreSQL; elsewhere (the smoke run on SQLite) with ``bulk_create``."""
    import json

    from django.db import connection, models
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    rows = ({**defaults, **row} for row in rows)
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**row) for row in rows), batch_size=2_000)
        return
    names = [f.attname for f in fields]
    as_json = {f.attname for f in fields if isinstance(f, models.JSONField)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n]) if n in as_json else row[n] for n in names])


def _counts(risks) -> dict[str, int]:
    from reviews.models.counts import COUNT_FIELDS

    counts = dict.fromkeys(COUNT_FIELDS.values(), 0)
    for value in risks:
        counts[COUNT_FIELDS[value]] += 1
    return counts


def seed(bench: Bench):
    """Write the workloads and return the user who can see ``sizes.visible`` of them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from catalog.selectors import latest_published
    from reviews import risk
    from reviews.choices import Environment, ItemStatus, Role
    from reviews.models import (
        Answer,
        ImprovementItem,
        LensReview,
        Milestone,
        Team,
        Workload,
        WorkloadMember,
    )
    from reviews.services.counts import pillar_counts_write

    sizes, rng = bench.sizes, random.Random(8)
    version = latest_published(bench.ml_lens)
    questions = list(version.questions.select_related("pillar", "phase").order_by("order"))
    first_choice = {q.pk: q.choices.order_by("order").first().key for q in questions}
    user_model, unusable = get_user_model(), make_password(None)
    owners = user_model.objects.bulk_create(
        user_model(username=f"bench-owner-{i:03d}", password=unusable) for i in range(100)
    )
    viewer = bench.user("bench-viewer")
    team = Team.objects.create(name="Bench platform team")
    team.members.add(viewer)
    visible = set(rng.sample(range(sizes.workloads), sizes.visible))
    per_workload = max(1, sizes.milestones_total // sizes.workloads)
    today = timezone.localdate()
    for start in range(0, sizes.workloads, BATCH):
        indexes = range(start, min(start + BATCH, sizes.workloads))
        risks = {i: rng.choices(RISKS, WEIGHTS, k=len(questions)) for i in indexes}
        with transaction.atomic():
            workloads = Workload.objects.bulk_create(
                Workload(
                    name=f"Workload {i:05d}",
                    environment=rng.choice(Environment.values),
                    review_owner=f"Owner {i % 100}",
                    aws_regions=["eu-west-1"],
                    created_by=owners[i % 100],
                    updated_by=owners[i % 100],
                    **_counts(risks[i]),
                )
                for i in indexes
            )
            reviews = LensReview.objects.bulk_create(
                LensReview(
                    workload=workload,
                    lens=bench.ml_lens,
                    lens_version=version,
                    risk_summary=risk.summarize(
                        {
                            "pillar_key": q.pillar.key,
                            "phase_key": q.phase.key if q.phase else "",
                            "risk": value,
                        }
                        for q, value in zip(questions, risks[i], strict=True)
                    ),
                    **_counts(risks[i]),
                )
                for i, workload in zip(indexes, workloads, strict=True)
            )
            pillar_counts_write(reviews, new=True)
            insert(
                Answer,
                (
                    {
                        "lens_review_id": review.pk,
                        "question_id": q.pk,
                        "question_key": q.key,
                        "pillar_key": q.pillar.key,
                        "phase_key": q.phase.key if q.phase else "",
                        "order": q.order,
                        "selected_choices": []
                        if value in ("UNANSWERED", "NOT_APPLICABLE")
                        else [first_choice[q.pk]],
                        "is_applicable": value != "NOT_APPLICABLE",
                        "reason": "OUT_OF_SCOPE" if value == "NOT_APPLICABLE" else "",
                        "risk": value,
                        "version": 0 if value == "UNANSWERED" else 1,
                    }
                    for i, review in zip(indexes, reviews, strict=True)
                    for q, value in zip(questions, risks[i], strict=True)
                ),
            )
            members = [
                WorkloadMember(workload=w, user=owners[i % 100], role=Role.OWNER)
                for i, w in zip(indexes, workloads, strict=True)
            ]
            for i, workload in zip(indexes, workloads, strict=True):
                if i in visible and i % 4:
                    members.append(
                        WorkloadMember(
                            workload=workload,
                            user=viewer,
                            role=rng.choice([Role.READER, Role.CONTRIBUTOR]),
                        )
                    )
                elif i in visible:
                    members.append(WorkloadMember(workload=workload, team=team, role=Role.READER))
            WorkloadMember.objects.bulk_create(members)
            insert(
                Milestone,
                (
                    {
                        "workload_id": workload.pk,
                        "number": number,
                        "name": f"Milestone {number}",
                        "workload_data": {
                            "name": workload.name,
                            "environment": workload.environment,
                        },
                        "created_by_id": owners[i % 100].pk,
                        **_counts(risks[i]),
                    }
                    for i, workload in zip(indexes, workloads, strict=True)
                    for number in range(1, per_workload + 1)
                ),
            )
            ImprovementItem.objects.bulk_create(
                ImprovementItem(
                    lens_review=review,
                    question_key=questions[k].key,
                    choice_key=first_choice[questions[k].pk],
                    owner=viewer,
                    due_date=today + timedelta(days=rng.randint(-30, 90)),
                    status=rng.choice(ItemStatus.values),
                )
                for i, review in zip(indexes, reviews, strict=True)
                if i in visible and i % 10 == 0
                for k in (0, 1)
            )
    if connection.vendor == "postgresql":
        # As autovacuum would soon after a bulk load: the planner needs the new row counts.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return viewer


def _rounds(times: list[float], q: float, rounds: int) -> list[float]:
    """The percentile of each round (a run of consecutive requests)."""
    return [percentile(part, q) for part in chunks(times, rounds)]


def run(bench: Bench) -> list[Figure]:
    sizes = bench.sizes
    began = time.perf_counter()
    viewer = seed(bench)
    seconds = time.perf_counter() - began
    log(
        f"{AREA}: seeded {sizes.workloads} workloads, {sizes.milestones_total} milestones "
        f"in {seconds:.0f} s"
    )
    client = bench.client(viewer)
    response = client.get("/api/v1/workloads/")
    seen = response.json()["count"]
    if seen != sizes.visible:
        raise RuntimeError(f"the viewer sees {seen} workloads, not {sizes.visible}")
    figures = [
        figure(
            AREA,
            "seed_s",
            "seeding time",
            [seconds],
            "s",
            note=f"{sizes.workloads} workloads, {sizes.milestones_total} milestones",
        )
    ]
    pages = {
        "page": ("dashboard page", "/"),
        "api": ("GET /api/v1/workloads/", "/api/v1/workloads/"),
    }
    for key, (name, path) in pages.items():
        profile = f"dashboard-{key}" if bench.profile else ""
        timing = measure(
            client, "get", path, sizes.repeats * sizes.rounds, profile=profile, budget_s=BUDGET_S
        )
        figures += [
            figure(
                AREA, f"{key}_p50", f"{name} p50", _rounds(timing.times, 50, sizes.rounds), "ms"
            ),
            figure(
                AREA,
                f"{key}_p95",
                f"{name} p95",
                _rounds(timing.times, 95, sizes.rounds),
                "ms",
                Target.below(100, "ms"),
                note=f"{timing.sql_ms:.1f} ms in SQL",
            ),
            figure(AREA, f"{key}_queries", f"{name}: SQL queries", [timing.queries], ""),
        ]
    return figures
