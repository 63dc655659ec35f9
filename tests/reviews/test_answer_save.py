"""The answer save (issue 14 part 3): its exact SQL, its compiled question tree, and random
PATCH sequences checked against a recomputation from scratch."""

from __future__ import annotations

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from catalog.choices import Risk, VersionStatus
from catalog.models import Choice, LensVersion
from catalog.question_tree import question_tree, question_tree_forget
from reviews import risk
from reviews.models import Answer, AnswerChange, ImprovementItem, LensReview
from reviews.services.answers import answer_state
from tests.fixtures.users import api_key_for
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import (
    answer_url,
    assert_counts_match_answers,
    listed,
    review_url,
    select,
    stored_risk_is_recomputed,
)

CONTROL = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT")


def _verbs(queries) -> list[str]:
    return [q["sql"].split(None, 1)[0].upper() for q in queries]


def test_it_saves_an_answer_in_seven_statements_with_token_auth(workload, bob, clients):
    """Issue 14 parts 3 and 4: token, one locking read of access + review + answer, one
    guarded UPDATE, one history INSERT, one statement moving the count rows (review,
    workload and the question's pillar row, each a data-modifying WITH), the plan's DELETE,
    the activity INSERT — 7 statements and one transaction (no savepoint of a view around
    the service)."""
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "no")  # HIGH, c1..c3 in the plan
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(bob)}")
    target = answer_url(workload, TRICKY_SLUG, "p1q1")
    version = client.get(target).json()["version"]
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(
            target, {"version": version, "selected_choices": ["p1q1_c3"]}, format="json"
        )
    assert response.status_code == 200, response.content[:300]
    verbs = _verbs(queries)
    work = [verb for verb in verbs if verb not in CONTROL]
    # The test runs inside a transaction: the service's one atomic block is one savepoint.
    assert verbs.count("SAVEPOINT") == 1, verbs
    assert work == ["SELECT", "SELECT", "UPDATE", "INSERT", "WITH", "DELETE", "INSERT"]
    counts = queries[verbs.index("WITH")]["sql"]
    for table in ("reviews_lensreview", "reviews_workload", "reviews_pillarriskcounts"):
        assert f'UPDATE "{table}"' in counts, counts
    locking = queries[verbs.index("SELECT", 2)]["sql"]
    # the lock order of reviews/services/locks.py: workload, then review, then answer
    assert locking.endswith(
        'FOR NO KEY UPDATE OF "reviews_workload", "reviews_lensreview", "reviews_answer"'
    ), locking
    assert "reviews_workloadmember" in locking, locking
    body = response.json()
    assert body == client.get(target).json()  # built from what was written, as a GET shows it
    assert (body["risk"], body["version"]) == (Risk.MEDIUM, version + 1)


def test_it_runs_the_locking_read_and_the_writes_as_prepared_statements(workload, clients):
    """Planning the locking read cost PostgreSQL more than running it: it is prepared once per
    connection (psycopg's preparation is off unless the connection allows it)."""
    client = clients["contributor"]
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "no")
    select(client, workload, TRICKY_SLUG, "p1q1", "c1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("FOR NO KEY UPDATE OF" in sql for sql in prepared), prepared
    for write in ('UPDATE "reviews_answer"', 'INSERT INTO "reviews_answerchange"'):
        assert any(sql.startswith(write) for sql in prepared), (write, prepared)


def test_it_saves_notes_without_touching_counts_or_the_plan(workload, clients):
    """Issue 14 part 3: a change that keeps the risk writes the answer, its history and the
    activity, nothing else."""
    client = clients["contributor"]
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "no")  # the lens's tree is warm
    target = answer_url(workload, TRICKY_SLUG, "p1q2")
    version = client.get(target).json()["version"]
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(target, {"version": version, "notes": "Why."}, format="json")
    assert response.status_code == 200, response.content[:300]
    assert [v for v in _verbs(queries) if v not in CONTROL] == [
        "SELECT",
        "UPDATE",
        "INSERT",
        "INSERT",
    ]


def test_it_compiles_a_published_version_once_and_a_draft_every_time(workload, tricky, clients):
    """Issue 14 part 3: the question tree is cached per published version, never for drafts."""
    version = LensVersion.objects.get(lens=tricky, status=VersionStatus.PUBLISHED)
    question_tree_forget()
    with CaptureQueriesContext(connection) as cold:
        first = question_tree(version.pk, status=version.status, digest=version.document_sha256)
    with CaptureQueriesContext(connection) as warm:
        again = question_tree(version.pk, status=version.status, digest=version.document_sha256)
    assert (len(cold), len(warm)) == (3, 0)
    assert again is first
    assert list(first.questions) == ["p1q1", "p1q2", "p2q1", "p2q2"]
    node = first.get("p1q1")
    assert [c.key for c in node.choices] == ["p1q1_c1", "p1q1_c2", "p1q1_c3", "p1q1_no"]
    assert node.known["p1q1_no"] is True
    # one risk format end to end: the compiled levels are the stored Risk values
    assert {level for _, level in node.rules.rules} <= {Risk.HIGH, Risk.MEDIUM, Risk.NONE}
    with CaptureQueriesContext(connection) as draft:
        one = question_tree(version.pk, status=VersionStatus.DRAFT, digest="")
        two = question_tree(version.pk, status=VersionStatus.DRAFT, digest="")
    assert len(draft) == 6
    assert one is not two


