"""Issue 17: every page meets WCAG 2.1 AA as axe-core sees it, and reflows on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.a11y import (
    API_DOCS_EXCEPTIONS,
    axe_violations,
    every_page,
    overflowing_elements,
    sideways_overflow,
    site_build,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP (rightly) forbids.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize("width", [1280, 390])
def test_it_has_no_wcag_21_aa_violation_on_any_page(
    page: Page, live_server, alice, bob, tmp_path, width
):
    """Issue 17 acceptance: axe-core on every page, both review groupings and modes, milestone
    and reader views, comparison, catalogue and import pages, error pages, at 1280 and 390 px."""
    site = site_build(url=live_server.url, alice=alice, bob=bob)
    page.set_viewport_size({"width": width, "height": 900})
    found: dict[str, list[dict]] = {}
    visited = []
    for name in every_page(page, site, tmp_path=tmp_path):
        visited.append(name)
        disable = API_DOCS_EXCEPTIONS if name == "api-docs" else ()
        if violations := axe_violations(page, disable=disable):
            found[name] = violations
    assert len(visited) == 20
    report = "\n".join(
        f"{name}: {v['id']} ({v['nodes']} nodes) {v['help']}\n    " + "\n    ".join(v["examples"])
        for name, violations in found.items()
        for v in violations
    )
    assert not found, f"WCAG 2.1 A/AA violations at {width} px:\n{report}"


@pytest.mark.parametrize("width", [390, 320])
def test_it_never_scrolls_sideways(page: Page, live_server, alice, bob, tmp_path, width):
    """Issue 17, 1.4.10 reflow: at 390 and 320 px no page is wider than the screen."""
    site = site_build(url=live_server.url, alice=alice, bob=bob)
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for name in every_page(page, site, tmp_path=tmp_path):
        if width == 390:
            page.screenshot(path=f"test-results/a11y-{width}-{name}.png", full_page=True)
            if name == "reader-view":  # the read-only look of selected practices, close up
                page.locator("[data-mode='list']").click()
                page.locator(".question-card:has(.choice.is-selected)").first.screenshot(
                    path=f"test-results/a11y-{width}-reader-question.png"
                )
        if name != "api-docs" and (extra := sideways_overflow(page)) > 0:
            wide[name] = (extra, overflowing_elements(page))
    assert not wide, f"pages wider than {width} px (extra px, what sticks out): {wide}"
