"""Accessibility checks shared by the browser tests: axe-core, reflow, the pages to visit.

axe-core comes from the npm registry and is vendored in ``tests/browser/vendor`` (its
licence beside it); it is injected into the page under test only, never served to users.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.choices import Role
from reviews.models import Team, TeamMembership, TeamRole
from reviews.services.answers import answer_update
from reviews.services.members import member_add
from reviews.services.milestones import milestone_create
from reviews.services.workloads import workload_create
from tests.fixtures.users import PASSWORD, UserFactory
from tests.reviews.awswa.factories import aws_review_file

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Swagger UI (/api/docs/) is a third-party page. As it loads, it has no exception: its
# colours are mended by static/css/api-docs.css (color-contrast), its deep links, which were
# links inside each operation's button, are off (nested-interactive), the page declares its
# language (mllens/api_docs.py). Once an operation is opened, tried out and the Authorize
# dialog shown, three rules fail inside Swagger UI's own React markup, which neither our CSS
# nor its settings reach; they are excepted there by name, and only there:
# - label: the request-body editor is a <textarea> without a label;
# - button-name: the dialog's close button holds only an SVG, with no name;
# - label-content-name-mismatch: the dialog's "Authorize" buttons are named "Apply
#   credentials", which does not contain their visible text.
API_DOCS_OPENED_EXCEPTIONS = ("label", "button-name", "label-content-name-mismatch")

_RUN_AXE = """async ([tags, disabled]) => {
  const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags }, rules, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.length,
    examples: v.nodes.slice(0, 4).map(
      (n) => `${n.target.join(" ")} | ${(n.failureSummary || "").slice(0, 240)}`
    ),
  }));
}"""


def axe_violations(page: Page, *, disable: tuple[str, ...] = ()) -> list[dict]:
    """Every WCAG 2.1 A/AA violation axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN_AXE, [WCAG_21_AA, list(disable)])


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it reflows)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def overflowing_elements(page: Page) -> list[str]:
    """The outermost elements that stick out past the right edge (to say why a page is wide)."""
    return page.evaluate(
        """() => {
          const edge = document.documentElement.clientWidth + 1;
          const wide = [...document.body.querySelectorAll("*")].filter(
            (e) => e.getBoundingClientRect().right > edge);
          return wide.filter((e) => !wide.includes(e.parentElement)).slice(0, 5).map((e) =>
            `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} right=${
              Math.round(e.getBoundingClientRect().right)}`);
        }"""
    )


@dataclass
class Site:
    url: str
    workload_id: int
    lens_slug: str
    invitation_token: str = ""
    team_id: int = 0


def sign_in(page: Page, url: str, username: str = "alice") -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{url}/")


def site_build(*, url: str, alice, bob) -> Site:
    """A workload with every risk level answered, two milestones and bob as a reader."""
    shipped_lenses_load()
    lens = Lens.objects.get(slug="machine-learning")
    workload = workload_create(user=alice, lenses=[lens], name="Claims triage")
    review = workload.lens_reviews.get()
    questions = list(review.lens_version.questions.order_by("order").prefetch_related("choices"))
    for index, question in enumerate(questions[:8]):
        practices = [c.key for c in question.choices.all() if not c.is_none]
        if index == 0:
            answer_update(
                review=review,
                question_key=question.key,
                actor=alice,
                version=0,
                is_applicable=False,
                reason="OUT_OF_SCOPE",
            )
            continue
        selected = (
            practices[: index % (len(practices) + 1)]
            or [c.key for c in question.choices.all() if c.is_none][:1]
        )
        answer_update(
            review=review,
            question_key=question.key,
            actor=alice,
            version=0,
            selected_choices=selected,
            notes=f"Note on {question.key}",
        )
    milestone_create(workload=workload, name="First pass", actor=alice)
    answer_update(
        review=review,
        question_key=questions[9].key,
        actor=alice,
        version=0,
        selected_choices=[c.key for c in questions[9].choices.all() if not c.is_none],
    )
    milestone_create(workload=workload, name="Second pass", actor=alice)
    member_add(workload=workload, actor=alice, role=Role.READER, user=bob)
    UserFactory(username="stella", first_name="Stella", last_name="Staff", is_staff=True)
    team = Team.objects.create(name="Claims squad", description="Claims triage reviewers")
    TeamMembership.objects.create(team=team, user=alice, role=TeamRole.MANAGER)
    TeamMembership.objects.create(team=team, user=bob)
    member_add(workload=workload, actor=alice, role=Role.READER, team=team)
    return Site(
        url=url,
        workload_id=workload.pk,
        lens_slug=lens.slug,
        invitation_token=_invitation(workload, alice),
        team_id=team.pk,
    )


