"""A real Chromium under our Content-Security-Policy: pages and their scripts still work,
and the browser reports no violation (an inline script or handler would be one)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from reviews.choices import Role
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.reviews.factories import WorkloadFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page: Page, live_server, alice, transactional_db):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.context.add_cookies(
        [{"name": "sessionid", "value": _session(alice), "url": live_server.url}]
    )
    yield violations
    assert violations == []


def _session(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_it_runs_the_version_picker_without_an_inline_handler(
    page: Page, live_server, alice, signed_in
):
    lens = custom_lens(alice, lens_doc(name="Picked lens"), publish=("1.0", "2.0"))
    page.goto(f"{live_server.url}/lenses/{lens.slug}/")
    page.locator("#version-select").select_option("1.0")
    expect(page).to_have_url(f"{live_server.url}/lenses/{lens.slug}/?version=1.0")
    expect(page.get_by_text("Version 1.0")).to_be_visible()


def test_it_renders_the_api_docs_under_the_policy(page: Page, live_server, signed_in):
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("mllens API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()


def test_it_runs_the_workload_and_review_pages(page: Page, live_server, alice, bob, signed_in):
    lens = custom_lens(alice, lens_doc(name="Browsed lens"), publish=("1.0",))
    workload = WorkloadFactory(
        name="Browsed", owner=alice, lenses=[lens], members=[(bob, Role.READER)]
    )
    page.goto(f"{live_server.url}/workloads/{workload.pk}/")
    expect(page.get_by_role("heading", name="Browsed", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/workloads/{workload.pk}/reviews/{lens.slug}/")
    expect(page.get_by_text("How do you handle p1q1?").first).to_be_visible()
