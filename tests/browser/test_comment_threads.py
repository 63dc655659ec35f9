"""Comment threads on the review page, two people in two browser contexts (issue 18): bob
mentions alice through the autocomplete, alice sees the comment that mentions her, opens the
thread and resolves it; bob's open thread shows it resolved without a reload."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from reviews.choices import Role
from reviews.models import Comment, CommentThread
from reviews.services.comments import question_assign
from tests.browser.test_workload_pages import sign_in
from tests.fixtures.reports import results_dir
from tests.fixtures.users import UserFactory
from tests.reviews.factories import WorkloadFactory, tricky_lens

pytestmark = pytest.mark.browser


@pytest.fixture
def workload(alice):
    bob = UserFactory(username="bob")
    return WorkloadFactory(
        name="Fraud model",
        owner=alice,
        lenses=[tricky_lens(alice)],
        members=[(bob, Role.CONTRIBUTOR)],
    )


def test_a_mention_is_seen_and_the_thread_resolved(browser: Browser, live_server, workload):
    slug = workload.lens_reviews.get().lens.slug
    review = f"{live_server.url}/workloads/{workload.pk}/reviews/{slug}/"
    bob_context, alice_context = browser.new_context(), browser.new_context()
    bob, alice = bob_context.new_page(), alice_context.new_page()
    errors: list[str] = []
    for page in (bob, alice):
        page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(bob, live_server, "bob")
    bob.goto(review)
    thread = bob.locator("#q-p1q1-thread")
    thread.locator("summary").click()
    expect(thread.get_by_text("No comments yet.")).to_be_visible()
    box = thread.get_by_label("Add a comment")
    box.click()
    box.press_sequentially("Is the registry ours, @al")
    option = thread.get_by_role("option", name="@alice")
    expect(option).to_be_visible()
    box.press("Enter")  # takes the first suggestion
    box.press_sequentially("? See **the runbook**.")
    expect(box).to_have_value("Is the registry ours, @alice ? See **the runbook**.")
    thread.get_by_role("button", name="Comment").click()
    expect(thread.locator(".comment")).to_have_count(1)
    expect(thread.locator(".comment strong", has_text="the runbook")).to_be_visible()

    sign_in(alice, live_server, "alice")
    alice.goto(review)
    alice_thread = alice.locator("#q-p1q1-thread")
    alice_thread.locator("summary").click()
    comment = alice_thread.locator(".comment")
    expect(comment.get_by_text("Mentions you")).to_be_visible()
    expect(comment.get_by_text("bob")).to_be_visible()
    # The Markdown is rendered as the notes are: no markup taken from the text.
    expect(comment.locator("strong", has_text="the runbook")).to_be_visible()
    alice_thread.scroll_into_view_if_needed()
    alice.screenshot(path=str(results_dir() / "review-thread-open.png"), full_page=False)
    alice_thread.get_by_role("button", name="Resolve").click()
    expect(alice_thread.get_by_test_id("thread-status")).to_contain_text("Resolved by alice")
    expect(alice_thread.get_by_role("button", name="Reopen")).to_be_visible()

    # Bob's thread, still open on his page, shows it within one refresh.
    expect(thread.get_by_test_id("thread-status")).to_contain_text(
        "Resolved by alice", timeout=20000
    )
    # Bob assigns p1q2 to alice: her dashboard lists it, and her review page filters on it.
    question_assign(
        review=workload.lens_reviews.get(),
        question_key="p1q2",
        actor=workload.members.get(role=Role.CONTRIBUTOR).user,
        user="alice",
        due_date=date(2027, 1, 15),
    )
    alice.goto(f"{live_server.url}/")
    assigned = alice.get_by_test_id("assigned-list")
    expect(assigned).to_contain_text("Fraud model · p1q2")
    expect(assigned).to_contain_text("2027-01-15")
    assigned.get_by_role("link").click()
    alice.locator("#question-filter").select_option("assigned")
    expect(alice.locator(".question-card:not(.is-filtered-out)")).to_have_count(1)
    expect(alice.locator("#q-p1q2")).to_be_visible()
    expect(alice.locator("#q-p1q1")).to_be_hidden()
    (saved,) = Comment.objects.all()
    assert saved.mentions == [{"type": "USER", "name": "alice"}]
    assert CommentThread.objects.get().status == "RESOLVED"
    assert errors == []
    bob_context.close()
    alice_context.close()
