"""A real Chromium answers an ML Lens review on the review page: autosave, risk and progress
updates without reloads, "None of these", the keyboard, conflicts, going offline, the
improvement plan, and read-only views for readers and milestones."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from catalog.choices import Risk
from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews import vocabulary
from reviews.choices import Role
from reviews.models import Answer, ImprovementItem, LensReview
from reviews.services.answers import answer_update
from reviews.services.members import member_add
from reviews.services.milestones import milestone_create
from reviews.services.workloads import workload_create
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc, question
from tests.fixtures.users import PASSWORD, UserFactory

pytestmark = pytest.mark.browser
ML = "machine-learning"


@pytest.fixture
def workload(alice, bob):
    """Alice owns a workload on the ML Lens; bob contributes."""
    shipped_lenses_load()
    lens = Lens.objects.get(slug=ML)
    workload = workload_create(user=alice, lenses=[lens], name="Churn model")
    member_add(workload=workload, actor=alice, role=Role.CONTRIBUTOR, user=bob)
    return workload


def review_of(workload) -> LensReview:
    return LensReview.objects.select_related("workload").get(workload=workload, lens__slug=ML)


def stored(workload, key: str) -> Answer:
    return Answer.objects.get(lens_review__workload=workload, question_key=key)


def change_on_server(workload, key: str, actor, **changes) -> Answer:
    """Another user's change, through the service, based on the current version."""
    return answer_update(
        review=review_of(workload),
        question_key=key,
        actor=actor,
        version=stored(workload, key).version,
        **changes,
    )


# A synthetic beforeunload: the page cancels it (and the browser warns) while changes wait.
LEAVING = """() => {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}"""


def sign_in(page: Page, live_server, username: str = "alice") -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")


def open_review(page: Page, live_server, workload, suffix: str = "", *, slug: str = ML) -> None:
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{slug}/{suffix}")
    expect(page.locator("#review[data-ready=true]")).to_be_attached()


def choice(page: Page, question: str, key: str):
    return page.locator(f"#q-{question} input[data-choice='{key}']")


def expect_saved(page: Page, question: str) -> None:
    expect(page.locator(f"#q-{question} .q-save")).to_have_attribute("data-state", "saved")
    expect(page.locator(f"#q-{question} .q-save")).to_have_text("✓ Saved")


def nav_section(page: Page, name: str):
    return page.locator(".nav-section", has=page.locator(".nav-name", has_text=name))


