"""Area 2: reading a lens review and its answers, for the ML Lens and a lens at the limits.

Server time is the whole Django stack in-process (test client, session login of a reader),
repeated; the query count comes from one captured request and must not grow with the lens.
"""

from __future__ import annotations

from bench.common import ML, Bench, measure
from bench.figures import Figure, Target, figure

AREA = "review read"
MAX_QUERIES = 12


# Server time of the ML Lens: the review; the answers list from the cached tree (issue 14).
LIMITS_MS = {"review": 30, "answers": 15}


def run(bench: Bench) -> list[Figure]:
    from reviews.choices import Role
    from reviews.models import WorkloadMember

    reader = bench.user("bench-reader")
    ml_workload, _ = bench.ml_reviewed
    synthetic_workload, synthetic_review = bench.synthetic_reviewed
    cases = {
        "ml": ("ML Lens", ml_workload, ML),
        "synthetic": (
            "synthetic 10×20×15" if not bench.sizes.quick else "synthetic (small)",
            synthetic_workload,
            synthetic_review.lens.slug,
        ),
    }
    client = bench.client(reader)
    timings = {}
    for case, (_, workload, slug) in cases.items():
        WorkloadMember.objects.get_or_create(workload=workload, user=reader, role=Role.READER)
        base = f"/api/v1/workloads/{workload.pk}/reviews/{slug}/"
        repeats = bench.sizes.repeats if case == "ml" else max(3, bench.sizes.repeats // 3)
        for endpoint, path in (("review", base), ("answers", base + "answers/")):
            profile = f"review-read-{case}-{endpoint}" if bench.profile else ""
            timings[case, endpoint] = measure(client, "get", path, repeats, profile=profile)
    figures = []
    names = {"review": "lens review GET", "answers": "answers list GET"}
    for endpoint, name in names.items():
        for case, (label, _, _) in cases.items():
            timing = timings[case, endpoint]
            target = Target.below(LIMITS_MS[endpoint], "ms") if case == "ml" else None
            figures.append(
                figure(
                    AREA,
                    f"{endpoint}_{case}_ms",
                    f"{name}, {label}",
                    timing.times,
                    "ms",
                    target,
                    note=f"{timing.sql_ms:.1f} ms of it in SQL",
                )
            )
        counts = [timings[case, endpoint].queries for case in cases]
        figures.append(
            figure(
                AREA,
                f"{endpoint}_queries",
                f"{name}: SQL queries (ML Lens, synthetic)",
                counts,
                "",
                Target(
                    f"≤ {MAX_QUERIES}, equal", lambda f: f.high <= MAX_QUERIES and f.low == f.high
                ),
                note=" vs ".join(str(c) for c in counts),
            )
        )
    return figures
