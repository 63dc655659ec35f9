"""The team pages: the list of one's teams, and a team's members and workloads.

Forms post to these views, which call the team services and come back with a message (the
services' errors, such as ``LAST_OWNER``, are shown as they are worded).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mllens.errors import DomainError, PermissionDeniedError
from reviews.models import TeamRole
from reviews.selectors.teams import (
    team_can_create,
    team_can_manage,
    team_get_for_user,
    team_member_get,
    team_members,
    team_workloads,
    teams_for_user,
)
from reviews.services.teams import (
    team_create,
    team_delete,
    team_member_add,
    team_member_remove,
    team_member_update,
    team_update,
)
from reviews.team_forms import TeamForm, TeamMemberForm, TeamRoleForm


def _valid(form):
    """The form's cleaned data; its first error as a ``DomainError`` (shown as a message)."""
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        raise DomainError(code="VALIDATION_ERROR", message=message)
    return form.cleaned_data


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_list(request):
    """The teams the user belongs to (staff: all); staff and team managers create teams."""
    may_create = team_can_create(request.user)
    form = TeamForm()
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied("Only staff and team managers may create teams.")
        form = TeamForm(request.POST)
        if form.is_valid():
            try:
                team = team_create(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error("name", error.message)
            else:
                messages.success(request, f"Team {team.name!r} created.")
                return redirect("team-page", team_id=team.pk)
    mine = {m.team_id: m.role for m in request.user.team_memberships.only("team_id", "role")}
    teams = [(team, mine.get(team.pk)) for team in teams_for_user(request.user)]
    context = {"teams": teams, "may_create": may_create, "form": form}
    return render(request, "reviews/teams.html", context, status=400 if form.errors else 200)


# What a manager can do on the team page: the form's ``action`` field names it.
ACTIONS = ("rename", "add", "role", "remove", "delete")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_page(request, team_id):
    """A team's members (with their role in the team) and the workloads it reaches."""
    if request.method == "POST":
        return _team_post(request, team_id)
    team = team_get_for_user(request.user, team_id)
    context = {
        "team": team,
        "members": team_members(team),
        "workloads": team_workloads(team),
        "may_manage": team_can_manage(request.user, team),
        "roles": TeamRole.choices,
        "rename_form": TeamForm(initial={"name": team.name, "description": team.description}),
        "member_form": TeamMemberForm(),
    }
    return render(request, "reviews/team.html", context)


def _team_post(request, team_id):
    try:
        team = team_get_for_user(request.user, team_id, manage=True)
    except PermissionDeniedError as denied:
        raise PermissionDenied(denied.message) from None
    action = request.POST.get("action")
    if action not in ACTIONS:
        messages.error(request, "Unknown action.")
        return redirect("team-page", team_id=team.pk)
    try:
        done = _apply(request, team, action)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("team-page", team_id=team.pk)
    messages.success(request, done)
    return redirect("team-list" if action == "delete" else "team-page", **_at(team, action))


def _at(team, action: str) -> dict:
    return {} if action == "delete" else {"team_id": team.pk}


def _apply(request, team, action: str) -> str:
    """Do ``action``; the confirmation to show."""
    actor = request.user
    if action == "delete":
        team_delete(team=team, actor=actor)
        return f"Team {team.name!r} deleted."
    if action == "rename":
        team_update(team=team, actor=actor, **_valid(TeamForm(request.POST)))
        return "Team saved."
    if action == "add":
        data = _valid(TeamMemberForm(request.POST))
        user = data["username"]
        team_member_add(team=team, actor=actor, user=user, role=data["role"])
        return f"{user.get_username()} added."
    membership = team_member_get(team, request.POST.get("member", ""))
    if action == "role":
        role = _valid(TeamRoleForm(request.POST))["role"]
        team_member_update(membership=membership, actor=actor, role=role)
        return f"{membership.user.get_username()} is now {TeamRole(role).label.lower()}."
    team_member_remove(membership=membership, actor=actor)
    return f"{membership.user.get_username()} removed from the team."
