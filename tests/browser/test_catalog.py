"""A real Chromium imports lenses through the import page, publishes one and reads the ML Lens."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Lens
from tests.catalog.factories import ML_SLUG, load_shipped
from tests.catalog.lensdocs import lens_doc, question
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(page: Page, live_server, username: str = "alice") -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` containing ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def broken_file(tmp_path) -> tuple[str, object]:
    """A lens with three errors: two on one compact line, one on a line of its own."""
    doc = lens_doc()
    question(doc, 1, 1)["riskRules"][0]["risk"] = "LOW_RISK"
    question(doc)["choices"][0] = "__CHOICE__"
    text = json.dumps(doc, indent=2).replace(
        '"__CHOICE__"', json.dumps({"id": "p1q1_c1", "title": 5})
    )
    path = tmp_path / "broken lens.json"
    path.write_text(text)
    return text, path


def import_file(page: Page, live_server, path, *, strict=False) -> None:
    page.goto(f"{live_server.url}/lenses/import/")
    page.locator("#lens-file").set_input_files(path)
    if strict:
        page.get_by_label(re.compile("^Strict")).check()
    page.get_by_role("button", name="Import").click()


def test_it_shows_import_errors_next_to_the_lines_they_point_to(
    page: Page, live_server, alice, tmp_path
):
    text, path = broken_file(tmp_path)
    compact = line_of(text, '{"id": "p1q1_c1", "title": 5}')
    risk = line_of(text, '"risk": "LOW_RISK"')
    sign_in(page, live_server)
    import_file(page, live_server, path)

    expect(page.locator("#import-form .form-status")).to_have_text(
        "Rejected: 3 problem(s). Nothing was imported."
    )
    problems = page.locator("#problem-list li")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text(f"TYPE line {compact}")
    expect(problems.nth(0)).to_contain_text("/pillars/0/questions/0/choices/0/title")
    expect(problems.nth(1)).to_contain_text(f"MISSING_FIELD line {compact}")
    expect(problems.nth(2)).to_contain_text(f"RISK_VALUE line {risk}")
    expect(problems.nth(2)).to_contain_text("/pillars/1/questions/1/riskRules/0/risk")

    for number in (compact, risk):
        row = page.locator(f"#line-{number}")
        expect(row).to_have_class(re.compile(r"\bhas-error\b"))
        expect(row.locator(".line-no")).to_have_text(str(number))
        expect(row.locator(".line-text")).to_have_text(text.splitlines()[number - 1])
    # The notes follow their line, in the order of the list.
    notes = page.locator(f"#line-{compact} ~ .source-note")
    expect(notes.nth(0)).to_contain_text("TYPE:")
    expect(notes.nth(1)).to_contain_text("MISSING_FIELD:")
    assert page.locator(f"#line-{compact}").evaluate(
        "row => !row.previousElementSibling.classList.contains('source-note')"
    )
    problems.nth(2).get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"#line-{risk}$"))
    page.screenshot(path="test-results/lens-import-errors.png", full_page=True)
    assert not Lens.objects.exists()


def test_it_shows_the_line_of_a_json_syntax_error(page: Page, live_server, alice, tmp_path):
    text = json.dumps(lens_doc(), indent=2).replace('"Test lens",', '"Test lens",,', 1)
    path = tmp_path / "syntax.json"
    path.write_text(text)
    sign_in(page, live_server)
    import_file(page, live_server, path)
    problems = page.locator("#problem-list li")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("CANNOT_PARSE line 3")
    expect(page.locator("#line-3")).to_have_class(re.compile(r"\bhas-error\b"))
    expect(page.locator("#line-3 .line-text")).to_have_text('  "name": "Test lens",,')


def test_it_imports_a_lens_and_publishes_its_draft(page: Page, live_server, alice, tmp_path):
    text = json.dumps(lens_doc(_note="internal", name="Browser lens"), indent=2)
    path = tmp_path / "good.json"
    path.write_text(text)
    sign_in(page, live_server)
    import_file(page, live_server, path)
    status = page.locator("#import-form .form-status")
    expect(status).to_contain_text('Imported "Browser lens" as a draft with 1 warning(s).')
    expect(page.locator("#problem-list li")).to_have_count(1)
    expect(page.locator("#problem-list li")).to_contain_text(
        f"UNKNOWN_KEY line {line_of(text, '_note')}"
    )
    page.screenshot(path="test-results/lens-import-warnings.png", full_page=True)

    status.get_by_role("link", name="Open the draft").click()
    expect(page).to_have_url(f"{live_server.url}/lenses/browser-lens/?version=draft")
    expect(page.get_by_role("heading", name="Browser lens", exact=True)).to_be_visible()
    expect(page.locator(".page-header .badge-draft")).to_have_text("Draft")
    page.screenshot(path="test-results/lens-draft.png", full_page=True)

    form = page.locator("#publish-form")
    form.get_by_label("Version label").fill("1.0")
    form.get_by_label("Major version").check()
    form.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(f"{live_server.url}/lenses/browser-lens/?version=1.0")
    expect(page.locator(".page-header")).to_contain_text("Version 1.0 (major), published")
    expect(page.locator("#publish-form")).to_have_count(0)
    page.screenshot(path="test-results/lens-published.png", full_page=True)
    version = Lens.objects.get(slug="browser-lens").versions.get()
    assert (version.status, version.version, version.is_major) == ("PUBLISHED", "1.0", True)


def test_it_shows_why_a_publication_was_refused(page: Page, live_server, alice, tmp_path):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(lens_doc()))
    sign_in(page, live_server)
    import_file(page, live_server, path)
    page.get_by_role("link", name="Open the draft").click()
    form = page.locator("#publish-form")
    form.get_by_label("Version label").fill("1.0")
    form.get_by_role("button", name="Publish").click()
    expect(page.locator(".page-header")).to_contain_text("Version 1.0")
    page.goto(f"{live_server.url}/lenses/import/?lens=test-lens")
    page.locator("#lens-file").set_input_files(path)
    page.get_by_role("button", name="Import").click()
    page.get_by_role("link", name="Open the draft").click()
    form.get_by_label("Version label").fill("1.0")
    form.get_by_role("button", name="Publish").click()
    # Next to the version field (issue 12 finding 15).
    expect(form.locator("#publish-version-error")).to_have_text("Already published.")


def test_it_shows_the_ml_lens_matrix(page: Page, live_server, alice):
    load_shipped()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/lenses/")
    page.get_by_role("link", name="Machine Learning Lens").click()
    expect(page).to_have_url(f"{live_server.url}/lenses/{ML_SLUG}/")
    matrix = page.get_by_test_id("lens-matrix")
    expect(matrix.locator("tfoot td").last).to_have_text("105")
    cost = matrix.locator("tbody tr", has_text="Cost optimization")
    expect(cost.locator("td").nth(3)).to_have_text("14")
    page.screenshot(path="test-results/lens-ml.png")
    page.screenshot(path="test-results/lens-ml-full.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="test-results/lens-ml-narrow.png")
    page.locator(".card", has=matrix).screenshot(path="test-results/lens-ml-matrix-narrow.png")
    box = page.locator(".card", has=matrix).bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    page.goto(f"{live_server.url}/lenses/")
    page.screenshot(path="test-results/lens-list.png")


def test_it_imports_aws_s_ml_lens_as_a_new_version_of_the_shipped_lens(
    page: Page, live_server, staff, tmp_path
):
    """Issue 13 part 2: the import page's "as a new version of" choice (a synthetic file)."""
    from tests.catalog.official_rules import aws_shaped_ml_lens

    load_shipped()
    path = tmp_path / "machine-learning-lens.json"
    path.write_text(json.dumps(aws_shaped_ml_lens(), indent=2))
    sign_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/lenses/import/")
    page.locator("#lens-file").set_input_files(path)
    page.get_by_label("Import as").select_option(ML_SLUG)
    page.get_by_role("button", name="Import").click()
    status = page.locator("#import-form .form-status")
    expect(status).to_contain_text('Imported "Machine Learning Lens" as a draft')
    carried = page.locator("#problem-list li", has_text="EXTENSION_CARRIED_OVER")
    expect(carried).to_have_count(5)
    expect(carried.nth(0)).to_contain_text("lifecycle phases carried over from version")
    page.screenshot(path="test-results/lens-import-new-version.png", full_page=True)

    status.get_by_role("link", name="Open the draft").click()
    expect(page).to_have_url(f"{live_server.url}/lenses/{ML_SLUG}/?version=draft")
    matrix = page.get_by_test_id("lens-matrix")
    expect(matrix).to_contain_text("Model development")
    page.screenshot(path="test-results/lens-new-version-draft.png", full_page=True)
    assert Lens.objects.get(slug=ML_SLUG).versions.count() == 2


