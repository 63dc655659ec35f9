"""A real Chromium sees where an answer came from (issue 19 item 2): a template answer is
built and applied through the API, and the review page shows the template badge and link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.services.workloads import workload_create
from tests.browser.test_review_page import ML, choice, open_review, sign_in
from tests.fixtures.users import api_key_for

pytestmark = pytest.mark.browser
QUESTION = "MLOPS01"


def test_an_answer_from_a_template_carries_its_badge(page: Page, live_server, alice, shots):
    shipped_lenses_load()
    lens = Lens.objects.get(slug=ML)
    workload = workload_create(user=alice, lenses=[lens], name="Churn model")
    api = f"{live_server.url}/api/v1"
    auth = {"Authorization": f"Token {api_key_for(alice)}"}
    made = page.request.post(
        f"{api}/templates/", data={"name": "Platform defaults", "lenses": [ML]}, headers=auth
    )
    assert made.status == 201, made.text()
    template = made.json()["id"]
    practice = f"{QUESTION}_BP01"
    preset = page.request.patch(
        f"{api}/templates/{template}/lenses/{ML}/answers/{QUESTION}/",
        data={"version": 0, "selected_choices": [practice], "notes": "The platform does this."},
        headers=auth,
    )
    assert preset.status == 200, preset.text()
    applied = page.request.post(
        f"{api}/workloads/{workload.pk}/templates/",
        data={"template": template, "mode": "FILL_EMPTY"},
        headers=auth,
    )
    assert applied.status == 200, applied.text()
    assert applied.json()["applied"] == [{"lens": ML, "question_key": QUESTION}]

    sign_in(page, live_server)
    open_review(page, live_server, workload)
    card = page.locator(f"#q-{QUESTION}")
    badge = card.get_by_test_id("template-origin")
    expect(badge).to_be_visible()
    expect(badge).to_have_text(f"From template {template}, version 2")
    expect(badge).to_have_attribute("href", f"/api/v1/templates/{template}/")
    expect(choice(page, QUESTION, practice)).to_be_checked()
    card.screenshot(path=str(shots / "template-badge.png"))
