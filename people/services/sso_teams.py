"""Team memberships from the identity provider's groups (``OIDC_GROUPS_CLAIM``).

At each single sign-on the groups in the claim decide the user's teams: a group mapped by
``OIDC_GROUP_TEAMS`` (or, unmapped, named like an existing team) puts the user in that team.
Teams named in ``OIDC_GROUP_TEAMS`` belong to the provider: a user whose groups no longer map
to one of them leaves it (unless that would leave a workload without an acting owner, which
is logged and left for an owner to mend). Teams are never created here: staff make them.
"""

from __future__ import annotations

import logging

from django.conf import settings

from mllens.errors import DomainError
from reviews.models import Team, TeamMembership
from reviews.services.teams import team_member_add, team_member_remove

log = logging.getLogger(__name__)


def groups_from_claims(claims: dict) -> list[str]:
    """The group names in the configured claim (a list, or one string); [] when off or absent."""
    name = settings.OIDC_GROUPS_CLAIM
    value = claims.get(name) if name else None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [g for g in value if isinstance(g, str)]
    return []


def sso_teams_sync(*, user, groups: list[str]) -> dict[str, list[str]]:
    """Join the teams ``groups`` map to and leave provider-owned teams they no longer map to;
    returns the team names joined and left."""
    mapping = settings.OIDC_GROUP_TEAMS
    wanted = {mapping.get(group, group) for group in groups}
    teams = {t.name: t for t in Team.objects.filter(name__in=wanted | set(mapping.values()))}
    current = set(
        TeamMembership.objects.filter(user=user, team__in=teams.values()).values_list(
            "team__name", flat=True
        )
    )
    joined, left = [], []
    for name in sorted(wanted & set(teams) - current):
        team_member_add(team=teams[name], actor=user, user=user)
        joined.append(name)
    for name in sorted(current & set(mapping.values()) - wanted):
        membership = TeamMembership.objects.get(team=teams[name], user=user)
        try:
            team_member_remove(membership=membership, actor=user)
        except DomainError as refused:
            log.warning("sso: %s stays in team %r: %s", user.get_username(), name, refused)
            continue
        left.append(name)
    return {"joined": joined, "left": left}