def _invitation(workload, alice) -> str:
    """A pending invitation of the workload (listed on its page), and its link's token; made
    without the mail task, so nothing is queued."""
    from datetime import timedelta

    from django.utils import timezone

    from people.models import Invitation
    from people.services.invitations import invitation_token_issue

    invitation = Invitation.objects.create(
        workload=workload,
        email="newcomer@example.org",
        role=Role.CONTRIBUTOR,
        invited_by=alice,
        expires_at=timezone.now() + timedelta(days=7),
    )
    return invitation_token_issue(invitation=invitation)


def wait_for_review(page: Page) -> None:
    expect(page.locator("#review[data-ready=true]")).to_be_attached()


def every_page(page: Page, site: Site, *, tmp_path) -> Iterator[str]:
    """Visit every page of the app in turn; yields a short name once each is ready."""
    url, wid = site.url, site.workload_id
    review = f"{url}/workloads/{wid}/reviews/{site.lens_slug}/"

    page.goto(f"{url}/login/")
    yield "login"
    invitation = f"{url}/invitations/{site.invitation_token}/"
    page.goto(invitation)
    yield "invitation-new-account"
    page.goto(f"{url}/invitations/made-up-token/")
    yield "invitation-invalid"
    page.goto(f"{url}/accounts/password/reset/")
    yield "password-reset"
    page.goto(f"{url}/accounts/signup/")
    yield "signup-closed"
    sign_in(page, url)
    yield "dashboard"
    page.goto(f"{url}/profile/")
    yield "profile"
    page.goto(f"{url}/accounts/email/")
    yield "address-change"
    page.goto(f"{url}/accounts/password/change/")
    yield "password-change"
    page.goto(invitation)
    yield "invitation-other-address"
    page.goto(f"{url}/workloads/new/")
    yield "workload-new"
    page.goto(f"{url}/workloads/{wid}/")
    yield "workload"
    for view in ("pillar", "phase"):
        for mode in ("list", "single"):
            page.goto(review)
            wait_for_review(page)
            page.locator(f"[data-view='{view}']").click()
            page.locator(f"[data-mode='{mode}']").click()
            yield f"review-{view}-{mode}"
    page.goto(review)
    wait_for_review(page)
    page.locator("#tab-plan").click()
    yield "review-plan"
    page.goto(f"{review}?milestone=1")
    wait_for_review(page)
    yield "milestone-view"
    page.goto(f"{url}/workloads/{wid}/compare/?base=1&target=current")
    yield "compare"
    page.goto(f"{url}/lenses/")
    yield "lens-list"
    page.goto(f"{url}/lenses/{site.lens_slug}/")
    yield "lens-detail"
    page.goto(f"{url}/lenses/import/")
    yield "lens-import"
    broken = tmp_path / "broken lens.json"
    broken.write_text('{"schemaVersion": "2021-11-01",\n "name": 5,\n "pillars": []\n}\n')
    page.locator("#lens-file").set_input_files(broken)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#problem-list li").first).to_be_visible()
    yield "lens-import-errors"
    page.goto(f"{url}/workloads/import/aws/")
    yield "aws-import"
    page.locator("#aws-file").set_input_files(aws_review_file(tmp_path))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#aws-unmapped li").first).to_be_visible()
    yield "aws-import-preview"
    page.goto(f"{url}/teams/")
    yield "teams"
    page.goto(f"{url}/teams/{site.team_id}/")
    yield "team"
    page.goto(f"{url}/tokens/")
    page.get_by_label("Name").fill("CI pipeline")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_test_id("new-token")).to_be_visible()
    yield "tokens"
    page.goto(f"{url}/no-such-page/")
    yield "error-404"
    page.goto(f"{url}/lenses/import/?lens={site.lens_slug}")
    yield "error-403"
    page.goto(f"{url}/api/docs/")
    page.wait_for_load_state("networkidle")
    yield "api-docs"
    page.context.clear_cookies()
    sign_in(page, url, "bob")
    page.goto(review)
    wait_for_review(page)
    yield "reader-view"
    page.goto(f"{url}/workloads/{wid}/")
    yield "reader-workload"
    page.context.clear_cookies()
    sign_in(page, url, "stella")
    page.goto(f"{url}/users/")
    yield "accounts"
