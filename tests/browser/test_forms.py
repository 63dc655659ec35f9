"""Every form on every page, given a bad value, shows the error next to the field.

Issue 12 finding 15 found that adding an unknown member failed silently; these tests go
through each form of each page in Chromium against the real API and look where the message
lands. The other newcomer findings that need a browser (22: delete with confirmation, ISO
dates in report rows) are here too.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from catalog import services as catalog_services
from reviews.choices import Role
from reviews.models import ImprovementItem, ReportJob, Workload, WorkloadMember
from reviews.services.answers import answer_update
from reviews.services.members import member_add, member_remove
from reviews.services.milestones import milestone_create
from reviews.services.workloads import workload_create
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import PASSWORD
from tests.reviews.factories import tricky_doc, tricky_lens

pytestmark = pytest.mark.browser

SHOTS = "test-results"


def sign_in(page: Page, live_server, username: str = "alice") -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")


def expect_error_next_to(control: Locator, message: str | re.Pattern) -> None:
    """The control is marked invalid and described by a message placed right after it."""
    expect(control).to_have_attribute("aria-invalid", "true")
    described = control.get_attribute("aria-describedby") or ""
    note = control.page.locator(f"#{described.split()[-1]}")
    expect(note).to_have_class(re.compile("field-error"))
    expect(note).to_have_text(message)
    expect(note).to_be_visible()
    beside = control.evaluate(
        """(el) => {
          const id = el.getAttribute("aria-describedby").split(" ").pop();
          const note = document.getElementById(id);
          const holder = el.closest("label") || el;
          const group = el.closest("fieldset");
          return holder.nextElementSibling === note || (group ? group.contains(note) : false);
        }"""
    )
    assert beside, "the message is not next to its field"


@pytest.fixture
def setup(alice, bob):
    """Alice owns two workloads on the tricky lens (with a newer version to upgrade to), bob
    contributes to the first; alice has a custom lens with a draft on top of version 1.0."""
    lens = tricky_lens(alice)
    doc = tricky_doc()
    doc["pillars"][0]["questions"][0]["title"] = "How do you handle p1q1 now?"
    catalog_services.lens_import(raw=json.dumps(doc), user=alice, lens=lens)
    workload = workload_create(user=alice, lenses=[lens], name="Churn model")
    catalog_services.lens_publish(lens=lens, version="2.0", is_major=False, user=alice)
    member_add(workload=workload, actor=alice, role=Role.CONTRIBUTOR, user=bob)
    workload_create(user=alice, lenses=[lens], name="Fraud scoring")
    other = custom_lens(alice, lens_doc(name="Team lens"), publish=("1.0",), draft=True)
    return {"workload": workload, "lens": lens, "custom": other}


def test_it_shows_each_workload_page_form_error_next_to_its_field(
    page: Page, live_server, alice, bob, setup
):
    """Issue 12 finding 15: adding an unknown member answered 400 "No such user." and the page
    showed nothing; every form of the workload page now shows its error next to the field."""
    workload = setup["workload"]
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")

    # Members: an unknown user, then someone who already is a member.
    user = page.locator("#member-user")
    user.fill("nobody-here")
    page.locator("#member-form").get_by_role("button", name="Add").click()
    expect_error_next_to(user, "No such user.")
    page.screenshot(path=f"{SHOTS}/form-member-error.png", full_page=True)
    user.fill("b")
    expect(user).not_to_have_attribute("aria-invalid", "true")  # typing clears the mark
    user.fill("bob")
    page.locator("#member-form").get_by_role("button", name="Add").click()
    expect_error_next_to(user, re.compile("Already a member"))
    assert WorkloadMember.objects.filter(workload=workload).count() == 2

    # Properties: the browser's own check, then the server's duplicate-name rule.
    page.get_by_text("Edit properties").click()
    name = page.locator("#p-name")
    name.fill("ab")
    page.locator("#props-form").get_by_role("button", name="Save").click()
    expect_error_next_to(name, re.compile(r"\S"))  # the browser's minlength message
    name.fill("FRAUD scoring")
    page.locator("#props-form").get_by_role("button", name="Save").click()
    expect_error_next_to(name, re.compile("already own a workload named"))
    design = page.locator("#p-design")
    assert Workload.objects.get(pk=workload.pk).name == "Churn model"
    name.fill("Churn model")
    page.evaluate("document.getElementById('p-design').type = 'text'")
    design.fill("not a url")
    page.locator("#props-form").get_by_role("button", name="Save").click()
    expect_error_next_to(design, re.compile("valid URL", re.I))
    expect(page.locator("#props-form .form-status")).to_have_text(re.compile("marked field"))

    # Milestones: a name of spaces passes the browser's length check; the server refuses it.
    milestone = page.locator("#milestone-name")
    milestone.fill("   ")
    page.get_by_role("button", name="Record milestone").click()
    expect_error_next_to(milestone, re.compile("blank", re.I))

    # Upgrade to version 2.0: the milestone name is checked the same way.
    upgrade = page.locator(".upgrade-form input[name=milestone_name]")
    upgrade.fill("   ")
    page.get_by_role("button", name="Upgrade").click()
    expect_error_next_to(upgrade, re.compile("blank", re.I))

    # Reports: an organisation longer than the API accepts (the page's limit lifted).
    org = page.locator("#report-org")
    page.evaluate("document.getElementById('report-org').removeAttribute('maxlength')")
    org.fill("x" * 150)
    page.get_by_role("button", name="Request report").click()
    expect_error_next_to(org, re.compile("100 characters"))
    assert not ReportJob.objects.exists()

    # Deleting: the typed name must match.
    page.get_by_text("Delete this workload").click()
    confirm = page.locator("#delete-confirm")
    confirm.fill("Churn")
    page.get_by_role("button", name="Delete workload").click()
    expect_error_next_to(confirm, 'Type "Churn model" exactly to confirm.')
    assert Workload.objects.filter(pk=workload.pk).exists()
    page.screenshot(path=f"{SHOTS}/workload-form-errors.png", full_page=True)


def test_it_shows_the_apply_lens_error_next_to_the_lens(page: Page, live_server, alice, setup):
    """Issue 12 finding 15: a lens that went away between page load and "Apply" is named
    next to the lens select (a page left open while the lens was deleted)."""
    workload = setup["workload"]
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    select = page.locator("#apply-lens-select")
    page.evaluate("document.querySelector('#apply-lens-select option').value = 'gone-lens'")
    page.locator("#apply-lens").get_by_role("button", name="Apply").click()
    expect_error_next_to(select, "No lens with this slug.")


def test_it_shows_the_new_workload_error_next_to_the_name(page: Page, live_server, alice, setup):
    """Issue 12 findings 15 and 22: a duplicate name is refused next to the name field."""
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/new/")
    name = page.get_by_label("Name")
    name.fill("churn MODEL")
    page.get_by_role("button", name="Create workload").click()
    expect_error_next_to(name, re.compile("already own a workload named"))
    assert Workload.objects.filter(name__iexact="churn model").count() == 1
    page.screenshot(path=f"{SHOTS}/new-workload-error.png", full_page=True)


def test_it_shows_lens_page_form_errors_next_to_their_fields(page: Page, live_server, alice, setup):
    """Issue 12 finding 15: publishing under a used version label, and importing a broken
    file, say so next to the version field and the file field."""
    lens = setup["custom"]
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/lenses/{lens.slug}/?version=draft")
    version = page.locator("#publish-version")
    version.fill("1.0")
    page.get_by_role("button", name="Publish").click()
    expect_error_next_to(version, "Already published.")

    page.goto(f"{live_server.url}/lenses/import/")
    file_input = page.locator("#lens-file")
    page.get_by_role("button", name="Import").click()
    expect_error_next_to(file_input, "Choose a lens file (JSON).")
    file_input.set_input_files(
        files=[{"name": "broken.json", "mimeType": "application/json", "buffer": b"{ nope"}]
    )
    page.get_by_role("button", name="Import").click()
    expect_error_next_to(file_input, re.compile(r"This file has \d+ problem"))
    expect(page.locator("#problem-list li").first).to_be_visible()


def test_it_shows_a_refused_plan_item_owner_next_to_the_owner_field(
    page: Page, live_server, alice, bob, setup
):
    """Issue 12 finding 15: on the review page, a change the server refuses (an owner who is
    no longer a member) is explained next to that item's owner field."""
    workload, lens = setup["workload"], setup["lens"]
    review = workload.lens_reviews.get()
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_no"]
    )
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{lens.slug}/")
    page.get_by_role("tab", name=re.compile("Improvement plan")).click()
    owner = page.locator("[id$='-owner']").first
    expect(owner.locator("option", has_text="bob")).to_have_count(1)
    member_remove(member=WorkloadMember.objects.get(workload=workload, user=bob), actor=alice)
    owner.select_option("bob")
    expect_error_next_to(owner, "Not a member.")
    expect(owner).to_have_value("")  # the saved value is back
    assert not ImprovementItem.objects.filter(owner=bob).exists()


