"""Error-shape holes of the API (issue 15 item 9): 413, one item code per fault, `?milestone`."""

from __future__ import annotations

import pytest

from reviews.models import Workload
from reviews.services.milestones import milestone_create
from tests.reviews.helpers import API, assert_error, review_url, url


def _too_big(settings) -> str:
    return '{"name": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_it_answers_413_in_the_error_shape_for_a_body_over_the_limit(
    clients, workload, settings, method
):
    """Issue 15 item 9: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a JSON 413, changing nothing."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    path = f"{API}/workloads/" if method == "POST" else f"{API}/workloads/{workload.pk}/"
    before = Workload.objects.count()
    response = clients["owner"].generic(
        method, path, _too_big(settings), content_type="application/json"
    )
    body = assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert response["Content-Type"] == "application/json"
    assert body["errors"] == [{"code": "LIMIT", "message": "At most 50000 bytes.", "pointer": ""}]
    assert Workload.objects.count() == before
    workload.refresh_from_db()
    assert workload.name == "Fraud model"


def test_it_answers_413_where_django_reads_the_body_before_the_api(clients, settings, alice):
    """Issue 15 item 9: a too-big form post is a 413 too (Django's own 400 page before)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = clients["owner"].post(f"{API}/workloads/", {"name": "x" * 5_000}, format="multipart")
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")


def _item_code(response, field: str) -> str:
    # A query's fault is INVALID_PARAMETER at the top (item 6), a body's VALIDATION_ERROR;
    # the item codes are the same.
    query = response.wsgi_request.method == "GET"
    body = assert_error(response, 400, "INVALID_PARAMETER" if query else "VALIDATION_ERROR")
    (item,) = [e for e in body["errors"] if e.get("field") == field]
    return item["code"]


def test_it_gives_a_bad_choice_one_item_code_in_query_and_body(clients, workload):
    """Issue 15 item 9: `?environment=bogus` and `{"environment": "bogus"}` both INVALID_CHOICE."""
    owner = clients["owner"]
    query = owner.get(f"{API}/workloads/?environment=BOGUS")
    body = owner.patch(f"{API}/workloads/{workload.pk}/", {"environment": "BOGUS"}, format="json")
    assert _item_code(query, "environment") == _item_code(body, "environment") == "INVALID_CHOICE"


def test_it_gives_a_bad_lens_export_format_the_choice_code(clients, tricky):
    """Issue 15 item 9: a query parameter with fixed choices answers INVALID_CHOICE."""
    response = clients["reader"].get(f"{API}/lenses/{tricky.slug}/export?format=pdf")
    assert _item_code(response, "format") == "INVALID_CHOICE"


def test_it_gives_a_bad_number_one_item_code_in_query_and_body(clients, workload):
    """Issue 15 item 9: `?workload=abc` and a body's `"workload": "abc"` are both INVALID."""
    owner = clients["owner"]
    query = owner.get(f"{API}/reports/?workload=abc")
    body = owner.post(f"{API}/reports/", {"workload": "abc"}, format="json")
    assert _item_code(query, "workload") == _item_code(body, "workload") == "INVALID"


@pytest.mark.parametrize(
    "parts",
    [("",), ("answers",), ("answers", "p1q1"), ("improvements",)],
    ids=["review", "answers", "answer", "improvements"],
)
def test_it_answers_400_for_a_milestone_that_is_not_a_number(clients, workload, tricky, parts):
    """Issue 15 item 9: `?milestone=abc` is a 400 like `?base=abc`, not a 404."""
    path = review_url(workload, tricky.slug, *[p for p in parts if p]) + "?milestone=abc"
    response = clients["reader"].get(path)
    assert _item_code(response, "milestone") == "INVALID"
    base = clients["reader"].get(url(workload, "compare") + "?base=abc")
    assert _item_code(base, "base") == "INVALID"


def test_it_still_answers_404_for_a_milestone_number_that_does_not_exist(
    clients, workload, tricky, alice
):
    """Issue 15 item 9: a well-formed number of no milestone stays a 404."""
    milestone_create(workload=workload, name="First", actor=alice)
    review = review_url(workload, tricky.slug)
    assert clients["reader"].get(review + "?milestone=1").status_code == 200
    missing = clients["reader"].get(review + "?milestone=2")
    assert_error(missing, 404, "NOT_FOUND")


def test_it_declares_413_and_415_on_every_operation_with_a_body(clients):
    """Issue 15 item 9: the 413 (and the parsers' 415) are in the schema, in the error shape."""
    schema = clients["anonymous"].get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for methods in schema["paths"].values():
        for operation in methods.values():
            if "requestBody" in operation:
                assert {"413", "415"} <= set(operation["responses"]), operation["operationId"]
