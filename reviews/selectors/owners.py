"""Which workloads a change would leave without an owner who can act.

Removing someone from a team, deleting a team or deactivating a user can take away the last
person able to act as owner of a workload (directly or through an owner team). The services
that make those changes ask :func:`workloads_left_without_owner` first, under their locks,
and refuse with the workloads named.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.db.models import Q

from reviews.choices import Role
from reviews.models import TeamMembership, Workload, WorkloadMember


def workloads_left_without_owner(
    *,
    users: Collection[int] = (),
    teams: Collection[int] = (),
    team_members: Collection[tuple[int, int]] = (),
    lock: bool = True,
) -> list[Workload]:
    """The workloads that would have no acting owner once ``users`` are deactivated,
    ``teams`` deleted and ``team_members`` ((team id, user id) pairs) left their teams.

    Locks the owner rows of the workloads concerned (``SELECT ... FOR UPDATE``) so a
    concurrent membership change waits for the caller's transaction; ``lock=False`` only
    reads (to decide what a page offers, outside a transaction).
    """
    users, teams = set(users), set(teams)
    pairs = set(team_members)
    touched_teams = teams | {team for team, _ in pairs}
    if users:
        touched_teams |= set(
            TeamMembership.objects.filter(user__in=users).values_list("team_id", flat=True)
        )
    concerned = Q(user__in=users) | Q(team__in=touched_teams)
    workload_ids = set(
        WorkloadMember.objects.filter(concerned, role=Role.OWNER).values_list(
            "workload_id", flat=True
        )
    )
    if not workload_ids:
        return []
    members = WorkloadMember.objects.select_for_update() if lock else WorkloadMember.objects
    owners = list(
        members.filter(workload__in=workload_ids, role=Role.OWNER).order_by("workload_id", "id")
    )
    owner_teams = {m.team_id for m in owners if m.team_id}
    rows = list(
        TeamMembership.objects.filter(team__in=owner_teams).values_list("team_id", "user_id")
    )
    people = {m.user_id for m in owners if m.user_id} | {user for _, user in rows}
    active = set(
        get_user_model().objects.filter(pk__in=people, is_active=True).values_list("pk", flat=True)
    )
    before = _acting(owners, rows, active)
    after = _acting(
        [m for m in owners if m.team_id not in teams],
        [row for row in rows if row not in pairs],
        active - users,
    )
    # Only what this change takes away: a workload that had no acting owner already is not
    # the caller's doing (staff can still mend it).
    orphaned = before - after
    return list(Workload.objects.filter(pk__in=orphaned).order_by("name", "id"))


def _acting(
    owners: list[WorkloadMember], rows: list[tuple[int, int]], active: set[int]
) -> set[int]:
    """The ids of the workloads among ``owners``' that some active person can act as owner of."""
    team_people: dict[int, set[int]] = {}
    for team_id, user_id in rows:
        team_people.setdefault(team_id, set()).add(user_id)
    return {
        m.workload_id
        for m in owners
        if m.user_id in active or (m.team_id and team_people.get(m.team_id, set()) & active)
    }
