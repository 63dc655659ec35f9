"""The one access path to workloads and everything inside them.

Every queryset a view sees starts from ``workloads_for_user``. A workload the user may
not read does not exist for them (404); one they may read but not change answers 403.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from mllens.errors import PermissionDeniedError
from reviews.choices import ROLE_RANK, Role
from reviews.models import Workload, WorkloadMember

PERMISSION_MESSAGES = {
    Role.CONTRIBUTOR: "Readers cannot change this workload; ask an owner for the contributor role.",
    Role.OWNER: "Only owners of the workload may do this.",
}


def _membership(user) -> Q:
    return Q(user=user) | Q(team__members=user)


def workloads_for_user(user) -> QuerySet[Workload]:
    """Every workload ``user`` may read: staff see all, others those they are members of."""
    if not user.is_authenticated:
        return Workload.objects.none()
    if user.is_staff:
        return Workload.objects.all()
    member = WorkloadMember.objects.filter(_membership(user), workload=OuterRef("pk"))
    return Workload.objects.filter(Exists(member))


def role_of(user, workload: Workload) -> Role | None:
    """The user's strongest role on the workload, through their own or a team membership."""
    if user.is_staff:
        return Role.OWNER
    roles = (
        WorkloadMember.objects.filter(_membership(user), workload=workload)
        .values_list("role", flat=True)
        .distinct()
    )
    best = max(roles, key=lambda role: ROLE_RANK[role], default=None)
    return Role(best) if best else None


def workload_get_for_user(user, workload_id, *, need: Role = Role.READER) -> tuple[Workload, Role]:
    """The workload and the user's role; 404 if they may not read it, 403 if the role is short."""
    try:
        workload = workloads_for_user(user).get(pk=int(workload_id))
    except (Workload.DoesNotExist, ValueError, TypeError):
        raise Http404("No such workload.") from None
    role = role_of(user, workload)
    if role is None:  # a team membership vanished between the two queries
        raise Http404("No such workload.")
    ensure_role(role, need)
    return workload, role


def ensure_role(role: Role, need: Role) -> None:
    if ROLE_RANK[role] < ROLE_RANK[need]:
        raise PermissionDeniedError(PERMISSION_MESSAGES[need])
