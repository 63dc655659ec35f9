"""The audit trail: every write with actor, time, object and summary; members read it."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.urls import reverse

from reviews.models import Activity
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import assert_error, patch_answer, review_url, select, url
from tests.reviews.test_query_counts import QUERY_COUNTS


def activity(client, workload, query: str = "") -> dict:
    response = client.get(url(workload, "activity") + query)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_it_records_every_write_with_actor_and_summary(workload, clients, alice, charlie):
    owner, contributor = clients["owner"], clients["contributor"]
    second = custom_lens(alice, lens_doc(name="Second lens"), publish=("1.0",))
    owner.patch(url(workload), {"notes": "Kick-off done."}, format="json")
    owner.post(url(workload, "members"), {"user": "charlie", "role": "READER"})
    owner.patch(url(workload, "members"), {"user": "charlie", "role": "CONTRIBUTOR"})
    owner.delete(url(workload, "members"), {"user": "charlie"}, format="json")
    owner.post(url(workload, "reviews"), {"lens": second.slug})
    contributor.patch(review_url(workload, TRICKY_SLUG), {"notes": "Lens notes."}, format="json")
    select(contributor, workload, TRICKY_SLUG, "p1q1", "no")
    contributor.patch(
        review_url(workload, TRICKY_SLUG, "improvements", "p1q1", "p1q1_c1"),
        {"status": "DONE"},
        format="json",
    )
    owner.delete(review_url(workload, second.slug))

    body = activity(clients["reader"], workload)
    rows = [(row["verb"], row["actor"]["username"]) for row in reversed(body["results"])]
    assert rows == [
        ("workload.create", "alice"),
        ("review.create", "alice"),
        ("workload.update", "alice"),
        ("member.add", "alice"),
        ("member.update", "alice"),
        ("member.remove", "alice"),
        ("review.create", "alice"),
        ("review.notes", "bob"),
        ("answer.update", "bob"),
        ("improvement.update", "bob"),
        ("review.delete", "alice"),
    ]
    newest = body["results"][0]
    assert set(newest) == {
        "id",
        "at",
        "actor",
        "verb",
        "object",
        "summary",
        "data",
    }
    assert newest["object"] == {"type": "review", "url": None}  # the review was removed
    assert all(row["summary"] and row["at"] for row in body["results"])
    summaries = {row["verb"]: row["summary"] for row in body["results"]}
    assert "charlie" in summaries["member.add"]
    assert summaries["answer.update"] == "answered p1q1: high risk"
    assert summaries["workload.update"] == "changed notes"


def test_it_records_no_reads_refusals_or_changes_that_change_nothing(workload, clients):
    before = Activity.objects.count()
    owner = clients["owner"]
    owner.get(url(workload))
    owner.get(review_url(workload, TRICKY_SLUG, "answers"))
    patch_answer(owner, workload, TRICKY_SLUG, "p1q1", notes="")  # same as stored
    patch_answer(owner, workload, TRICKY_SLUG, "p1q1", version=7, notes="stale")
    patch_answer(clients["reader"], workload, TRICKY_SLUG, "p1q1", notes="denied")
    owner.patch(review_url(workload, TRICKY_SLUG), {"pillar_notes": {"nope": "x"}}, format="json")
    assert Activity.objects.count() == before


def test_it_pages_the_activity(workload, clients):
    for index in range(6):
        patch_answer(clients["owner"], workload, TRICKY_SLUG, "p1q1", notes=f"Note {index}")
    body = activity(clients["reader"], workload, "?page_size=5")
    assert body["count"] == 8
    assert len(body["results"]) == 5
    assert body["results"][0]["data"] == {"question": "p1q1", "version": 6, "risk": "UNANSWERED"}
    assert len(activity(clients["reader"], workload, "?page_size=5&page=2")["results"]) == 3


def test_it_hides_the_activity_from_outsiders(workload, clients):
    assert_error(clients["outsider"].get(url(workload, "activity")), 404, "NOT_FOUND")
    assert_error(clients["anonymous"].get(url(workload, "activity")), 401, "NOT_AUTHENTICATED")


def test_it_shows_only_the_workloads_own_activity(workload, clients, charlie):
    WorkloadFactory(owner=charlie, name="Charlie's")
    verbs = [row["verb"] for row in activity(clients["reader"], workload)["results"]]
    assert verbs == ["review.create", "workload.create"]


def test_it_keeps_the_record_of_a_deleted_workload_for_the_admin(workload, clients, staff):
    clients["owner"].delete(url(workload))
    deleted = Activity.objects.get(verb="workload.delete")
    assert deleted.workload is None
    assert Activity.objects.count() == 3  # created, lens applied, deleted: all kept
    admin = Client()
    admin.force_login(staff)
    page = admin.get(reverse("admin:reviews_activity_changelist"))
    assert page.status_code == 200
    assert "deleted workload" in page.content.decode()


def test_it_links_every_kind_of_object_in_one_query(workload, clients, charlie):
    """A page naming a workload, a member, a review, an answer, an improvement item, a
    milestone and a report finds their links in one query (was one per kind)."""
    owner = clients["owner"]
    owner.patch(url(workload), {"notes": "Kick-off done."}, format="json")
    owner.post(url(workload, "members"), {"user": "charlie", "role": "READER"})
    owner.patch(review_url(workload, TRICKY_SLUG), {"notes": "Lens notes."}, format="json")
    select(owner, workload, TRICKY_SLUG, "p1q1", "no")
    item = review_url(workload, TRICKY_SLUG, "improvements", "p1q1", "p1q1_c1")
    owner.patch(item, {"status": "DONE"}, format="json")
    owner.post(url(workload, "milestones"), {"name": "Baseline"}, format="json")
    report = {"workload": workload.pk, "lens": TRICKY_SLUG, "kind": "REVIEW"}
    assert owner.post("/api/v1/reports/", report, format="json").status_code == 202

    activity(owner, workload, "?page_size=50")  # warm caches
    executed = []
    with connection.execute_wrapper(
        lambda run, sql, *args: executed.append(sql) or run(sql, *args)
    ):
        body = activity(owner, workload, "?page_size=50")
    linked = {row["object"]["type"]: row["object"]["url"] for row in body["results"]}
    base = "http://testserver"
    assert linked["workload"] == base + url(workload)
    assert linked["member"].startswith(base + url(workload, "members"))
    assert linked["review"] == base + review_url(workload, TRICKY_SLUG)
    assert linked["answer"] == base + review_url(workload, TRICKY_SLUG, "answers", "p1q1")
    assert linked["improvement_item"] == base + item
    assert linked["milestone"] == base + url(workload, "milestones", "1")
    assert linked["report"].startswith(base + "/api/v1/reports/")
    for kind, link in linked.items():
        # An item is changed by PATCH at its URL and read in the plan (no GET: 405).
        expected = 405 if kind == "improvement_item" else 200
        assert owner.get(link.removeprefix(base)).status_code == expected, link
    assert len([sql for sql in executed if "UNION" in sql]) == 1, executed
    assert len(executed) == QUERY_COUNTS["activity"], executed