def test_it_shows_refused_answer_notes_next_to_the_notes(page: Page, live_server, alice, setup):
    """Issue 12 finding 15: notes the server refuses (longer than it keeps; the page's own limit
    lifted) are explained next to the notes field, and nothing is stored."""
    workload, lens = setup["workload"], setup["lens"]
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{lens.slug}/")
    notes = page.locator("#q-p1q1-notes")
    expect(notes).to_be_attached()
    page.evaluate("document.getElementById('q-p1q1-notes').removeAttribute('maxlength')")
    notes.fill("x" * 10_001)
    notes.blur()
    expect_error_next_to(notes, re.compile("10000 characters"))
    answer = workload.lens_reviews.get().answers.get(question_key="p1q1")
    assert (answer.notes, answer.version) == ("", 0)


def test_it_says_why_sign_in_failed_and_marks_both_fields(page: Page, live_server, alice):
    """Issue 12 finding 15: the sign-in form's error (which does not say which of the two was
    wrong) is tied to both fields."""
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    for label in ("Username", "Password"):
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", "login-error")


def test_it_deletes_a_workload_after_the_owner_confirms_with_its_name(
    page: Page, live_server, alice, setup
):
    """Issue 12 finding 22: workloads could only be deleted through the API."""
    workload = setup["workload"]
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    page.get_by_text("Delete this workload").click()
    page.locator("#delete-confirm").fill("Churn model")
    page.get_by_role("button", name="Delete workload").click()
    expect(page).to_have_url(f"{live_server.url}/")
    assert not Workload.objects.filter(pk=workload.pk).exists()


