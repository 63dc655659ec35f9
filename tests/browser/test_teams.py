"""Teams in the browser (issue 16 item 6): a manager forms a team, the team reaches a
workload, and a team that is a workload's only acting owner cannot be emptied."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from reviews.choices import Role
from reviews.models import Team, TeamMembership, TeamRole, WorkloadMember
from reviews.services.workloads import workload_create
from tests.browser.a11y import sign_in
from tests.fixtures.users import UserFactory

pytestmark = pytest.mark.browser


def test_it_lets_a_manager_form_a_team_that_reaches_a_workload(
    page: Page, live_server, alice, bob, shots, errors
):
    UserFactory(username="carol", first_name="Carol", last_name="Analyst")
    existing = Team.objects.create(name="Platform")
    TeamMembership.objects.create(team=existing, user=alice, role=TeamRole.MANAGER)
    workload = workload_create(user=alice, lenses=[], name="Claims triage")
    url = live_server.url
    sign_in(page, url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teams").click()
    expect(page).to_have_url(f"{url}/teams/")
    page.get_by_label("Name").fill("Risk squad")
    page.get_by_label("Description").fill("Model risk reviewers")
    page.get_by_role("button", name="Create team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk squad")
    expect(page.locator(".messages")).to_contain_text("Team 'Risk squad' created.")
    team = Team.objects.get(name="Risk squad")

    page.get_by_label("Add a member").fill("bob")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("bob added.")
    page.get_by_label("Add a member").fill("nobody")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".message-error")).to_contain_text("No active user is called 'nobody'")
    page.get_by_label("Add a member").fill("carol")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_test_id("team-members").locator("li")).to_have_count(3)

    # The team becomes the workload's owner, and alice leaves the workload itself.
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.OWNER)
    WorkloadMember.objects.filter(workload=workload, user=alice).delete()
    page.reload()
    expect(page.get_by_test_id("team-workloads")).to_contain_text("Claims triage")
    expect(page.get_by_test_id("team-workloads")).to_contain_text("Owner")
    page.screenshot(path=str(shots / "team-page.png"), full_page=True)

    # The team's people are the workload's only owners: the last of them cannot leave.
    page.get_by_role("button", name="Remove carol from the team").click()
    expect(page.locator(".messages")).to_contain_text("carol removed from the team.")
    page.get_by_role("button", name="Remove bob from the team").click()
    expect(page.locator(".messages")).to_contain_text("bob removed from the team.")
    page.get_by_role("button", name="Remove alice from the team").click()
    expect(page.locator(".message-error")).to_contain_text(
        "would leave 'Claims triage' without an owner who can act"
    )
    assert TeamMembership.objects.filter(team=team, user=alice).exists()
    page.screenshot(path=str(shots / "team-last-owner.png"), full_page=True)

    page.goto(f"{url}/teams/")
    expect(page.get_by_test_id("team-table")).to_contain_text("Platform")
    expect(page.get_by_test_id("team-table")).to_contain_text("Risk squad")
    page.screenshot(path=str(shots / "teams-list.png"), full_page=True)


def test_it_shows_a_team_to_its_members_read_only_and_hides_it_from_others(
    page: Page, live_server, alice, bob, charlie, errors
):
    team = Team.objects.create(name="Platform")
    TeamMembership.objects.create(team=team, user=alice, role=TeamRole.MANAGER)
    TeamMembership.objects.create(team=team, user=bob)
    url = live_server.url
    sign_in(page, url, "bob")
    page.goto(f"{url}/teams/{team.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform")
    expect(page.get_by_role("button", name=re.compile("Remove"))).to_have_count(0)
    expect(page.get_by_label("Add a member")).to_have_count(0)
    page.context.clear_cookies()
    sign_in(page, url, "charlie")
    response = page.goto(f"{url}/teams/{team.pk}/")
    assert response.status == 404