def test_it_asks_before_publishing_none_of_these_look_alikes(
    page: Page, live_server, alice, tmp_path
):
    """Issue 12 finding 24 and 20: warned on import, confirmed on publish; stale link redirects."""
    doc = lens_doc(name="Look-alike lens")
    question(doc)["choices"][3].update(
        id="p1q1_none", improvementPlan={"displayText": "Nothing to do."}
    )
    path = tmp_path / "look-alike.json"
    path.write_text(json.dumps(doc, indent=2))
    sign_in(page, live_server)
    import_file(page, live_server, path)
    status = page.locator("#import-form .form-status")
    expect(status.locator(".none-choice-note")).to_contain_text(
        '1 choice(s) look like "None of these" but their id does not end in _no'
    )
    expect(page.locator("#problem-list li", has_text="NONE_CHOICE_ID")).to_contain_text(
        "only a choice whose id ends in '_no' is one"
    )
    page.screenshot(path="test-results/lens-import-none-lookalike.png", full_page=True)

    status.get_by_role("link", name="Open the draft").click()
    warning = page.locator("#none-choice-warning")
    expect(warning).to_contain_text("p1q1_none")
    form = page.locator("#publish-form")
    form.get_by_label("Version label").fill("1.0")
    form.get_by_role("button", name="Publish").click()
    # The required box stops the form: nothing is sent, nothing published.
    expect(page).to_have_url(re.compile(r"\?version=draft$"))
    assert Lens.objects.get(slug="look-alike-lens").versions.get().status == "DRAFT"
    page.locator("#publish-panel").screenshot(path="test-results/lens-publish-confirm.png")
    form.get_by_label(re.compile("counted as best practice")).check()
    form.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(f"{live_server.url}/lenses/look-alike-lens/?version=1.0")

    page.goto(f"{live_server.url}/lenses/look-alike-lens/?version=draft")
    expect(page).to_have_url(f"{live_server.url}/lenses/look-alike-lens/?version=1.0")
    expect(page.locator(".messages")).to_contain_text("This is the latest published version, 1.0.")
    page.screenshot(path="test-results/lens-stale-draft-link.png")