def test_answering_saves_each_change_and_updates_risk_and_progress(
    page: Page, live_server, workload, errors, shots
):
    sign_in(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 800})
    open_review(page, live_server, workload)
    page.evaluate("window.notReloaded = true")
    card = page.locator("#q-MLOPS01")
    expect(card.locator(".q-risk")).to_have_text(re.compile("Unanswered"))
    expect(page.locator("#review-answered")).to_have_text("0 of 35 questions answered")

    # One or two of three best practices: HIGH; all three: no risk (the official rules).
    choice(page, "MLOPS01", "MLOPS01_BP01").check()
    expect_saved(page, "MLOPS01")
    expect(card.locator(".q-risk")).to_have_text(re.compile("High risk"))
    expect(page.locator("#review-answered")).to_have_text("1 of 35 questions answered")
    expect(page.locator("#review-counts li[data-risk=HIGH]")).to_have_attribute("data-count", "1")
    expect(nav_section(page, "Operational excellence").locator(".nav-progress-text")).to_have_text(
        "1/6"
    )
    choice(page, "MLOPS01", "MLOPS01_BP02").check()
    expect_saved(page, "MLOPS01")
    expect(card.locator(".q-risk")).to_have_text(re.compile("High risk"))
    assert stored(workload, "MLOPS01").version == 2
    choice(page, "MLOPS01", "MLOPS01_BP03").check()
    expect_saved(page, "MLOPS01")
    expect(card.locator(".q-risk")).to_have_text(re.compile("No risk"))
    expect(page.locator("#review-counts li[data-risk=NONE]")).to_have_attribute("data-count", "1")
    expect(page.locator("#review-counts li[data-risk=HIGH]")).to_have_attribute("data-count", "0")
    answer = stored(workload, "MLOPS01")
    assert answer.selected_choices == ["MLOPS01_BP01", "MLOPS01_BP02", "MLOPS01_BP03"]
    assert (answer.risk, answer.version) == ("NONE", 3)

    # "None of these" unchecks the others, and a practice unchecks "None of these".
    choice(page, "MLOPS01", "MLOPS01_no").check()
    expect(choice(page, "MLOPS01", "MLOPS01_BP01")).not_to_be_checked()
    expect(choice(page, "MLOPS01", "MLOPS01_BP02")).not_to_be_checked()
    expect(choice(page, "MLOPS01", "MLOPS01_BP03")).not_to_be_checked()
    expect_saved(page, "MLOPS01")
    expect(card.locator(".q-risk")).to_have_text(re.compile("High risk"))
    assert stored(workload, "MLOPS01").selected_choices == ["MLOPS01_no"]
    choice(page, "MLOPS01", "MLOPS01_BP03").check()
    expect(choice(page, "MLOPS01", "MLOPS01_no")).not_to_be_checked()
    expect_saved(page, "MLOPS01")
    assert stored(workload, "MLOPS01").selected_choices == ["MLOPS01_BP03"]

    # A best practice not applicable, with a reason and a note.
    choice(page, "MLOPS01", "MLOPS01_BP02").check()
    page.locator("#q-MLOPS01-c-MLOPS01_BP01-na").check()
    page.locator("#q-MLOPS01-c-MLOPS01_BP01-reason").select_option("BUSINESS_PRIORITIES")
    page.locator("#q-MLOPS01-c-MLOPS01_BP01-notes").fill("Explainability is owned by legal")
    # Notes are saved after a pause in typing.
    page.locator("#q-MLOPS01-notes").fill("Agreed in the **kick-off**.")
    expect_saved(page, "MLOPS01")
    # Not applicable is not followed: without BP01 the question stays at high risk.
    expect(card.locator(".q-risk")).to_have_text(re.compile("High risk"))
    answer = stored(workload, "MLOPS01")
    assert answer.selected_choices == ["MLOPS01_BP02", "MLOPS01_BP03"]
    assert answer.choice_statuses == {
        "MLOPS01_BP01": {
            "reason": "BUSINESS_PRIORITIES",
            "notes": "Explainability is owned by legal",
        }
    }
    assert answer.notes == "Agreed in the **kick-off**."

    # The whole question does not apply, in another pillar.
    page.locator(".nav-section-link", has_text="Security").click()
    page.locator("#q-MLSEC01-na").check()
    page.locator("#q-MLSEC01-reason").select_option("OUT_OF_SCOPE")
    expect_saved(page, "MLSEC01")
    expect(page.locator("#q-MLSEC01 .q-risk")).to_have_text(re.compile("Not applicable"))
    expect(choice(page, "MLSEC01", "MLSEC01_BP01")).to_be_disabled()
    expect(nav_section(page, "Security").locator(".nav-progress-text")).to_have_text("1/6")
    answer = stored(workload, "MLSEC01")
    assert (answer.is_applicable, answer.reason, answer.risk) == (
        False,
        "OUT_OF_SCOPE",
        "NOT_APPLICABLE",
    )
    # Notes on a pillar, merged into the review's pillar notes.
    page.locator("#pillar-notes-security summary").click()
    page.get_by_label("Notes on Security").fill("Threat model review in May")
    expect(page.locator("#pillar-notes-security .q-save")).to_have_text("✓ Saved")
    assert review_of(workload).pillar_notes == {"security": "Threat model review in May"}
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    expect(page.locator("#review-answered")).to_have_text("2 of 35 questions answered")
    assert page.evaluate("window.notReloaded") is True

    # The phase view groups the same questions by lifecycle phase.
    page.get_by_role("button", name="Lifecycle phase").click()
    expect(nav_section(page, "Business goal identification")).to_be_visible()
    expect(page.locator(".q-section").first).to_contain_text("Business goal identification")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "review-desktop.png")
    page.get_by_role("button", name="Pillar", exact=True).click()

    # A reload shows everything as saved.
    page.reload()
    expect(page.locator("#review[data-ready=true]")).to_be_attached()
    expect(choice(page, "MLOPS01", "MLOPS01_BP03")).to_be_checked()
    expect(choice(page, "MLOPS01", "MLOPS01_BP01")).to_be_disabled()
    expect(page.locator("#q-MLOPS01-c-MLOPS01_BP01-notes")).to_have_value(
        "Explainability is owned by legal"
    )
    expect(page.locator("#q-MLOPS01-notes")).to_have_value("Agreed in the **kick-off**.")
    expect(page.locator("#q-MLSEC01-na")).to_be_checked()

    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#q-MLOPS01").scroll_into_view_if_needed()
    page.screenshot(path=shots / "review-mobile.png")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "review-mobile-top.png")
    page.emulate_media(media="print")
    page.screenshot(path=shots / "review-print.png", full_page=False)
    page.emulate_media(media="screen")


