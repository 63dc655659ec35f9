"""Area 4: milestones of a 200-question workload (the synthetic lens): record, compare, trend.

Milestone 1 is recorded half answered, the others fully answered, so the comparison of 1
with the last one has changes in every pillar. All through the API, in-process.
"""

from __future__ import annotations

import time

from bench.common import Bench, answer_all, measure, ms_since
from bench.figures import Figure, Target, figure

AREA = "milestones"


def _record(client, path: str, name: str) -> float:
    began = time.perf_counter()
    response = client.post(path, {"name": name}, content_type="application/json")
    spent = ms_since(began)
    if response.status_code != 201:
        raise RuntimeError(f"POST {path}: {response.status_code} {response.content[:300]!r}")
    return spent


def run(bench: Bench) -> list[Figure]:
    sizes = bench.sizes
    workload, review = bench.workload(bench.synthetic_lens, "Milestone workload", answered=False)
    questions = review.answers.count()
    client = bench.client(bench.owner)
    base = f"/api/v1/workloads/{workload.pk}/"
    answer_all(review, bench.owner, stop=questions // 2)
    times = [_record(client, base + "milestones/", "Half answered")]
    answer_all(review, bench.owner, start=questions // 2)
    for number in range(2, sizes.trend_milestones + 1):
        times.append(_record(client, base + "milestones/", f"Milestone {number}"))
    last = sizes.trend_milestones
    profile = "milestones-compare" if bench.profile else ""
    compare = measure(
        client, "get", f"{base}compare?base=1&target={last}", sizes.repeats, profile=profile
    )
    current = measure(client, "get", f"{base}compare?base=1&target=current", sizes.repeats)
    trend = measure(client, "get", f"{base}trend", sizes.repeats)
    label = f"{questions} questions"
    return [
        figure(
            AREA,
            "create_ms",
            f"create milestone, {label}",
            times,
            "ms",
            Target.below(50, "ms"),
            note=f"{len(times)} milestones recorded",
        ),
        figure(
            AREA,
            "compare_ms",
            f"compare 1 with {last}, {label}",
            compare.times,
            "ms",
            Target.below(50, "ms"),
            note=f"{compare.queries} queries, {compare.sql_ms:.1f} ms in SQL",
        ),
        figure(
            AREA,
            "compare_current_ms",
            f"compare 1 with current, {label}",
            current.times,
            "ms",
            note=f"{current.queries} queries, {current.sql_ms:.1f} ms in SQL",
        ),
        figure(
            AREA,
            "trend_ms",
            f"trend of {last} milestones",
            trend.times,
            "ms",
            Target.below(100, "ms"),
            note=f"{trend.queries} queries",
        ),
    ]