def test_it_shows_report_rows_with_iso_dates(page: Page, live_server, alice, setup):
    """Issue 12 finding 22: report rows used the browser's locale date; the app uses ISO."""
    workload = setup["workload"]
    ReportJob.objects.create(
        workload=workload,
        lens=setup["lens"],
        requested_by=alice,
        kind="review",
        status="failed",
        request_key="iso",
        error="Failed on purpose",
    )
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    row = page.locator("#report-list .report-row").first
    expect(row).to_contain_text(re.compile(r"Review report · \d{4}-\d{2}-\d{2} \d{2}:\d{2}"))
    expect(row).not_to_contain_text("/")


def test_it_shows_the_dashboard_overdue_and_due_soon_and_takes_screenshots(
    page: Page, live_server, alice, setup
):
    """Issue 12 findings 16-19, 21: the changed pages, photographed for a person to look at."""
    workload = setup["workload"]
    review = workload.lens_reviews.get()
    milestone_create(workload=workload, name="Baseline", actor=alice)
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_no"]
    )
    today = timezone.localdate()
    for choice, days in (("p1q1_c1", -2), ("p1q1_c2", 4)):
        ImprovementItem.objects.create(
            lens_review=review,
            question_key="p1q1",
            choice_key=choice,
            due_date=today + timedelta(days=days),
        )
    sign_in(page, live_server)
    expect(page.get_by_test_id("overdue-list")).to_contain_text("Practice p1q1_c1")
    expect(page.get_by_test_id("due-soon-list")).to_contain_text("Practice p1q1_c2")
    page.screenshot(path=f"{SHOTS}/dashboard.png", full_page=True)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/compare/?base=1")
    page.screenshot(path=f"{SHOTS}/compare-labels.png", full_page=True)
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{setup['lens'].slug}/")
    page.get_by_role("tab", name=re.compile("Improvement plan")).click()
    chip = page.locator(".chip-danger", has_text="Overdue").first
    expect(chip).to_be_visible()
    # The glyph is our SVG, drawn as a mask: it has a size and no text of its own.
    box = chip.locator(".icon-clock").bounding_box()
    assert box is not None
    assert box["width"] > 5
    assert box["height"] > 5
    page.screenshot(path=f"{SHOTS}/review-plan.png", full_page=True)
    page.goto(f"{live_server.url}/api/docs/")
    header = page.locator("header.topbar")
    expect(header.get_by_role("link", name="Workloads")).to_be_visible()
    expect(page.locator(".swagger-ui .info")).to_be_visible(timeout=15_000)
    page.screenshot(path=f"{SHOTS}/api-docs.png")
    header.get_by_role("link", name="Workloads").click()
    expect(page).to_have_url(f"{live_server.url}/")
