"""Comment threads of a question and of an improvement item (issue 18 item 1)."""

from __future__ import annotations

import pytest

from reviews.choices import Role
from reviews.models import Activity, Comment
from tests.reviews.factories import TRICKY_SLUG, TeamFactory
from tests.reviews.helpers import answer_url, assert_error, listed, review_url


def comments_url(workload, question_key: str = "p1q1", *parts: str) -> str:
    return answer_url(workload, TRICKY_SLUG, question_key, "comments", *parts)


def item_comments_url(workload, *parts: str) -> str:
    return review_url(workload, TRICKY_SLUG, "improvements", "p1q1", "p1q1_c1", "comments", *parts)


def thread_url(workload, question_key: str = "p1q1") -> str:
    return answer_url(workload, TRICKY_SLUG, question_key, "thread").rstrip("/")


def post(client, target: str, body: str):
    return client.post(target, {"body": body}, format="json")


def test_a_contributor_comments_and_every_member_reads_it(workload, clients, dora):
    team = TeamFactory(name="platform", members=[dora])
    workload.members.create(team=team, role=Role.READER)
    created = post(
        clients["contributor"],
        comments_url(workload),
        "@alice and @platform: is the **registry** ours? Mail ops@example.org, not @nobody.",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Location"].endswith(comments_url(workload, "p1q1", str(body["id"])))
    assert body["author"]["username"] == "bob"
    # Members are mentions; an e-mail address and a name no member has are text.
    assert body["mentions"] == [
        {"type": "USER", "name": "alice"},
        {"type": "TEAM", "name": "platform"},
    ]
    assert (body["edited"], body["deleted"], body["history"], body["version"]) == (
        False,
        False,
        [],
        1,
    )
    for role in ("reader", "contributor", "owner", "staff"):
        assert [c["id"] for c in listed(clients[role], comments_url(workload))] == [body["id"]]
    # Another thread (another question, an improvement item) is not this one.
    assert listed(clients["owner"], comments_url(workload, "p1q2")) == []
    assert listed(clients["owner"], item_comments_url(workload)) == []
    activity = Activity.objects.get(verb="comment.create")
    assert activity.data == {"question": "p1q1", "choice": None, "comment": body["id"]}
    shown = clients["owner"].get(f"/api/v1/workloads/{workload.pk}/activity/").json()
    assert shown["results"][0]["object"]["url"].endswith(
        comments_url(workload, "p1q1", str(body["id"]))
    )


def test_readers_may_not_comment_and_outsiders_do_not_see_threads(workload, clients):
    assert_error(post(clients["reader"], comments_url(workload), "Hi"), 403, "PERMISSION_DENIED")
    assert clients["outsider"].get(comments_url(workload)).status_code == 404
    assert post(clients["outsider"], comments_url(workload), "Hi").status_code == 404
    assert not Comment.objects.exists()


def test_bad_bodies_are_refused_with_the_field_at_fault(workload, clients):
    contributor = clients["contributor"]
    target = comments_url(workload)
    blank = assert_error(post(contributor, target, "   "), 400, "VALIDATION_ERROR", field="body")
    assert blank["errors"][0]["code"] == "BLANK"
    too_long = assert_error(
        post(contributor, target, "x" * 10_001), 400, "VALIDATION_ERROR", field="body"
    )
    assert too_long["errors"][0]["code"] == "MAX_LENGTH"
    unknown = contributor.post(target, {"body": "Hi", "bdy": 1}, format="json")
    assert_error(unknown, 400, "UNKNOWN_FIELD", field="bdy")
    assert post(contributor, comments_url(workload, "nope"), "Hi").status_code == 404
    missing_choice = review_url(workload, TRICKY_SLUG, "improvements", "p1q1", "nope", "comments")
    assert post(contributor, missing_choice, "Hi").status_code == 404
    assert not Comment.objects.exists()


def test_an_author_edits_with_history_and_deletes_leaving_the_place(workload, clients):
    bob = clients["contributor"]
    first = post(bob, item_comments_url(workload), "Who owns this?").json()
    target = item_comments_url(workload, str(first["id"]))
    # Others may not change it, owners included.
    assert_error(
        clients["owner"].patch(target, {"body": "Mine now"}, format="json"),
        403,
        "PERMISSION_DENIED",
    )
    assert_error(clients["owner"].delete(target), 403, "PERMISSION_DENIED")
    # A stale If-Match changes nothing and shows the comment as it is.
    stale = bob.patch(target, {"body": "x"}, format="json", headers={"If-Match": '"9"'})
    assert assert_error(stale, 412, "PRECONDITION_FAILED")["current"]["body"] == "Who owns this?"
    edited = bob.patch(
        target, {"body": "Who owns this, @alice?"}, format="json", headers={"If-Match": '"1"'}
    )
    assert edited.status_code == 200, edited.content
    assert edited["ETag"] == '"2"'
    body = edited.json()
    assert body["edited"] is True
    assert body["edited_at"]
    assert body["mentions"] == [{"type": "USER", "name": "alice"}]
    assert [h["body"] for h in body["history"]] == ["Who owns this?"]
    assert bob.delete(target, headers={"If-Match": '"2"'}).status_code == 204
    (gone,) = listed(clients["reader"], item_comments_url(workload))
    assert (gone["body"], gone["deleted"], gone["mentions"]) == ("", True, [])
    assert [h["body"] for h in gone["history"]] == ["Who owns this?", "Who owns this, @alice?"]
    assert_error(bob.patch(target, {"body": "Back"}, format="json"), 400, "VALIDATION_ERROR")
    verbs = list(
        Activity.objects.filter(verb__startswith="comment.").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["comment.create", "comment.delete", "comment.update"]


@pytest.mark.parametrize("thread", ["question", "item"])
def test_a_thread_is_resolved_and_reopened(workload, clients, thread):
    target = (
        thread_url(workload)
        if thread == "question"
        else review_url(workload, TRICKY_SLUG, "improvements", "p1q1", "p1q1_c1", "thread").rstrip(
            "/"
        )
    )
    fresh = clients["reader"].get(target)
    assert fresh.json() == {
        "status": "OPEN",
        "resolved_by": None,
        "resolved_at": None,
        "comment_count": 0,
        "version": 0,
    }
    assert_error(
        clients["reader"].patch(target, {"status": "RESOLVED"}, format="json"),
        403,
        "PERMISSION_DENIED",
    )
    assert_error(
        clients["owner"].patch(target, {"status": "DONE"}, format="json"),
        400,
        "VALIDATION_ERROR",
        field="status",
    )
    resolved = clients["contributor"].patch(target, {"status": "RESOLVED"}, format="json")
    assert resolved.status_code == 200, resolved.content
    body = resolved.json()
    assert (body["status"], body["resolved_by"]["username"], body["version"]) == (
        "RESOLVED",
        "bob",
        1,
    )
    stale = clients["owner"].patch(
        target, {"status": "OPEN"}, format="json", headers={"If-Match": '"0"'}
    )
    assert assert_error(stale, 412, "PRECONDITION_FAILED")["current"]["status"] == "RESOLVED"
    reopened = clients["owner"].patch(target, {"status": "OPEN"}, format="json")
    assert (reopened.json()["status"], reopened.json()["resolved_by"]) == ("OPEN", None)
    verbs = list(Activity.objects.filter(verb__startswith="thread.").values_list("verb", flat=True))
    assert sorted(verbs) == ["thread.reopen", "thread.resolve"]