def test_it_answers_the_list_from_the_cached_tree(workload, clients):
    """Issue 14 part 3: the answers list shows each question as its compiled node does."""
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "c1")
    shown = listed(clients["reader"], review_url(workload, TRICKY_SLUG, "answers"))
    for answer in shown:
        choices = Choice.objects.filter(
            question__lens_version=LensReview.objects.get(workload=workload).lens_version,
            question__key=answer["question_key"],
        ).order_by("order")
        assert [c["key"] for c in answer["choices"]] == [c.key for c in choices]
        assert set(answer["choice_statuses"]) == {c.key for c in choices}


# --- random PATCH sequences against a recomputation from scratch ---------------------------

KEYS = ["p1q1", "p1q2", "p2q1", "p2q2"]
SUFFIXES = ["c1", "c2", "c3", "no"]

change = st.one_of(
    st.builds(
        lambda s: {"selected_choices": s},
        st.lists(st.sampled_from(SUFFIXES), max_size=3, unique=True),
    ),
    st.builds(
        lambda s, status: {"choice_statuses": {s: {"status": status}}},
        st.sampled_from(["c1", "c2", "c3"]),
        st.sampled_from(["SELECTED", "NOT_APPLICABLE", "UNSELECTED"]),
    ),
    st.builds(lambda a: {"is_applicable": a}, st.booleans()),
    st.builds(lambda n: {"notes": n}, st.sampled_from(["", "a", "b"])),
)
step = st.tuples(st.sampled_from(KEYS), change, st.booleans())


def _full(key: str, body: dict) -> dict:
    out = dict(body)
    if "selected_choices" in out:
        out["selected_choices"] = [f"{key}_{s}" for s in out["selected_choices"]]
    if "choice_statuses" in out:
        out["choice_statuses"] = {f"{key}_{s}": v for s, v in out["choice_statuses"].items()}
    return out


def _plan_from_scratch(review: LensReview) -> set[tuple[str, str]]:
    pairs = set()
    for answer in Answer.objects.filter(lens_review=review):
        known = {
            c.key: c.is_none
            for c in Choice.objects.filter(question_id=answer.question_id).order_by("order")
        }
        for key in risk.plan_choice_keys(
            known=known,
            risk=answer.risk,
            selected=answer.selected_choices,
            not_applicable=answer.choice_statuses,
        ):
            pairs.add((answer.question_key, key))
    return pairs


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_it_keeps_risks_counts_history_and_plan_equal_to_a_recomputation(steps, workload, clients):
    """Issue 14 acceptance: random PATCH sequences (some on stale versions) leave stored
    risks, counts, summaries, history and the plan as a recomputation from scratch has them."""
    client = clients["contributor"]
    review = LensReview.objects.get(workload=workload)
    for key, body, stale in steps:
        target = answer_url(workload, TRICKY_SLUG, key)
        version = Answer.objects.get(lens_review=review, question_key=key).version
        if stale and version:
            response = client.patch(
                target, {"version": version - 1, **_full(key, body)}, format="json"
            )
            assert response.status_code == 409
            assert response.json()["current"] == client.get(target).json()
            continue
        response = client.patch(target, {"version": version, **_full(key, body)}, format="json")
        assert response.status_code in (200, 400), response.content[:300]
        if response.status_code == 200:
            assert response.json() == client.get(target).json()
        # track whatever is in the plan now, so that leaving it must drop the tracking
        plan = listed(client, review_url(workload, TRICKY_SLUG, "improvements"))
        for entry in plan[:1]:
            for item in entry["items"][:1]:
                url = review_url(
                    workload, TRICKY_SLUG, "improvements", entry["question_key"], item["choice_key"]
                )
                assert (
                    client.patch(url, {"status": "IN_PROGRESS"}, format="json").status_code == 200
                )

    assert_counts_match_answers(workload)
    for answer in Answer.objects.filter(lens_review=review).prefetch_related(
        "question__risk_rules"
    ):
        assert stored_risk_is_recomputed(answer), answer
        changes = list(AnswerChange.objects.filter(answer=answer).order_by("version"))
        assert [c.version for c in changes] == list(range(1, answer.version + 1))
        for earlier, later in itertools.pairwise(changes):
            assert later.before == earlier.after
        if changes:
            assert changes[-1].after == answer_state(answer)
    plan = listed(client, review_url(workload, TRICKY_SLUG, "improvements"))
    in_plan = {(e["question_key"], i["choice_key"]) for e in plan for i in e["items"]}
    assert in_plan == _plan_from_scratch(review)
    tracked = set(
        ImprovementItem.objects.filter(lens_review=review).values_list("question_key", "choice_key")
    )
    assert tracked <= in_plan
