"""Issue 17: every page meets WCAG 2.1 AA as axe-core sees it, and reflows on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.a11y import (
    API_DOCS_OPENED_EXCEPTIONS,
    axe_violations,
    every_page,
    overflowing_elements,
    sideways_overflow,
    sign_in,
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
        if violations := axe_violations(page):
            found[name] = violations
    assert len(visited) == 34
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


def test_the_opened_api_docs_fail_only_the_rules_swagger_ui_keeps_to_itself(
    page: Page, live_server, alice
):
    """The API docs with an operation opened and tried out and the Authorize dialog shown:
    the only WCAG violations are the three named in API_DOCS_OPENED_EXCEPTIONS (inside
    Swagger UI's own markup); should Swagger UI mend one, this test says to drop it."""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock-summary-control").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    expect(page.locator(".opblock-body textarea").first).to_be_visible()
    page.locator(".btn.authorize").first.click()
    expect(page.locator(".modal-ux")).to_be_visible()
    found = {v["id"]: v for v in axe_violations(page)}
    assert set(found) == set(API_DOCS_OPENED_EXCEPTIONS), found


# Every control the 200% zoom test looks at: what a user must be able to see and reach.
_CLIPPED_CONTROLS = """() => {
  const width = document.documentElement.clientWidth;
  const controls = document.querySelectorAll(
    "button, input:not([type=hidden]), select, textarea, a.button, summary, [role=tab]");
  const bad = [];
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest(".visually-hidden, [hidden]")) continue;
    let scrolls = false;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === "auto" || overflow === "scroll") { scrolls = true; break; }
      if (overflow === "hidden" || overflow === "clip") {
        const edge = up.getBoundingClientRect();
        if (box.left < edge.left - 1 || box.right > edge.right + 1) clipped = true;
      }
    }
    const outside = !scrolls && (box.left < -1 || box.right > width + 1);
    const style = getComputedStyle(el);
    const cut = ["BUTTON", "A", "SUMMARY"].includes(el.tagName) && style.overflowX !== "visible"
      && el.scrollWidth > el.clientWidth + 1;
    if (clipped || outside || cut) {
      const label = (el.textContent || el.name || el.id).trim().slice(0, 40);
      bad.push(`${el.tagName.toLowerCase()} "${label}"`
        + ` left=${Math.round(box.left)} right=${Math.round(box.right)}`
        + `${clipped ? " clipped by an ancestor" : ""}${cut ? " text cut" : ""}`);
    }
  }
  return bad;
}"""


def test_it_works_at_200_percent_zoom(browser: Browser, live_server, alice, bob, tmp_path):
    """Issue 17, 1.4.4 and 1.4.10 at 200% zoom. Zooming a 1280 px wide browser window to 200%
    lays pages out in 640 CSS pixels at two device pixels each: that is what the context
    below is (viewport 640 px, device scale factor 2), media queries included. (CSS ``zoom``
    on the body would scale the drawing but keep the 1280 px layout viewport, so media
    queries and the page width would not be what a zooming user gets.) Every page: no
    sideways scrolling, and no control cut off or outside the screen."""
    site = site_build(url=live_server.url, alice=alice, bob=bob)
    context = browser.new_context(
        viewport={"width": 640, "height": 400}, device_scale_factor=2, bypass_csp=True
    )
    page = context.new_page()
    assert page.evaluate("[window.innerWidth, window.devicePixelRatio]") == [640, 2]
    problems = {}
    try:
        for name in every_page(page, site, tmp_path=tmp_path):
            page.screenshot(path=f"test-results/a11y-zoom200-{name}.png")
            wide = 0 if name == "api-docs" else sideways_overflow(page)
            if wide or (clipped := page.evaluate(_CLIPPED_CONTROLS)):
                problems[name] = (wide, overflowing_elements(page) if wide else clipped)
    finally:
        context.close()
    assert not problems, f"pages that do not work at 200% zoom: {problems}"
