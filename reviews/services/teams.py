"""Teams: create, rename, delete, and who is in them.

Staff and the team's managers call these (the API and pages check who may first). A team can
hold the owner role on workloads, so taking people out of it (or deleting it) is refused
while that would leave a workload with no owner who can act (409 ``LAST_OWNER``, naming the
workloads). Every change is on the activity trail of each workload the team reaches.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import Http404

from mllens.errors import DomainError, problem, version_check
from reviews.models import Team, TeamMembership, TeamRole, Workload
from reviews.selectors.owners import workloads_left_without_owner
from reviews.services.activity import activity_record


def _record(team: Team, *, actor, verb: str, summary: str) -> None:
    """One activity row per workload the team reaches (one without a workload if none)."""
    workload_ids = list(
        team.workload_memberships.order_by("workload_id").values_list("workload_id", flat=True)
    )
    data = {"team": team.name}
    for workload_id in workload_ids or [None]:
        activity_record(
            workload_id=workload_id, actor=actor, verb=verb, obj=team, summary=summary, data=data
        )


def _refuse_orphans(workloads: list[Workload], what: str) -> None:
    if not workloads:
        return
    names = ", ".join(repr(w.name) for w in workloads[:10])
    more = f" and {len(workloads) - 10} more" if len(workloads) > 10 else ""
    raise DomainError(
        code="LAST_OWNER",
        message=f"{what} would leave {names}{more} without an owner who can act; "
        "make someone else owner of them first.",
        status=409,
        extra={"workloads": [{"id": w.pk, "name": w.name} for w in workloads]},
    )


def _name_taken() -> DomainError:
    return DomainError(
        code="DUPLICATE_NAME",
        message="A team with this name exists already.",
        errors=[problem("DUPLICATE_NAME", "Choose another name.", "name")],
        status=409,
    )


def _lock_team(team: Team) -> Team:
    locked = Team.objects.select_for_update().filter(pk=team.pk).first()
    if locked is None:
        raise Http404("No such team.")
    return locked


@transaction.atomic
def team_create(*, actor, name: str, description: str = "") -> Team:
    """A new team; a creator who is not staff becomes its first manager."""
    try:
        with transaction.atomic():
            team = Team.objects.create(name=name, description=description)
    except IntegrityError:
        raise _name_taken() from None
    if not actor.is_staff:
        TeamMembership.objects.create(team=team, user=actor, role=TeamRole.MANAGER)
    _record(team, actor=actor, verb="team.create", summary=f"created team {name!r}")
    return team


@transaction.atomic
def team_update(*, team: Team, actor, expected=None, **fields) -> Team:
    """Rename the team or change its description (``name``, ``description``)."""
    team = _lock_team(team)
    version_check(expected, team.version)
    changed = {k: v for k, v in fields.items() if getattr(team, k) != v}
    if not changed:
        return team
    before = team.name
    for key, value in changed.items():
        setattr(team, key, value)
    team.version += 1
    try:
        with transaction.atomic():
            team.save(update_fields=[*changed, "version"])
    except IntegrityError:
        raise _name_taken() from None
    summary = (
        f"renamed team {before!r} to {team.name!r}"
        if "name" in changed
        else f"changed the description of team {team.name!r}"
    )
    _record(team, actor=actor, verb="team.update", summary=summary)
    return team


@transaction.atomic
def team_delete(*, team: Team, actor, expected=None) -> None:
    """Delete the team: its members lose the roles it gave them on workloads."""
    team = _lock_team(team)
    version_check(expected, team.version)
    _refuse_orphans(workloads_left_without_owner(teams=[team.pk]), f"Deleting team {team.name!r}")
    _record(team, actor=actor, verb="team.delete", summary=f"deleted team {team.name!r}")
    team.delete()


@transaction.atomic
def team_member_add(*, team: Team, actor, user, role: str = TeamRole.MEMBER) -> TeamMembership:
    """Put an active user in the team; already in it is a 409 (``ALREADY_MEMBER``)."""
    team = _lock_team(team)
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(team=team, user=user, role=role)
    except IntegrityError:
        raise DomainError(
            code="ALREADY_MEMBER",
            message="Already in the team; change the role instead.",
            status=409,
        ) from None
    team.version += 1
    team.save(update_fields=["version"])
    label = TeamRole(role).label.lower()
    _record(
        team,
        actor=actor,
        verb="team.member_add",
        summary=f"added {user.get_username()!r} to team {team.name!r} as {label}",
    )
    return membership


def _lock_member(membership: TeamMembership) -> TeamMembership:
    _lock_team(membership.team)
    locked = (
        TeamMembership.objects.select_for_update()
        .select_related("team", "user")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise Http404("No such team member.")
    return locked


@transaction.atomic
def team_member_update(
    *, membership: TeamMembership, actor, role: str, expected=None
) -> TeamMembership:
    """Make a member a manager or a plain member."""
    membership = _lock_member(membership)
    version_check(expected, membership.version)
    if membership.role == role:
        return membership
    membership.role = role
    membership.version += 1
    membership.save(update_fields=["role", "version"])
    _record(
        membership.team,
        actor=actor,
        verb="team.member_update",
        summary=f"made {membership.user.get_username()!r} {TeamRole(role).label.lower()} "
        f"of team {membership.team.name!r}",
    )
    return membership


@transaction.atomic
def team_member_remove(*, membership: TeamMembership, actor, expected=None) -> None:
    """Take a user out of the team; refused while that leaves a workload without an owner."""
    membership = _lock_member(membership)
    version_check(expected, membership.version)
    team, user = membership.team, membership.user
    _refuse_orphans(
        workloads_left_without_owner(team_members=[(team.pk, user.pk)]),
        f"Removing {user.get_username()!r} from team {team.name!r}",
    )
    membership.delete()
    team.version += 1
    team.save(update_fields=["version"])
    _record(
        team,
        actor=actor,
        verb="team.member_remove",
        summary=f"removed {user.get_username()!r} from team {team.name!r}",
    )
