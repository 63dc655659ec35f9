"""One list envelope everywhere: stable order, cursors where writes reorder, strict paging."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest

from reviews.models import JobStatus, ReportJob, ReportKind
from reviews.services.workloads import workload_update
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import API, assert_error, listed, review_url, select, url

# Every list that was a bare array in the first v1 shape, by how to reach it.
ARRAYS = {
    "members": lambda w: url(w, "members"),
    "milestones": lambda w: url(w, "milestones"),
    "reviews": lambda w: url(w, "reviews"),
    "answers": lambda w: review_url(w, TRICKY_SLUG, "answers"),
    "history": lambda w: review_url(w, TRICKY_SLUG, "answers", "p1q1", "history"),
    "improvements": lambda w: review_url(w, TRICKY_SLUG, "improvements"),
    "trend": lambda w: url(w, "trend").rstrip("/"),
}
PAGED = {
    "workloads": lambda w: f"{API}/workloads/",
    "lenses": lambda w: f"{API}/lenses/",
    "reports": lambda w: f"{API}/reports/",
    "activity": lambda w: url(w, "activity"),
}
LEGACY = {"API-Version": "2026-11-01"}


@pytest.fixture
def busy(workload, clients):
    """The shared workload with history on p1q1, a HIGH question in the plan and milestones."""
    owner = clients["owner"]
    for choices in (("no",), ("c1",), ("c1", "c2"), ("no",)):
        select(owner, workload, TRICKY_SLUG, "p1q1", *choices)
    for name in ("First", "Second"):
        assert owner.post(url(workload, "milestones"), {"name": name}).status_code == 201
    lens = workload.lens_reviews.get().lens
    for status in (JobStatus.DONE, JobStatus.FAILED):
        ReportJob.objects.create(
            workload=workload, lens=lens, kind=ReportKind.REVIEW, status=status, request_key="k"
        )
    return workload


@pytest.mark.parametrize("name", [*ARRAYS, *PAGED])
def test_it_answers_every_list_in_one_envelope_page_by_page(name, busy, clients):
    path = {**ARRAYS, **PAGED}[name](busy)
    owner = clients["owner"]
    whole = listed(owner, path)
    assert whole, name
    first = owner.get(path, {"page_size": 1}).json()
    assert first["count"] == len(whole)
    assert first["results"] == whole[:1]
    assert (first["next"] is None) == (len(whole) == 1)
    if first["next"]:
        assert first["next"].startswith("http://testserver/api/v1/")
    # Page by page, one item at a time, gives the same items in the same order, once each.
    assert listed(owner, path + "?page_size=1") == whole


@pytest.mark.parametrize("name", ARRAYS)
def test_it_keeps_the_bare_array_for_clients_of_the_first_shape(name, busy, clients):
    path = ARRAYS[name](busy)
    owner = clients["owner"]
    response = owner.get(path, headers=LEGACY)
    assert response.status_code == 200
    assert response.json() == listed(owner, path)
    assert response["Deprecation"].startswith("@")
    assert parsedate_to_datetime(response["Sunset"]).year >= 2027
    assert response["Link"].endswith('#deprecation-policy>; rel="deprecation"')
    current = owner.get(path)
    assert "Deprecation" not in current
    assert "Sunset" not in current


@pytest.mark.parametrize("name", [*ARRAYS, *PAGED])
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page_size=0", "page_size"),
        ("page_size=abc", "page_size"),
        ("page_size=501", "page_size"),
        ("page_size=-1", "page_size"),
        ("page=0", "page"),
        ("page=abc", "page"),
    ],
)
def test_it_refuses_bad_paging_parameters_naming_them(name, query, parameter, busy, clients):
    path = {**ARRAYS, **PAGED}[name](busy)
    body = assert_error(
        clients["owner"].get(f"{path}?{query}"),
        400,
        "INVALID_PARAMETER",
        field=parameter,
        query=True,
    )
    assert parameter in body["message"]


@pytest.mark.parametrize("name", ["workloads", "reports", "activity"])
def test_it_refuses_a_made_up_cursor(name, busy, clients):
    path = PAGED[name](busy)
    assert_error(
        clients["owner"].get(path + "?cursor=bm9wZQ"),
        400,
        "INVALID_PARAMETER",
        field="cursor",
        query=True,
    )


@pytest.mark.parametrize("name", ["answers", "members", "lenses"])
def test_it_answers_an_empty_page_past_the_end(name, busy, clients):
    path = {**ARRAYS, **PAGED}[name](busy)
    response = clients["owner"].get(path, {"page": 99, "page_size": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == []
    assert body["next"] is None
    assert body["count"] > 0
    # `previous` leads back to the last page that has items.
    last = clients["owner"].get(body["previous"]).json()
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_it_pages_answer_history_which_grows_without_bound(busy, clients):
    path = ARRAYS["history"](busy)
    first = clients["reader"].get(path, {"page_size": 2}).json()
    assert first["count"] == 4
    assert [change["version"] for change in first["results"]] == [4, 3]
    second = clients["reader"].get(first["next"]).json()
    assert [change["version"] for change in second["results"]] == [2, 1]


def test_its_workload_cursor_neither_repeats_nor_skips_while_others_write(alice, clients):
    made = [WorkloadFactory(owner=alice, name=f"W{n}") for n in range(5)]  # W4 changed last
    owner = clients["owner"]
    first = owner.get(f"{API}/workloads/", {"page_size": 2}).json()
    assert [row["name"] for row in first["results"]] == ["W4", "W3"]
    # Meanwhile a workload is created and the oldest one changes: both move to the front.
    WorkloadFactory(owner=alice, name="W5")
    workload_update(workload=made[0], user=alice, notes="Touched.")
    rest = listed(owner, first["next"])
    # Page-number paging would repeat W4 and W3 here; the cursor carries on where it was.
    assert [row["name"] for row in rest] == ["W2", "W1"]


def test_its_activity_cursor_carries_on_where_it_was_while_others_write(workload, clients):
    owner = clients["owner"]
    for index in range(3):
        owner.patch(url(workload), {"notes": f"Note {index}"}, format="json")
    path = url(workload, "activity")
    first = owner.get(path, {"page_size": 2}).json()
    seen = [row["id"] for row in first["results"]]
    owner.patch(url(workload), {"notes": "Written while paging"}, format="json")
    seen += [row["id"] for row in listed(owner, first["next"])]
    assert len(seen) == len(set(seen)) == first["count"]


def test_it_answers_the_first_shape_of_paged_lists_by_page_number(busy, clients):
    body = clients["owner"].get(url(busy, "activity"), {"page_size": 2}, headers=LEGACY).json()
    assert body["next"].endswith("page=2&page_size=2")
