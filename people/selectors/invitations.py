"""Reads of invitations: a workload's (for its owners), and one by its link's token."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from people.choices import InvitationStatus
from people.models import Invitation
from people.services.invitations import token_digest
from reviews.models import Workload


def invitations_of(workload: Workload, *, status: str = "") -> QuerySet[Invitation]:
    """The workload's invitations, newest first; ``status`` keeps one kind (PENDING ...)."""
    found = Invitation.objects.filter(workload=workload).select_related("team", "invited_by")
    now = timezone.now()
    if status == InvitationStatus.PENDING:
        found = found.pending(now=now)
    elif status == InvitationStatus.ACCEPTED:
        found = found.filter(accepted_at__isnull=False)
    elif status == InvitationStatus.REVOKED:
        found = found.filter(revoked_at__isnull=False)
    elif status == InvitationStatus.EXPIRED:
        found = found.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    return found.order_by("-created_at", "-id")


def invitation_of(workload: Workload, invitation_id) -> Invitation:
    """One invitation of the workload; 404 when it has no such invitation."""
    found = (
        invitations_of(workload).filter(pk=invitation_id).first()
        if str(invitation_id).isdigit()
        else None
    )
    if found is None:
        raise Http404("No such invitation.")
    return found


def invitation_by_token(token: str) -> Invitation:
    """The pending invitation whose link carries ``token``; one 404 for every other case
    (unknown, used, revoked, expired), so an answer tells nothing about which."""
    if not token or len(token) > 100:
        raise Http404("This invitation link is not valid.")
    found = (
        Invitation.objects.pending()
        .filter(token_hash=token_digest(token))
        .select_related("workload", "team", "invited_by")
        .first()
    )
    if found is None:
        raise Http404("This invitation link is not valid.")
    return found


def pending_invitations_of(workload: Workload) -> list[Invitation]:
    """The workload's pending invitations, newest first (the members card lists them)."""
    return list(invitations_of(workload, status=InvitationStatus.PENDING))
