"""Area 4: milestones of a 200-question workload (the synthetic lens): record, compare, trend,
and the contexts of the reports built on them.

Milestone 1 is recorded half answered, the others fully answered, so the comparison of 1
with the last one has changes in every pillar. All through the API, in-process, apart
from the report contexts (what the worker builds before WeasyPrint), called directly.
Issue 14 asks that comparing and building a report context read no state twice: each
counts the statements that ran more than once (same SQL, same values) on one call.
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


def _reads(call) -> tuple[float, int, int]:
    """Milliseconds, statements and statements repeated (same SQL and values) of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        call()
        spent = ms_since(began)
    statements = [query["sql"] for query in captured.captured_queries]
    return spent, len(statements), len(statements) - len(set(statements))


def _contexts(bench: Bench, workload, last: int) -> list[Figure]:
    """The report contexts of the review now and of the comparison of 1 with ``last``."""
    from reviews.models import ReportJob, ReportKind
    from reviews.reports.context import BUILDERS

    jobs = {
        "review": ReportJob(workload=workload, lens=bench.synthetic_lens, kind=ReportKind.REVIEW),
        "comparison": ReportJob(
            workload=workload,
            lens=bench.synthetic_lens,
            kind=ReportKind.COMPARISON,
            base=1,
            target=str(last),
        ),
    }
    figures, repeated, notes = [], 0, []
    for name, job in jobs.items():
        BUILDERS[job.kind](job)  # warm, as a worker that has built one before
        runs = [_reads(lambda job=job: BUILDERS[job.kind](job)) for _ in range(bench.sizes.repeats)]
        repeated = max(repeated, *(r[2] for r in runs))
        notes.append(f"{name} {runs[-1][1]}")
        figures.append(
            figure(
                AREA,
                f"context_{name}_ms",
                f"report context: {name}" + (f" 1 with {last}" if name == "comparison" else ""),
                [r[0] for r in runs],
                "ms",
                note=f"{runs[-1][1]} queries",
            )
        )
    figures.append(
        figure(
            AREA,
            "context_repeated",
            "report contexts: statements read twice",
            [repeated],
            "",
            Target("= 0", lambda f: f.median == 0),
            note=f"queries: {', '.join(notes)}",
        )
    )
    return figures


def run(bench: Bench) -> list[Figure]:
    from reviews.selectors.milestones import workload_compare

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
    compare_reads = [
        _reads(lambda target=target: workload_compare(workload, base=1, target=target))
        for target in (last, "current")
    ]
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
            "compare_repeated",
            "compare: statements read twice",
            [max(repeated for _, _, repeated in compare_reads)],
            "",
            Target("= 0", lambda f: f.median == 0),
            note=f"compare 1 with {last}: {compare_reads[0][1]} queries, "
            f"with current: {compare_reads[1][1]} (the selector, without the request's own)",
        ),
        *_contexts(bench, workload, last),
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
