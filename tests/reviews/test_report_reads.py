"""Issue 14 part 4: comparing two milestones and building a report's context read each
state once.

The counts are pinned (on the 4-question tricky lens and the 35-question ML Lens, so they
are constant too): a read of the same state coming back — the comparison report reading
the target review, its answers or its pillars again after the comparison read them — or a
per-question read shows up as a diff of this table. No statement may run twice either.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.question_tree import question_tree
from reviews.models import LensReview, ReportJob
from reviews.reports.context import BUILDERS
from reviews.selectors.milestones import workload_compare
from tests.fixtures.reports import REQUESTS, report_workload

# review (or milestone + its review), answers with their questions, choices, rules, items,
# pillars, phases
REVIEW_STATE = 7
# Compare: the two milestones (one for now), each state (a milestone's review; or now's
# reviews, answers and items), pillars and phases; questions and choices from the cached
# tree. A comparison report adds the trend (the milestones' counts) and nothing else.
CONTEXT_QUERIES = {
    "review-now": REVIEW_STATE,
    "review-m2": REVIEW_STATE,
    "improvement_plan-now": REVIEW_STATE,
    "improvement_plan-m2": REVIEW_STATE,
    "comparison-now": 8,
    "comparison-m2": 7,
}
COMPARE_QUERIES = {"current": 7, "2": 6}


@pytest.fixture(params=["tricky", "ml_lens"])
def lens(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def reported(lens, alice):
    workload = report_workload(owner=alice, lens=lens)
    # A running process has compiled the tree of a lens version it serves.
    version = LensReview.objects.get(workload=workload).lens_version
    question_tree(version.pk, status=version.status, digest=version.document_sha256)
    return workload


def _counted(call) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        call()
    statements = [q["sql"] for q in queries]
    repeated = [sql for sql, n in Counter(statements).items() if n > 1]
    assert not repeated, repeated
    return statements


@pytest.mark.parametrize("key", list(REQUESTS))
def test_a_report_context_reads_each_state_once(key, reported, lens, alice):
    kind, milestone, base, target = REQUESTS[key]
    job = ReportJob(
        workload=reported,
        lens=lens,
        kind=kind,
        milestone=milestone,
        base=base,
        target=target or "",
        requested_by=alice,
        options={},
    )
    statements = _counted(lambda: BUILDERS[kind](job))
    assert len(statements) == CONTEXT_QUERIES[key], "\n".join(s[:150] for s in statements)


@pytest.mark.parametrize("target", list(COMPARE_QUERIES))
def test_a_comparison_reads_each_state_once(target, reported):
    statements = _counted(lambda: workload_compare(reported, base=1, target=target))
    assert len(statements) == COMPARE_QUERIES[target], "\n".join(s[:150] for s in statements)
    assert not any("catalog_question" in s or "catalog_choice" in s for s in statements)
