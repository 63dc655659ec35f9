"""The workload and review pages offer each role exactly the actions the role table allows
(issue 12 finding 5): a button is shown only where the API would accept the call."""

from __future__ import annotations

import pytest
from django.test import Client

from reviews.choices import Role
from reviews.permissions import Action, can
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.test_permissions_matrix import _republish

# What on the workload page stands for which action.
CONTROLS = {
    'id="props-form"': Action.WORKLOAD_EDIT,
    'id="member-form"': Action.MEMBERS_MANAGE,
    'class="member-role"': Action.MEMBERS_MANAGE,
    'id="apply-lens"': Action.REVIEW_ADD,
    'class="upgrade-form': Action.REVIEW_UPGRADE,
    "remove-lens-confirm": Action.REVIEW_REMOVE,
    'id="milestone-form"': Action.MILESTONE_CREATE,
    'id="delete-form"': Action.WORKLOAD_DELETE,
    'id="report-form"': Action.REPORT_REQUEST,
    'data-can-retry="true"': Action.REPORT_REQUEST,
    'data-can-delete="true"': Action.REPORT_DELETE,
}


@pytest.fixture
def page_world(workload, alice, tricky):
    custom_lens(alice, lens_doc(name="Second lens"), publish=("1.0",))  # to apply
    _republish(tricky, alice)  # so the review can be upgraded
    return workload


@pytest.mark.parametrize("role", ["reader", "contributor", "owner", "staff"])
def test_it_shows_each_role_only_the_actions_the_role_table_allows(
    page_world, role, alice, bob, dora, staff
):
    """Issue 12 finding 5: the workload page's controls follow ``POLICY``."""
    user = {"reader": dora, "contributor": bob, "owner": alice, "staff": staff}[role]
    client = Client()
    client.force_login(user)
    html = client.get(f"/workloads/{page_world.pk}/").content.decode()
    # the roles the fixtures give (staff act as owners)
    member_role = {"reader": Role.READER, "contributor": Role.CONTRIBUTOR}.get(role, Role.OWNER)
    shown = {marker: marker in html for marker in CONTROLS}
    expected = {marker: can(member_role, action) for marker, action in CONTROLS.items()}
    assert shown == expected
    assert ('data-testid="upgrade-owner-only"' in html) == (
        not can(member_role, Action.REVIEW_UPGRADE)
    )
    assert ('data-testid="reports-reader-note"' in html) == (
        not can(member_role, Action.REPORT_REQUEST)
    )


def test_it_tells_contributors_who_may_upgrade(page_world, bob):
    """Issue 12 finding 5: the pages say "an owner can upgrade", and only owners can."""
    client = Client()
    client.force_login(bob)
    review = client.get(f"/workloads/{page_world.pk}/reviews/{TRICKY_SLUG}/").content.decode()
    assert "An owner can upgrade the review" in review
    workload_page = client.get(f"/workloads/{page_world.pk}/").content.decode()
    assert "An owner of the workload can upgrade this review." in workload_page
