"""Who may see and change a workload. Only owners call these; the last owner stays."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from mllens.errors import DomainError
from reviews.choices import Role
from reviews.models import Workload, WorkloadMember
from reviews.services.activity import activity_record


def _describe(member: WorkloadMember) -> str:
    return f"team {member.team.name!r}" if member.team_id else repr(member.user.get_username())


def _ensure_other_owner(workload: Workload, member: WorkloadMember) -> None:
    """Refuse to leave a workload without an owner (a user or a team)."""
    if member.role != Role.OWNER:
        return
    others = (
        WorkloadMember.objects.select_for_update()
        .filter(workload=workload, role=Role.OWNER)
        .exclude(pk=member.pk)
    )
    if not others.exists():
        raise DomainError(
            code="LAST_OWNER",
            message="A workload needs at least one owner; make someone else owner first.",
            status=409,
        )


@transaction.atomic
def member_add(*, workload: Workload, actor, role: str, user=None, team=None) -> WorkloadMember:
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
def member_update(*, member: WorkloadMember, actor, role: str) -> WorkloadMember:
    member = WorkloadMember.objects.select_for_update().get(pk=member.pk)
    if member.role == role:
        return member
    if role != Role.OWNER:
        _ensure_other_owner(member.workload, member)
    member.role = role
    member.save(update_fields=["role"])
    activity_record(
        workload=member.workload,
        actor=actor,
        verb="member.update",
        obj=member,
        summary=f"made {_describe(member)} {Role(role).label.lower()}",
    )
    return member


@transaction.atomic
def member_remove(*, member: WorkloadMember, actor) -> None:
    member = WorkloadMember.objects.select_for_update().get(pk=member.pk)
    _ensure_other_owner(member.workload, member)
    activity_record(
        workload=member.workload,
        actor=actor,
        verb="member.remove",
        obj=member,
        summary=f"removed {_describe(member)}",
    )
    member.delete()
