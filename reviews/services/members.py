"""Who may see and change a workload. Only owners call these; the last owner stays."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import Http404

from mllens.errors import DomainError, version_check
from reviews.choices import Role
from reviews.models import Workload, WorkloadMember
from reviews.permissions import owners_can_act
from reviews.services.activity import activity_record


def _describe(member: WorkloadMember) -> str:
    return f"team {member.team.name!r}" if member.team_id else repr(member.user.get_username())


def _lock(member: WorkloadMember) -> WorkloadMember:
    """Lock the workload, then the member: membership changes of one workload take turns.

    Two owners demoting each other at once would otherwise each lock their own row and wait
    for the other's (a deadlock), or both pass the last-owner check and leave no owner.
    """
    Workload.objects.select_for_update().only("pk").filter(pk=member.workload_id).first()
    locked = WorkloadMember.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None:  # removed by someone else meanwhile
        raise Http404("No such member.")
    return locked


def _ensure_other_owner(workload: Workload, member: WorkloadMember) -> None:
    """Refuse to leave a workload without an owner who can act.

    Only people count: an active user who is an owner, directly or through an owner team.
    An empty team (or one of deactivated users) is no one, so it cannot be the "other owner".
    """
    if member.role != Role.OWNER:
        return
    others = list(
        WorkloadMember.objects.select_for_update()
        .filter(workload=workload, role=Role.OWNER)
        .exclude(pk=member.pk)
    )
    if not owners_can_act(others):
        raise DomainError(
            code="LAST_OWNER",
            message="A workload needs at least one owner who can act (an active user, "
            "directly or through a team with members); make someone else owner first.",
            status=409,
        )


@transaction.atomic
def member_add(*, workload: Workload, actor, role: str, user=None, team=None) -> WorkloadMember:
    """Give a user or a team (exactly one) a role; already a member is a 409 (ALREADY_MEMBER)."""
    try:
        with transaction.atomic():
            member = WorkloadMember.objects.create(
                workload=workload, user=user, team=team, role=role
            )
    except IntegrityError:
        raise DomainError(
            code="ALREADY_MEMBER", message="Already a member; change the role instead.", status=409
        ) from None
    activity_record(
        workload=workload,
        actor=actor,
        verb="member.add",
        obj=member,
        summary=f"added {_describe(member)} as {Role(role).label.lower()}",
    )
    return member


@transaction.atomic
def member_update(*, member: WorkloadMember, actor, role: str, expected=None) -> WorkloadMember:
    """Change a member's role; demoting the last owner is a 409 (LAST_OWNER)."""
    member = _lock(member)
    version_check(expected, member.version)
    if member.role == role:
        return member
    if role != Role.OWNER:
        _ensure_other_owner(member.workload, member)
    member.role = role
    member.version += 1
    member.save(update_fields=["role", "version"])
    activity_record(
        workload=member.workload,
        actor=actor,
        verb="member.update",
        obj=member,
        summary=f"made {_describe(member)} {Role(role).label.lower()}",
    )
    return member


@transaction.atomic
def member_remove(*, member: WorkloadMember, actor, expected=None) -> None:
    """Remove a user or team from the workload; removing the last owner is a 409 (LAST_OWNER)."""
    member = _lock(member)
    version_check(expected, member.version)
    _ensure_other_owner(member.workload, member)
    activity_record(
        workload=member.workload,
        actor=actor,
        verb="member.remove",
        obj=member,
        summary=f"removed {_describe(member)}",
    )
    member.delete()
