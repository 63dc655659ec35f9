"""Races that used to answer 500 (issue 12 finding 8), with real threads against PostgreSQL
through a live server: the loser of a race gets a clear answer, never a 500."""

from __future__ import annotations

import threading

import pytest

from catalog.models import Lens
from reviews.models import Answer, LensReview, Workload
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import UserFactory, api_key_for
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import assert_counts_match_answers, review_url, together

pytestmark = pytest.mark.postgres


def test_it_answers_404_to_the_losers_of_parallel_removals_of_one_lens_review(
    live_api, workload, alice
):
    """Issue 12 finding 8: parallel DELETEs of one lens review: one 204, the others 404
    (not a 500 from LensReview.DoesNotExist), and the counts stay right."""
    token = api_key_for(alice)
    path = review_url(workload, TRICKY_SLUG)
    results = together(10, lambda: live_api(token, "DELETE", path))
    statuses = sorted(status for status, _ in results)
    assert statuses == [204] + [404] * 9, results
    assert all(body["code"] == "NOT_FOUND" for status, body in results if status == 404)
    assert not LensReview.objects.filter(workload=workload).exists()
    assert not Answer.objects.filter(lens_review__workload=workload).exists()
    assert Workload.objects.get(pk=workload.pk).questions_total == 0
    assert_counts_match_answers(workload)


def test_it_gives_parallel_imports_of_one_lens_name_their_own_slugs(live_api):
    """Issue 12 finding 8: 20 parallel imports of lenses with the same name all succeed, each
    with a slug of its own (a lost race on the unique slug takes the next one, never a 500)."""
    users = [UserFactory(username=f"importer{n}") for n in range(20)]
    tokens = iter([api_key_for(user) for user in users])
    lock = threading.Lock()
    doc = lens_doc(name="Same name")

    def one():
        with lock:
            token = next(tokens)
        return live_api(token, "POST", "/api/v1/lenses/import", doc)

    results = together(20, one)
    assert sorted(status for status, _ in results) == [201] * 20, results
    slugs = {body["lens"]["slug"] for _, body in results}
    assert len(slugs) == 20
    assert set(Lens.objects.filter(name="Same name").values_list("slug", flat=True)) == slugs
    assert "same-name" in slugs


def test_it_answers_writes_racing_a_removal_without_a_500(live_api, workload, alice):
    """Issue 12 finding 8 (same family): notes and milestones written while the lens review
    or the workload is removed get 404 (or succeed first), never a 500."""
    token = api_key_for(alice)
    review = review_url(workload, TRICKY_SLUG)
    milestones = f"/api/v1/workloads/{workload.pk}/milestones/"
    calls = [("DELETE", review, None), ("DELETE", f"/api/v1/workloads/{workload.pk}/", None)]
    calls += [("PATCH", review, {"notes": f"note {n}"}) for n in range(4)]
    calls += [("POST", milestones, {"name": f"Milestone {n}"}) for n in range(4)]
    queue = iter(calls)
    lock = threading.Lock()

    def one():
        with lock:
            method, path, body = next(queue)
        return method, *live_api(token, method, path, body)

    results = together(len(calls), one)
    assert all(status < 500 for _, status, _ in results), results
    assert {status for _, status, _ in results} <= {200, 201, 204, 404}, results
    assert not Workload.objects.filter(pk=workload.pk).exists()
