"""The activity feed: bursts of changes to one answer grouped at read time, in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from catalog.models import Choice, Question
from reviews import activity_feed
from reviews.models import Activity
from reviews.selectors.activity import activity_feed_for
from reviews.services.answers import answer_update

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def row(minute: float, *, actor=1, answer="7", verb="answer.update", summary="answered p1q1"):
    return {
        "at": T0 - timedelta(minutes=minute),
        "actor": f"user{actor}",
        "actor_id": actor,
        "verb": verb,
        "object_id": answer,
        "summary": summary,
    }


def test_it_groups_consecutive_changes_by_one_person_to_one_answer_within_the_window():
    """Issue 12 finding 16: one line per click becomes one entry per burst of changes."""
    rows = [row(0), row(1), row(4.5), row(10), row(11, actor=2), row(12, answer="8")]
    groups = activity_feed.group_rows(rows, window=timedelta(minutes=5))
    assert [len(g) for g in groups] == [3, 1, 1, 1]
    # A gap longer than the window, another person or another answer starts a new entry.


def test_it_never_groups_other_kinds_of_activity():
    """Issue 12 finding 16: only answer changes are grouped; other writes stay one entry each."""
    rows = [row(0, verb="milestone.create"), row(1, verb="milestone.create"), row(2), row(3)]
    assert [len(g) for g in activity_feed.group_rows(rows)] == [1, 1, 2]


def test_it_describes_a_change_before_and_after_with_choice_titles():
    """Issue 12 finding 16: the entry says what changed (before → after), with titles."""
    before = {"risk": "UNANSWERED", "selected_choices": ["a"], "choice_statuses": {}, "notes": ""}
    after = {
        "risk": "MEDIUM",
        "selected_choices": ["b"],
        "choice_statuses": {"c": {"reason": "OTHER"}},
        "notes": "why",
        "is_applicable": True,
    }
    lines = activity_feed.describe_answer_change(
        before,
        after,
        choices={"a": "Alpha practice", "b": "Beta practice", "c": "Gamma practice"},
        risk_label={"UNANSWERED": "Unanswered", "MEDIUM": "Medium risk"}.get,
        reason_label=str,
    )
    assert lines == [
        "Unanswered → Medium risk",
        "selected “Beta practice”",
        "unselected “Alpha practice”",
        "marked not applicable “Gamma practice”",
        "notes edited",
    ]


@pytest.mark.django_db
def test_it_reads_three_quick_changes_as_one_entry_from_first_before_to_last_after(
    workload, alice, bob
):
    """Issue 12 finding 16: three clicks on one answer read as one entry naming the question
    and the choices by title, from the state before the first to the state after the last."""
    review = workload.lens_reviews.get()
    v = answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_c1"]
    ).version
    v = answer_update(
        review=review,
        question_key="p1q1",
        actor=alice,
        version=v,
        selected_choices=["p1q1_c1", "p1q1_c2"],
    ).version
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=v, selected_choices=["p1q1_c2"]
    )
    answer_update(
        review=review, question_key="p1q2", actor=bob, version=0, selected_choices=["p1q2_no"]
    )
    assert Activity.objects.filter(workload=workload, verb="answer.update").count() == 4

    feed = activity_feed_for(workload)
    question = Question.objects.get(lens_version=review.lens_version, key="p1q1")
    c2 = Choice.objects.get(question=question, key="p1q1_c2").title
    newest, grouped = feed[0], feed[1]
    assert newest["actor"] == "bob"
    assert newest["count"] == 1
    assert grouped["actor"] == "alice"
    assert grouped["count"] == 3
    assert grouped["text"] == f"answered “{question.title}”"
    assert f"selected “{c2}”" in grouped["changes"]
    assert grouped["changes"][0].startswith("Unanswered → ")
    # From before the first change to after the last: c1 came and went, so only c2 shows.
    assert len([line for line in grouped["changes"] if line.startswith("selected")]) == 1
    assert not any(line.startswith("unselected") for line in grouped["changes"])


@pytest.mark.django_db
def test_it_keeps_changes_further_apart_than_the_window_as_separate_entries(workload, alice):
    """Issue 12 finding 16: grouping is by time; the activity rows themselves stay as they are."""
    review = workload.lens_reviews.get()
    v = answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_c1"]
    ).version
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=v, selected_choices=["p1q1_c2"]
    )
    first = Activity.objects.filter(workload=workload, verb="answer.update").order_by("id").first()
    Activity.objects.filter(pk=first.pk).update(at=first.at - timedelta(minutes=30))
    feed = [e for e in activity_feed_for(workload) if e["text"].startswith("answered")]
    assert [e["count"] for e in feed] == [1, 1]
    assert Activity.objects.filter(workload=workload, verb="answer.update").count() == 2
