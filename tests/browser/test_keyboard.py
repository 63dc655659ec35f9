"""Issue 17: a keyboard-only review, shortcuts that stay out of the way, the risk announced."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.models import Answer, Milestone
from reviews.services.workloads import workload_create
from tests.browser.a11y import sign_in, wait_for_review
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.browser

ML = "machine-learning"

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.matches(":focus-visible")) return false;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== "none";
}"""


@pytest.fixture
def reports_run(request):
    """Reports render in-process without Redis; with Redis, a real worker takes them."""
    if settings.REDIS_URL:
        return request.getfixturevalue("celery_worker")
    return None


@pytest.fixture
def workload(alice):
    shipped_lenses_load()
    return workload_create(user=alice, lenses=[Lens.objects.get(slug=ML)], name="Claims triage")


def tab_to(page: Page, target: Locator, *, back: bool = False, limit: int = 400) -> None:
    """Press Tab (Shift+Tab if ``back``) until ``target`` has focus, asserting a visible
    focus indicator there."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab" if back else "Tab")
    else:
        raise AssertionError(f"Tab never reached {target}")
    assert page.evaluate(FOCUS_VISIBLE), f"no visible focus indicator on {target}"


def choice(page: Page, question: str, key: str) -> Locator:
    return page.locator(f"#q-{question} input[data-choice='{key}']")


def saved(page: Page, question: str) -> None:
    expect(page.locator(f"#q-{question} .q-save")).to_have_attribute("data-state", "saved")


def test_it_takes_a_keyboard_user_from_sign_in_to_a_downloaded_report(
    page: Page, live_server, alice, workload, reports_run
):
    """Issue 17 acceptance: sign in, open a workload, answer, mark N/A, record a milestone,
    request and download a report with the keyboard alone, focus visible at every step."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login/")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("alice")
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")

    tab_to(page, page.get_by_role("link", name="Claims triage"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/workloads/{workload.pk}/")
    tab_to(page, page.get_by_role("link", name=re.compile("review", re.I)).first)
    page.keyboard.press("Enter")
    wait_for_review(page)

    tab_to(page, choice(page, "MLOPS01", "MLOPS01_BP01"))
    page.keyboard.press("Space")
    saved(page, "MLOPS01")
    tab_to(page, page.locator("#q-MLOPS02-na"))
    page.keyboard.press("Space")
    saved(page, "MLOPS02")
    review = workload.lens_reviews.get()
    answers = {a.question_key: a for a in Answer.objects.filter(lens_review=review)}
    assert answers["MLOPS01"].selected_choices == ["MLOPS01_BP01"]
    assert answers["MLOPS02"].is_applicable is False

    tab_to(page, page.get_by_role("link", name="Claims triage").first, back=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/workloads/{workload.pk}/")
    tab_to(page, page.get_by_label("New milestone"))
    page.keyboard.type("Keyboard pass")
    tab_to(page, page.get_by_role("button", name="Record milestone"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("milestone-list")).to_contain_text("#1 Keyboard pass")
    assert Milestone.objects.filter(workload=workload, name="Keyboard pass").exists()
    # After the reload, focus is on the confirmation beside the form, visibly, and a Tab
    # goes on from there (not from the top of the page).
    confirmation = page.locator("#milestone-form [role=status]")
    expect(confirmation).to_have_text('Milestone #1 "Keyboard pass" recorded.')
    expect(confirmation).to_be_focused()
    assert page.evaluate(FOCUS_VISIBLE), "no visible focus indicator on the confirmation"
    page.keyboard.press("Tab")
    expect(page.get_by_label("Kind")).to_be_focused()

    panel = page.locator("#reports-panel")
    tab_to(page, panel.get_by_role("button", name="Request report"))
    page.keyboard.press("Enter")
    # The status says what was requested and keeps saying it; a second one says when the
    # report is ready. Focus stays on the button.
    requested = panel.locator("#report-form [role=status]")
    expect(requested).to_have_text("Review report requested: it is listed below while it renders.")
    expect(panel.get_by_role("button", name="Request report")).to_be_focused()
    download = panel.get_by_role("link", name="Download PDF")
    expect(download).to_be_visible(timeout=90_000)
    expect(panel.locator("#reports-status")).to_have_text(
        'Review report is ready: "Download PDF" in the list below.'
    )
    expect(requested).to_contain_text("Review report requested")
    tab_to(page, download)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".pdf")
    page.screenshot(path="test-results/keyboard-journey-report.png")


def test_it_ignores_single_key_shortcuts_on_controls_and_when_turned_off(
    page: Page, live_server, alice, workload
):
    """Issue 17, WCAG 2.1.4: j/k/n/1-9 do nothing while focus is on a checkbox, a link or a
    button, nor anywhere once the reviewer turns them off (a setting that is remembered)."""
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{ML}/")
    wait_for_review(page)
    first = page.locator("#q-MLOPS01")
    expect(first).to_have_class(re.compile("is-current"))

    controls = [
        choice(page, "MLOPS01", "MLOPS01_BP02"),
        page.locator(".nav-section-link").first,
        page.get_by_role("button", name="All questions"),
    ]
    for control in controls:
        control.focus()
        for key in ("1", "n", "j", "ArrowDown"):
            page.keyboard.press(key)
        expect(control).to_be_focused()
        expect(first).to_have_class(re.compile("is-current"))
        expect(page.locator("#q-MLOPS01 input[data-choice]:checked")).to_have_count(0)
    assert not Answer.objects.filter(lens_review__workload=workload).exclude(version=0).exists()

    # From the question itself they work.
    first.focus()
    page.keyboard.press("1")
    expect(choice(page, "MLOPS01", "MLOPS01_BP01")).to_be_checked()
    saved(page, "MLOPS01")

    # Turned off, nothing; the choice survives a reload.
    page.get_by_role("button", name="Keyboard shortcuts").click()
    page.get_by_label("Single-key shortcuts").uncheck()
    page.get_by_role("button", name="Close").click()
    page.reload()
    wait_for_review(page)
    page.locator("#q-MLOPS01").focus()
    for key in ("2", "n", "j", "?"):
        page.keyboard.press(key)
    expect(choice(page, "MLOPS01", "MLOPS01_BP02")).not_to_be_checked()
    expect(page.locator("#q-MLOPS01")).to_have_class(re.compile("is-current"))
    expect(page.locator("#help-popover")).to_be_hidden()
    expect(page.get_by_label("Single-key shortcuts")).not_to_be_checked()


def test_it_announces_the_new_risk_of_the_question_just_saved(
    page: Page, live_server, alice, workload
):
    """Issue 17, WCAG 4.1.3: one polite live region says the risk a save produced; the
    per-question save marks are no longer live regions of their own."""
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{ML}/")
    wait_for_review(page)
    announcer = page.locator("#risk-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(page.locator("#questions [aria-live], #questions [role=status]")).to_have_count(0)

    # With the header's counts as the server has them after the save (issue 17: the header
    # counts were not live), in the same one message.
    choice(page, "MLOPS02", "MLOPS02_no").check()
    saved(page, "MLOPS02")
    plan = page.locator("#plan-count").inner_text()
    expect(announcer).to_have_text(
        f"MLOPS02 saved: now high risk. 1 of 35 answered, 1 high, 0 medium, {plan} plan items."
    )
    page.locator("#q-MLOPS03-na").check()
    saved(page, "MLOPS03")
    expect(announcer).to_have_text(
        f"MLOPS03 saved: now not applicable. 2 of 35 answered, 1 high, 0 medium, {plan} plan items."
    )


def test_it_keeps_the_shortcut_help_on_a_phone_screen(page: Page, live_server, alice, workload):
    """Issue 17, 1.4.10: the shortcut help popover sits inside a 390 px screen."""
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{ML}/")
    wait_for_review(page)
    page.get_by_role("button", name="Keyboard shortcuts").click()
    box = page.locator("#help-popover").bounding_box()
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= 390, box
    page.screenshot(path="test-results/a11y-390-shortcut-help.png")


def test_it_puts_focus_on_a_confirmation_after_each_workload_action(
    page: Page, live_server, alice, charlie, workload
):
    """Issue 17: after an action the page reloads or a row goes away; focus lands on a
    visible confirmation near where the user was (not on the page's top, not nowhere)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")

    def confirmed(status, text: str) -> None:
        expect(status).to_have_text(text)
        expect(status).to_be_focused()
        expect(status.locator(".confirmation")).to_be_visible()

    page.get_by_text("Edit properties").click()
    page.get_by_label("Review owner").fill("Dana")
    page.locator("#props-form").get_by_role("button", name="Save").click()
    confirmed(page.locator("#props-status"), "Properties saved.")
    expect(page.locator("#props-view")).to_contain_text("Dana")

    page.get_by_placeholder("username").fill("charlie")
    page.locator("#member-form").get_by_role("button", name="Add").click()
    confirmed(page.locator("#member-status"), "charlie added as contributor.")

    row = page.locator("#member-list [data-member]", has_text="@charlie")
    row.get_by_role("button", name="Remove").click()
    expect(row).to_have_count(0)
    confirmed(page.locator("#member-status"), "Member removed.")

    page.get_by_text("Delete this workload…").click()
    page.get_by_label("Type the workload's name to confirm").fill("Claims triage")
    page.get_by_role("button", name="Delete workload").click()
    expect(page).to_have_url(f"{live_server.url}/")
    confirmed(page.locator("#main > [role=status]"), 'Workload "Claims triage" deleted.')