def test_keyboard_moves_between_questions_and_toggles_choices(
    page: Page, live_server, workload, errors
):
    sign_in(page, live_server)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_review(page, live_server, workload)
    # A handful of requests: the page, three stylesheets (the header's is shared with the API
    # docs), the modules, one API call, the logo and the saved-state icon. Every module but the
    # entry point is announced by a modulepreload link, so none waits for another to load.
    api_calls = [url for url in requests if "/api/" in url]
    answers = f"{live_server.url}/api/v1/workloads/{workload.pk}/reviews/{ML}/answers/"
    assert api_calls == [f"{answers}?page_size=500"]  # one page holds a whole lens
    modules = {url for url in requests if url.endswith(".js")}
    preloaded = page.eval_on_selector_all("link[rel=modulepreload]", "ls => ls.map(l => l.href)")
    assert modules == {*preloaded, f"{live_server.url}/static/js/review.js"}
    assert len(set(requests) - modules) <= 7, requests
    assert len(modules) <= 16, sorted(modules)
    ready_ms = int(page.locator("#review").get_attribute("data-ready-ms"))
    assert ready_ms < 2000  # from navigation start to all 35 questions on screen (~0.5 s)
    expect(page.locator("#q-MLOPS01")).to_have_class(re.compile("is-current"))
    page.keyboard.press("j")
    expect(page.locator("#q-MLOPS02")).to_have_class(re.compile("is-current"))
    expect(page.locator("#q-MLOPS02")).to_be_focused()
    expect(page.locator("#q-MLOPS01")).not_to_have_class(re.compile("is-current"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#q-MLOPS03")).to_have_class(re.compile("is-current"))
    page.keyboard.press("k")
    expect(page.locator("#q-MLOPS02")).to_have_class(re.compile("is-current"))

    page.keyboard.press("1")
    page.keyboard.press("3")
    expect(choice(page, "MLOPS02", "MLOPS02_BP01")).to_be_checked()
    expect(choice(page, "MLOPS02", "MLOPS02_BP03")).to_be_checked()
    expect_saved(page, "MLOPS02")
    assert stored(workload, "MLOPS02").selected_choices == ["MLOPS02_BP01", "MLOPS02_BP03"]
    page.keyboard.press("3")
    expect(choice(page, "MLOPS02", "MLOPS02_BP03")).not_to_be_checked()
    page.keyboard.press("n")
    expect(choice(page, "MLOPS02", "MLOPS02_no")).to_be_checked()
    expect(choice(page, "MLOPS02", "MLOPS02_BP01")).not_to_be_checked()
    expect_saved(page, "MLOPS02")
    assert stored(workload, "MLOPS02").selected_choices == ["MLOPS02_no"]
    assert stored(workload, "MLOPS01").selected_choices == []

    # One question at a time: j shows the next one only.
    page.get_by_role("button", name="One at a time").click()
    expect(page.locator("#q-MLOPS01")).to_be_hidden()
    expect(page.locator("#q-MLOPS02")).to_be_visible()
    page.locator("#q-MLOPS02").focus()  # shortcuts act from the question, not from a button
    page.keyboard.press("j")
    expect(page.locator("#q-MLOPS03")).to_be_visible()
    expect(page.locator("#q-MLOPS02")).to_be_hidden()
    expect(page.locator("#single-position")).to_have_text("Question 3 of 35")

    # Keys are for typing while in a text field.
    page.locator("#q-MLOPS03-notes").click()
    page.keyboard.type("j1n")
    expect(page.locator("#q-MLOPS03")).to_have_class(re.compile("is-current"))
    expect(choice(page, "MLOPS03", "MLOPS03_BP01")).not_to_be_checked()
    expect_saved(page, "MLOPS03")
    assert stored(workload, "MLOPS03").notes == "j1n"

    page.locator("#q-MLOPS03-notes").blur()

    # Back to the list, showing only the high risks.
    page.get_by_role("button", name="All questions").click()
    page.locator("#question-filter").select_option("high")
    expect(page.locator("#q-MLOPS02")).to_be_visible()
    expect(page.locator("#q-MLOPS01")).to_be_hidden()
    expect(page.locator("#q-MLSEC01")).to_be_hidden()
    page.locator("#question-filter").select_option("all")
    expect(page.locator("#q-MLSEC01")).to_be_visible()

    page.locator("#q-MLSEC01").focus()
    page.keyboard.press("?")
    expect(page.locator("#help-popover")).to_be_visible()
    expect(page.locator("#help-popover")).to_contain_text("Next question")
    page.keyboard.press("Escape")
    expect(page.locator("#help-popover")).to_be_hidden()
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(page.locator("#help-popover")).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(page.locator("#help-popover")).to_be_hidden()


def test_a_conflict_shows_the_server_answer_and_lets_the_user_choose(
    page: Page, live_server, workload, bob, errors, shots
):
    sign_in(page, live_server)
    open_review(page, live_server, workload)
    # Bob answers after the page loaded.
    change_on_server(
        workload, "MLOPS01", bob, selected_choices=["MLOPS01_BP03"], notes="Bob: from the workshop"
    )
    choice(page, "MLOPS01", "MLOPS01_BP01").check()
    conflict = page.locator("#q-MLOPS01 [data-testid=conflict]")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("changed on the server by bob")
    theirs = conflict.locator("tr", has_text="Best practices").locator("td[data-side=theirs]")
    mine = conflict.locator("tr", has_text="Best practices").locator("td[data-side=mine]")
    bp3_title = page.locator("li[data-choice=MLOPS01_BP03] .choice-title").inner_text()
    bp1_title = page.locator("li[data-choice=MLOPS01_BP01] .choice-title").inner_text()
    expect(theirs).to_contain_text(bp3_title)
    expect(theirs).not_to_contain_text(bp1_title)
    expect(mine).to_contain_text(bp1_title)
    expect(mine).not_to_contain_text(bp3_title)
    # Bob's notes: we did not touch ours, so "Keep mine" keeps his.
    notes_row = conflict.locator("tr[data-group=notes]")
    expect(notes_row).to_contain_text("Bob: from the workshop")
    expect(notes_row).to_contain_text("changed only on the server")
    expect(page.locator("#save-status")).to_contain_text("Conflict")
    page.screenshot(path=shots / "review-conflict.png")

    conflict.get_by_role("button", name="Take theirs").click()
    expect(conflict).to_be_hidden()
    expect(choice(page, "MLOPS01", "MLOPS01_BP03")).to_be_checked()
    expect(choice(page, "MLOPS01", "MLOPS01_BP01")).not_to_be_checked()
    expect(page.locator("#q-MLOPS01-notes")).to_have_value("Bob: from the workshop")
    expect(page.locator("#q-MLOPS01 .q-risk")).to_have_text(re.compile("High risk"))
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    assert stored(workload, "MLOPS01").version == 1

    # Bob again; this time we keep ours, saved on top of his version.
    change_on_server(workload, "MLOPS01", bob, selected_choices=["MLOPS01_BP02", "MLOPS01_BP03"])
    choice(page, "MLOPS01", "MLOPS01_BP01").check()
    expect(conflict).to_be_visible()
    conflict.get_by_role("button", name="Keep mine").click()
    expect(conflict).to_be_hidden()
    expect_saved(page, "MLOPS01")
    expect(page.locator("#q-MLOPS01 .q-risk")).to_have_text(re.compile("High risk"))
    answer = stored(workload, "MLOPS01")
    assert answer.selected_choices == ["MLOPS01_BP01", "MLOPS01_BP03"]
    assert answer.notes == "Bob: from the workshop"
    assert (answer.version, answer.updated_by.username) == (3, "alice")

    # Bob changes only what we did not: merged without asking.
    change_on_server(workload, "MLOPS01", bob, notes="Bob: second thoughts")
    choice(page, "MLOPS01", "MLOPS01_BP02").check()
    expect_saved(page, "MLOPS01")
    expect(conflict).to_be_hidden()
    expect(page.locator("#q-MLOPS01-notes")).to_have_value("Bob: second thoughts")
    expect(page.locator("#q-MLOPS01 .q-risk")).to_have_text(re.compile("No risk"))
    answer = stored(workload, "MLOPS01")
    assert answer.selected_choices == ["MLOPS01_BP01", "MLOPS01_BP02", "MLOPS01_BP03"]
    assert (answer.notes, answer.version) == ("Bob: second thoughts", 5)


def test_two_people_editing_the_same_notes_keep_both_texts(
    page: Page, browser: Browser, live_server, workload, errors
):
    sign_in(page, live_server)
    open_review(page, live_server, workload)
    other = browser.new_context()
    try:
        bob = other.new_page()
        sign_in(bob, live_server, "bob")
        open_review(bob, live_server, workload)
        bob.locator("#q-MLOPS01-notes").fill("Bob: data owners named")
        bob.locator("#q-MLOPS01-notes").blur()
        expect_saved(bob, "MLOPS01")
    finally:
        other.close()
    page.locator("#q-MLOPS01-notes").fill("Alice: explainability agreed")
    page.locator("#q-MLOPS01-notes").blur()
    conflict = page.locator("#q-MLOPS01 [data-testid=conflict]")
    expect(conflict.locator("tr[data-group=notes]")).to_contain_text("Bob: data owners named")
    conflict.get_by_role("button", name="Keep mine, add their notes").click()
    expect_saved(page, "MLOPS01")
    expected = "Bob: data owners named\n\nAlice: explainability agreed"
    expect(page.locator("#q-MLOPS01-notes")).to_have_value(expected)
    assert stored(workload, "MLOPS01").notes == expected


def test_changes_made_offline_are_kept_and_saved_when_back_online(
    page: Page, context: BrowserContext, live_server, workload, errors
):
    sign_in(page, live_server)
    open_review(page, live_server, workload)
    page.evaluate("window.notReloaded = true")
    context.set_offline(True)
    choice(page, "MLOPS01", "MLOPS01_BP01").check()
    choice(page, "MLOPS01", "MLOPS01_BP02").check()
    status = page.locator("#q-MLOPS01 .q-save")
    expect(status).to_have_attribute("data-state", re.compile("offline|retrying"))
    expect(status).to_contain_text(re.compile("Offline|Error"))
    expect(page.locator("#save-status")).to_have_attribute(
        "data-state", re.compile("offline|retrying")
    )
    assert page.evaluate(LEAVING) is True  # leaving now would lose the change: warn
    assert stored(workload, "MLOPS01").version == 0
    context.set_offline(False)
    expect_saved(page, "MLOPS01")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    answer = stored(workload, "MLOPS01")
    assert answer.selected_choices == ["MLOPS01_BP01", "MLOPS01_BP02"]
    assert page.evaluate(LEAVING) is False

    # A server error is shown and retried.
    failures = []

    def fail_once(route):
        if route.request.method == "PATCH" and not failures:
            failures.append(route.request.url)
            route.fulfill(status=503, json={"code": "UNAVAILABLE", "message": "Down for a moment"})
        else:
            route.continue_()

    page.route("**/answers/MLOPS01/", fail_once)
    choice(page, "MLOPS01", "MLOPS01_BP03").check()
    expect(status).to_have_text("Error: Down for a moment — retrying")
    expect_saved(page, "MLOPS01")
    assert len(failures) == 1
    assert stored(workload, "MLOPS01").risk == "NONE"
    assert page.evaluate("window.notReloaded") is True


def test_improvement_items_are_edited_inline(
    page: Page, live_server, workload, alice, bob, errors, shots
):
    change_on_server(workload, "MLOPS01", alice, selected_choices=["MLOPS01_BP01"])
    sign_in(page, live_server)
    open_review(page, live_server, workload)
    expect(page.locator("#plan-count")).to_have_text("2")
    page.get_by_role("tab", name=re.compile("Improvement plan")).click()
    item = page.locator(
        ".plan-question[data-question=MLOPS01] .plan-item[data-choice=MLOPS01_BP02]"
    )
    expect(item).to_be_visible()
    item.get_by_label("Status").select_option("IN_PROGRESS")
    expect(item.locator(".q-save")).to_have_text("✓ Saved")
    item.get_by_label("Owner").select_option("bob")
    item.get_by_label("Due date").fill("2031-03-15")
    item.get_by_label("Note").fill("Rotate keys first")
    item.get_by_label("Note").blur()
    expect(item.locator(".q-save")).to_have_text("✓ Saved")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    tracked = ImprovementItem.objects.get(question_key="MLOPS01", choice_key="MLOPS01_BP02")
    assert (tracked.status, tracked.owner, str(tracked.due_date), tracked.note) == (
        "IN_PROGRESS",
        bob,
        "2031-03-15",
        "Rotate keys first",
    )
    page.screenshot(path=shots / "review-plan.png")

    page.reload()
    expect(page.locator("#review[data-ready=true]")).to_be_attached()
    item = page.locator(".plan-item[data-choice=MLOPS01_BP02]")
    expect(item.get_by_label("Status")).to_have_value("IN_PROGRESS")
    expect(item.get_by_label("Owner")).to_have_value("bob")
    # Back to the question from its plan entry.
    page.locator(".plan-question[data-question=MLOPS01]").get_by_role(
        "button", name="Go to question"
    ).click()
    expect(page.locator("#q-MLOPS01")).to_be_focused()


def test_readers_and_milestones_see_the_review_read_only(
    page: Page, live_server, workload, alice, errors
):
    change_on_server(
        workload,
        "MLOPS01",
        alice,
        selected_choices=["MLOPS01_BP01"],
        notes='<img src=x onerror="window.pwned=1"> **kept** [bad](javascript:window.pwned=1)\n'
        "- see [the runbook](https://example.com/runbook)",
    )
    milestone_create(workload=workload, name="Before launch", actor=alice)
    change_on_server(workload, "MLOPS01", alice, selected_choices=["MLOPS01_BP02"])
    dora = UserFactory(username="dora", first_name="Dora", last_name="Reader")
    member_add(workload=workload, actor=alice, role=Role.READER, user=dora)

    sign_in(page, live_server, "dora")
    open_review(page, live_server, workload)
    expect(page.get_by_test_id("readonly-banner")).to_contain_text("reader")
    expect(choice(page, "MLOPS01", "MLOPS01_BP02")).to_be_checked()
    expect(choice(page, "MLOPS01", "MLOPS01_BP02")).to_be_disabled()
    assert page.locator("#questions input:enabled, #questions select:enabled").count() == 0
    assert page.locator("#questions textarea").count() == 0
    page.keyboard.press("1")
    expect(choice(page, "MLOPS01", "MLOPS01_BP01")).not_to_be_checked()
    # Notes are Markdown shown as text: no markup from them, no script run.
    notes = page.locator("#q-MLOPS01 .notes-rendered")
    expect(notes).to_contain_text('<img src=x onerror="window.pwned=1">')
    expect(notes.locator("strong")).to_have_text("kept")
    assert notes.locator("img").count() == 0
    expect(notes.locator("li a")).to_have_attribute("href", "https://example.com/runbook")
    expect(notes.locator("li a")).to_have_attribute("rel", re.compile("noopener"))
    assert notes.locator("a").count() == 1  # not the javascript: one
    assert page.evaluate("window.pwned") is None
    page.get_by_role("tab", name=re.compile("Improvement plan")).click()
    expect(page.locator(".plan-item").first.get_by_label("Status")).to_be_disabled()

    page.context.clear_cookies()
    sign_in(page, live_server, "alice")
    open_review(page, live_server, workload, "?milestone=1")
    expect(page.get_by_test_id("readonly-banner")).to_contain_text("Milestone 1 — read-only")
    expect(choice(page, "MLOPS01", "MLOPS01_BP01")).to_be_checked()
    expect(choice(page, "MLOPS01", "MLOPS01_BP02")).not_to_be_checked()
    assert page.locator("#questions input:enabled, #questions select:enabled").count() == 0


def test_lens_text_with_markup_is_shown_as_text(page: Page, live_server, alice, errors):
    markup = '<img src=x onerror="window.pwned=1">'
    doc = lens_doc(name="Markup lens")
    question(doc)["title"] = f"Do you escape {markup}?"
    question(doc)["description"] = f"<script>window.pwned=2</script> {markup}"
    question(doc)["choices"][0]["title"] = f"<b>bold</b> {markup}"
    question(doc)["choices"][0]["helpfulResource"] = {
        "displayText": "Sneaky",
        "url": "https://example.com/ok",
    }
    lens = custom_lens(alice, doc, publish=("1.0",))
    workload = workload_create(user=alice, lenses=[lens], name="Escaping")
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{lens.slug}/")
    card = page.locator("#q-p1q1")
    expect(card.locator(".q-title")).to_have_text(f"Do you escape {markup}?")
    expect(card.locator(".q-context")).to_contain_text("<script>window.pwned=2</script>")
    expect(card.locator(".choice-title").first).to_have_text(f"<b>bold</b> {markup}")
    link = card.locator(".choice-links a").first
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", re.compile("noopener"))
    assert page.locator("#questions img, #questions script, #questions b").count() == 0
    assert page.evaluate("window.pwned") is None


def test_the_page_speaks_the_servers_vocabulary(
    page: Page, live_server, workload, errors, monkeypatch
):
    """Issue 14: risk words, glyphs, badges and limits come from the server's
    ``review-vocabulary``; change them there and the page shows the change."""
    real = vocabulary.review_vocabulary

    def renamed() -> dict:
        words = real()
        high = next(level for level in words["risks"] if level["value"] == "HIGH")
        high.update(label="Severe risk", short="Severe", icon="!!", css="badge badge-medium")
        words["limits"]["notes"] = 300
        return words

    monkeypatch.setattr(vocabulary, "review_vocabulary", renamed)
    sign_in(page, live_server)
    open_review(page, live_server, workload)
    notes = page.locator("#q-MLOPS01-notes")
    expect(notes).to_have_attribute("maxlength", "300")
    expect(page.locator("#q-MLOPS01 .notes-counter")).to_have_text("0 / 300")
    expect(page.locator("#review-counts li[data-risk=HIGH] .count-label")).to_have_text("Severe")

    choice(page, "MLOPS02", "MLOPS02_no").check()
    expect_saved(page, "MLOPS02")
    badge = page.locator("#q-MLOPS02 .q-risk")
    expect(badge).to_have_text("!! Severe risk")
    expect(badge).to_have_class("badge badge-medium q-risk")
    expect(page.locator("#risk-announcer")).to_contain_text("MLOPS02 saved: now severe risk.")
    expect(page.locator("#review-counts li[data-risk=HIGH]")).to_have_attribute("data-count", "1")
    # Unanswered questions wear the server's badge for them.
    expect(page.locator("#q-MLOPS01 .q-risk")).to_have_class(f"{Risk.UNANSWERED.css} q-risk")


def test_the_plan_item_count_is_the_apis_after_every_save(
    page: Page, live_server, workload, errors
):
    """Issue 14: the tab's count of improvement items is the server's, after each save."""
    sign_in(page, live_server)
    open_review(page, live_server, workload)
    api = f"{live_server.url}/api/v1/workloads/{workload.pk}/reviews/{ML}/"

    def api_items() -> int:
        plan = page.request.get(f"{api}improvements/?page_size=500").json()["results"]
        answers = page.request.get(f"{api}answers/?page_size=500").json()["results"]
        counted = sum(answer["plan_item_count"] for answer in answers)
        assert counted == sum(len(entry["items"]) for entry in plan)
        return counted

    seen = [api_items()]
    expect(page.locator("#plan-count")).to_have_text(str(seen[-1]))
    steps = [
        ("MLOPS02", lambda: choice(page, "MLOPS02", "MLOPS02_no").check()),  # HIGH
        ("MLOPS01", lambda: choice(page, "MLOPS01", "MLOPS01_BP01").check()),  # MEDIUM
        ("MLOPS01", lambda: choice(page, "MLOPS01", "MLOPS01_BP02").check()),
        ("MLOPS01", lambda: page.locator("#q-MLOPS01-c-MLOPS01_BP03-na").check()),
        ("MLOPS02", lambda: page.locator("#q-MLOPS02-na").check()),  # out of the plan
    ]
    for key, step in steps:
        step()
        expect_saved(page, key)
        seen.append(api_items())
        expect(page.locator("#plan-count")).to_have_text(str(seen[-1]))
    assert len(set(seen)) >= 3, seen  # the saves really moved the count
