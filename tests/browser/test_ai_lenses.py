"""The Generative AI and Responsible AI lenses in a real Chromium (issue 13 part 6): listed in
the catalogue and on the new-workload page, and answered on their review pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.models import Answer
from reviews.services.workloads import workload_create
from tests.browser.test_review_page import (
    choice,
    expect_saved,
    nav_section,
    open_review,
    sign_in,
)

pytestmark = pytest.mark.browser
GENAI, RAI = "generative-ai", "responsible-ai"


@pytest.fixture
def workload(alice):
    """Alice's workload reviewed with both new lenses."""
    shipped_lenses_load()
    lenses = list(Lens.objects.filter(slug__in=[GENAI, RAI]))
    return workload_create(user=alice, lenses=lenses, name="Support assistant")


def test_the_catalogue_and_new_workload_page_offer_the_new_lenses(
    page: Page, live_server, workload, errors, shots
):
    sign_in(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/lenses/")
    for name in ("Generative AI Lens", "Machine Learning Lens", "Responsible AI Lens"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    page.screenshot(path=shots / "lenses-list.png", full_page=True)
    page.get_by_role("link", name="Generative AI Lens").click()
    expect(page.get_by_test_id("lens-matrix")).to_be_visible()
    page.screenshot(path=shots / "lens-genai.png")
    page.goto(f"{live_server.url}/lenses/{RAI}/")
    expect(page.get_by_role("heading", name="Release criteria", exact=True)).to_be_visible()
    page.screenshot(path=shots / "lens-rai.png")
    page.goto(f"{live_server.url}/workloads/new/")
    for name in ("Generative AI Lens", "Responsible AI Lens"):
        expect(page.get_by_label(name)).not_to_be_checked()
    page.screenshot(path=shots / "workload-new-lenses.png")


def test_a_genai_review_is_answered_by_the_official_rules(
    page: Page, live_server, workload, errors, shots
):
    sign_in(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_review(page, live_server, workload, slug=GENAI)
    expect(page.locator("#review-answered")).to_have_text("0 of 29 questions answered")
    # The lens places practices, not questions, in phases: no phase grouping to offer.
    expect(page.get_by_role("button", name="Lifecycle phase")).to_have_count(0)
    card = page.locator("#q-GENREL03")
    page.locator(".nav-section-link", has_text="Reliability").click()
    choice(page, "GENREL03", "GENREL03_BP01").check()
    expect_saved(page, "GENREL03")
    expect(card.locator(".q-risk")).to_have_text(re.compile("Medium risk"))
    choice(page, "GENREL03", "GENREL03_BP02").check()
    expect_saved(page, "GENREL03")
    expect(card.locator(".q-risk")).to_have_text(re.compile("No risk"))
    expect(nav_section(page, "Reliability").locator(".nav-progress-text")).to_have_text("1/6")
    assert Answer.objects.get(question__key="GENREL03").risk == "NONE"
    page.locator(".nav-section-link", has_text="Operational excellence").click()
    choice(page, "GENOPS01", "GENOPS01_BP01").check()
    expect_saved(page, "GENOPS01")
    expect(page.locator("#q-GENOPS01 .q-risk")).to_have_text(re.compile("High risk"))
    page.screenshot(path=shots / "review-genai.png")


def test_a_rai_review_shows_its_focus_areas_and_is_answered(
    page: Page, live_server, workload, errors, shots
):
    sign_in(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_review(page, live_server, workload, slug=RAI)
    expect(page.locator("#review-answered")).to_have_text("0 of 28 questions answered")
    for area in ("Use case", "Benefits and risks", "User guidance", "Monitoring"):
        expect(nav_section(page, area)).to_be_visible()
    choice(page, "RAIUC01", "RAIUC01_BP01").check()
    choice(page, "RAIUC01", "RAIUC01_BP02").check()
    expect_saved(page, "RAIUC01")
    expect(page.locator("#q-RAIUC01 .q-risk")).to_have_text(re.compile("No risk"))
    page.locator(".nav-section-link", has_text="Benefits and risks").click()
    choice(page, "RAIBR04", "RAIBR04_BP01").check()
    expect_saved(page, "RAIBR04")
    expect(page.locator("#q-RAIBR04 .q-risk")).to_have_text(re.compile("Medium risk"))
    expect(page.locator("#review-answered")).to_have_text("2 of 28 questions answered")
    page.screenshot(path=shots / "review-rai.png")
