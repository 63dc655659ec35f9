"""Teams: who may see one (its members and staff) and who may change it (its managers, staff)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from mllens.errors import PermissionDeniedError
from reviews.models import Team, TeamMembership, TeamRole, WorkloadMember


def teams_for_user(user) -> QuerySet[Team]:
    """Every team ``user`` may see: staff see all, others the teams they belong to."""
    if not user.is_authenticated:
        return Team.objects.none()
    teams = Team.objects.annotate(member_count=Count("memberships", distinct=True))
    if user.is_staff:
        return teams.order_by("name", "id")
    mine = TeamMembership.objects.filter(team=OuterRef("pk"), user=user)
    return teams.filter(Exists(mine)).order_by("name", "id")


def team_can_manage(user, team: Team) -> bool:
    """Staff and the team's managers add and remove members, rename and delete it."""
    if user.is_staff:
        return True
    return TeamMembership.objects.filter(team=team, user=user, role=TeamRole.MANAGER).exists()


def team_can_create(user) -> bool:
    """Staff, and team managers (anyone who manages a team), create teams."""
    if not user.is_authenticated:
        return False
    return user.is_staff or TeamMembership.objects.filter(user=user, role=TeamRole.MANAGER).exists()


def team_get_for_user(user, team_id, *, manage: bool = False) -> Team:
    """The team; 404 if ``user`` may not see it, 403 if ``manage`` and they may not change it."""
    try:
        team = teams_for_user(user).get(pk=int(team_id))
    except (Team.DoesNotExist, ValueError, TypeError):
        raise Http404("No such team.") from None
    if manage and not team_can_manage(user, team):
        raise PermissionDeniedError("Only the team's managers and staff may change the team.")
    return team


def team_members(team: Team) -> QuerySet[TeamMembership]:
    """The team's members, in the order they joined (ties by id)."""
    return team.memberships.select_related("user").order_by("id")


def team_member_get(team: Team, member: str) -> TeamMembership:
    """A member of the team by membership id or username; 404 if there is none."""
    members = team_members(team)
    found = (
        members.filter(pk=int(member))
        if member.isdigit()
        else members.filter(user__username=member)
    ).first()
    if found is None:
        raise Http404("No such team member.")
    return found


def team_workloads(team: Team) -> QuerySet[WorkloadMember]:
    """The team's places on workloads (each with its role), by workload name."""
    return team.workload_memberships.select_related("workload").order_by("workload__name", "id")


def team_names_for_user(user) -> list[str]:
    """The names of the teams ``user`` belongs to (for the profile and the nav)."""
    return list(
        Team.objects.filter(Q(memberships__user=user))
        .order_by("name")
        .values_list("name", flat=True)
    )
