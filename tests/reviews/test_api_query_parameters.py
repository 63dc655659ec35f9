"""Issue 15 item 6: a query parameter an endpoint does not take, or a value it cannot use, is
a 400 naming the parameter, never ignored (which listed everything or nothing)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver
from rest_framework.test import APIClient

from mllens.api.query import QueryParametersChecked
from tests.fixtures.users import api_key_for
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import API, assert_error, listed, review_url, select, url


@pytest.fixture
def paths(workload, tricky):
    review = review_url(workload, TRICKY_SLUG)
    return {
        "workloads": f"{API}/workloads/",
        "workload": url(workload),
        "members": url(workload, "members"),
        "milestones": url(workload, "milestones"),
        "trend": url(workload, "trend"),
        "activity": url(workload, "activity"),
        "reviews": url(workload, "reviews"),
        "review": review,
        "answers": review + "answers/",
        "answer": review + "answers/p1q1/",
        "history": review + "answers/p1q1/history/",
        "improvements": review + "improvements/",
        "reports": f"{API}/reports/",
        "lenses": f"{API}/lenses/",
        "lens": f"{API}/lenses/{tricky.slug}/",
        "lens version": f"{API}/lenses/{tricky.slug}/versions/latest/",
        "lens export": f"{API}/lenses/{tricky.slug}/export",
        "workload export": url(workload) + "export",
    }


NAMES = [
    "workloads", "workload", "members", "milestones", "trend", "activity", "reviews", "review",
    "answers", "answer", "history", "improvements", "reports", "lenses", "lens", "lens version",
    "lens export", "workload export",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_every_get_refuses_a_parameter_it_does_not_take(clients, paths, name):
    response = clients["owner"].get(paths[name] + "?nmae=x")
    body = assert_error(response, 400, "UNKNOWN_PARAMETER", field="nmae", query=True)
    assert "nmae" in body["message"]
    # The paging parameters and `format` are known everywhere (their values are the
    # pagination's and the downloads' to check).
    paged = clients["owner"].get(paths[name] + "?page_size=10")
    assert paged.status_code < 500
    if paged.status_code == 400:
        assert paged.json()["code"] != "UNKNOWN_PARAMETER"


def test_a_typo_in_a_list_filter_no_longer_lists_everything(clients, workload):
    response = clients["owner"].get(f"{API}/workloads/?nmae=Fraud&environment=PRODUCTION")
    assert_error(response, 400, "UNKNOWN_PARAMETER", field="nmae", query=True)
    assert clients["owner"].get(f"{API}/workloads/?name=Fraud").json()["count"] == 1


@pytest.mark.parametrize(
    ("path", "query", "field", "item"),
    [
        ("workloads", "?environment=BOGUS", "environment", "INVALID_CHOICE"),
        ("workloads", "?has_high_risks=maybe", "has_high_risks", "INVALID"),
        ("answers", "?risk=high", "risk", "INVALID_CHOICE"),
        ("answers", "?pillar=nope", "pillar", "INVALID"),
        ("answers", "?phase=nope", "phase", "INVALID"),
        ("answers", "?milestone=abc", "milestone", "INVALID"),
        ("review", "?milestone=0", "milestone", "MIN_VALUE"),
        ("improvements", "?status=CLOSED", "status", "INVALID_CHOICE"),
        ("reports", "?workload=abc", "workload", "INVALID"),
        ("lens export", "?fit=perhaps", "fit", "INVALID"),
        ("workload export", "?format=pdf", "format", "INVALID_CHOICE"),
    ],
)
def test_a_value_a_parameter_cannot_take_is_invalid_parameter(
    clients, paths, path, query, field, item
):
    response = clients["owner"].get(paths[path] + query)
    body = assert_error(response, 400, "INVALID_PARAMETER", field=field, query=True)
    assert body["errors"][0]["code"] == item


def test_a_known_key_of_the_lens_still_filters(clients, workload):
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "no")
    answers = review_url(workload, TRICKY_SLUG, "answers")
    found = listed(clients["reader"], answers + "?pillar=pillar2&phase=")
    assert [a["question_key"] for a in found] == ["p2q1", "p2q2"]
    # At a milestone, the keys are those of the lens version it recorded.
    clients["owner"].post(url(workload, "milestones"), {"name": "Before"}, format="json")
    at = listed(clients["reader"], answers + "?milestone=1&pillar=pillar1&risk=HIGH")
    assert [a["question_key"] for a in at] == ["p1q1"]
    assert_error(
        clients["reader"].get(answers + "?milestone=1&pillar=nope"),
        400,
        "INVALID_PARAMETER",
        field="pillar",
        query=True,
    )


def test_a_missing_token_is_still_a_401_whatever_the_query(anon_api, workload):
    assert anon_api.get(f"{API}/workloads/?nmae=x").status_code == 401
    # An outsider learns nothing new: the same 400 for any workload id.


def _api_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif prefix.startswith("api/v1/") and hasattr(pattern.callback, "cls"):
            yield prefix + str(pattern.pattern), pattern.callback.cls


def test_every_api_view_checks_its_query():
    views = dict(_api_views(get_resolver().url_patterns))
    assert len(views) >= 30
    assert [
        route for route, view in views.items() if not issubclass(view, QueryParametersChecked)
    ] == []


def test_a_query_string_costs_no_second_authentication(alice, workload):
    """The query is checked inside DRF, after its one token lookup (was: a middleware that
    authenticated the request a second time to know whether to check)."""
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_key_for(alice)}")
    members = url(workload, "members")
    client.get(members)  # warm caches (content types, prepared statements)

    def queries(path: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    plain, with_query = queries(members), queries(members + "?page=1&page_size=50")
    assert len(with_query) == len(plain), with_query
    assert client.get(members + "?nmae=x").status_code == 400
