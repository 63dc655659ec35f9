"""Invitations: an owner (or staff) asks an address to join a workload; the addressee's link
makes or signs in their account and gives them the role.

Links are single-use, expire after ``INVITATION_TTL_DAYS`` and carry 256 random bits
(``secrets.token_urlsafe(32)``); only their SHA-256 is stored. Every answer about an invitation
is the same whether or not the address has an account: the inviter never learns it, and an
invalid link (unknown, used, revoked, expired) always reads "not valid".
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mllens.errors import DomainError, PermissionDeniedError, version_check
from people.models import Invitation
from people.selectors.accounts import addresses_of
from people.services import mail
from reviews.choices import ROLE_RANK, Role
from reviews.models import Team, Workload, WorkloadMember
from reviews.services.activity import activity_record
from reviews.services.members import member_add

TOKEN_BYTES = 32


def token_digest(token: str) -> str:
    """What is stored of a link's token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return mail.site_link(reverse("invitation-page", kwargs={"token": token}))


def _describe(invitation: Invitation) -> str:
    if invitation.team_id:
        return f"team {invitation.team.name!r}"
    return Role(invitation.role).label.lower()


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS)


def _lock(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None:
        raise Http404("No such invitation.")
    return locked


def _closed(invitation: Invitation) -> DomainError:
    return DomainError(
        code="INVITATION_CLOSED",
        message=f"This invitation was already {invitation.status.lower()}.",
        status=409,
    )


def _send_later(invitation: Invitation) -> None:
    from people.tasks import invitation_send

    mail.task_enqueue(invitation_send, invitation.pk)


@transaction.atomic
def invitation_create(
    *, workload: Workload, actor, email: str, role: str = "", team: Team | None = None
) -> Invitation:
    """Invite ``email`` with a role on ``workload``, or into ``team`` (staff only; the team
    must be a member of the workload). The mail goes out after the commit.

    One pending invitation per address and workload: another is 409 ``ALREADY_INVITED``.
    """
    if (not role) == (team is None):
        raise ValueError("an invitation gives a role or a team, not both")
    if team is not None:
        if not actor.is_staff:
            raise PermissionDeniedError("Only staff may invite into a team.")
        if not WorkloadMember.objects.filter(workload=workload, team=team).exists():
            raise DomainError(
                code="TEAM_NOT_MEMBER",
                message=f"Team {team.name!r} is not a member of this workload; add it first.",
                status=409,
            )
    # Invitations of one workload take turns, so two owners cannot both invite one address.
    Workload.objects.select_for_update().only("pk").filter(pk=workload.pk).first()
    email = email.strip().lower()
    if Invitation.objects.pending().filter(workload=workload, email=email).exists():
        raise DomainError(
            code="ALREADY_INVITED",
            message=f"{email} already has a pending invitation; re-send or revoke it.",
            status=409,
        )
    invitation = Invitation.objects.create(
        workload=workload,
        email=email,
        role=role,
        team=team,
        invited_by=actor,
        expires_at=_expiry(),
    )
    activity_record(
        workload=workload,
        actor=actor,
        verb="invitation.create",
        obj=invitation,
        summary=f"invited {email} as {_describe(invitation)}",
    )
    _send_later(invitation)
    return invitation


def _record(invitation: Invitation, fields: list[str], actor, action: str, summary: str) -> None:
    """Save a change of a locked invitation: its link dies (a re-send mails a new one), its
    version moves (the ETag), and the workload's activity says who did what."""
    invitation.token_hash = ""
    invitation.version += 1
    invitation.save(update_fields=[*fields, "token_hash", "version"])
    activity_record(
        workload=invitation.workload,
        actor=actor,
        verb=f"invitation.{action}",
        obj=invitation,
        summary=summary,
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor, expected=None) -> Invitation:
    """A new link, valid ``INVITATION_TTL_DAYS`` from now; the old link stops at once."""
    invitation = _lock(invitation)
    version_check(expected, invitation.version)
    if invitation.accepted_at or invitation.revoked_at:
        raise _closed(invitation)
    invitation.expires_at = _expiry()
    _record(
        invitation,
        ["expires_at"],
        actor,
        "resend",
        f"sent the invitation of {invitation.email} again",
    )
    _send_later(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor, expected=None) -> Invitation:
    """The link stops working; the invitation stays listed as revoked. Revoking twice is
    harmless; an accepted invitation cannot be revoked (remove the member instead)."""
    invitation = _lock(invitation)
    version_check(expected, invitation.version)
    if invitation.accepted_at:
        raise _closed(invitation)
    if invitation.revoked_at:
        return invitation
    invitation.revoked_at = timezone.now()
    _record(
        invitation, ["revoked_at"], actor, "revoke", f"revoked the invitation of {invitation.email}"
    )
    return invitation


def invitation_token_issue(*, invitation: Invitation) -> str:
    """A new link token for ``invitation`` (the previous one stops working); returns it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_digest(token))
    invitation.token_hash = token_digest(token)
    return token


def invitation_mail_send(*, invitation_id: int) -> None:
    """Mail the invitation a fresh link (run by the task). Nothing is sent for an invitation
    accepted, revoked or expired meanwhile. Raises when the mail server refuses (the task
    retries: each attempt makes its own link, so only the delivered one works)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("workload", "team", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.status != "PENDING":
            return
        token = invitation_token_issue(invitation=invitation)
    inviter = invitation.invited_by
    message = mail.message_render(
        template="invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "what": _describe(invitation),
            "link": invitation_link(token),
            "ttl_days": settings.INVITATION_TTL_DAYS,
        },
    )
    mail.mail_deliver(message)
    # sent_at is shown by the API, so it moves the version too. Not counted when a re-send
    # replaced this link meanwhile (that one counts when it goes out).
    Invitation.objects.filter(pk=invitation.pk, token_hash=token_digest(token)).update(
        sent_at=timezone.now(), send_count=F("send_count") + 1, version=F("version") + 1
    )


def _address_verified(user, email: str) -> None:
    """The invitation's mail proved the address: it becomes a verified address of the user
    (primary when they have none)."""
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=not has_primary)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def _grant(invitation: Invitation, user) -> None:
    if invitation.team_id:
        invitation.team.members.add(user)
        return
    current = WorkloadMember.objects.filter(workload=invitation.workload, user=user).first()
    if current is None:
        member_add(workload=invitation.workload, actor=user, role=invitation.role, user=user)
    elif ROLE_RANK[Role(invitation.role)] > ROLE_RANK[Role(current.role)]:
        # Only ever a stronger role: accepting an invitation never demotes anyone.
        current.role = invitation.role
        current.version += 1
        current.save(update_fields=["role", "version"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Invitation:
    """``user`` takes up the invitation: the role (or team) is theirs, the link is used up.

    The user must own the invited address (their account's or one of its addresses): the
    link was mailed there. Otherwise 403 ``INVITATION_OTHER_ADDRESS``, and nothing changes.
    """
    invitation = _lock(invitation)
    if invitation.status != "PENDING":  # used, revoked or expired since the page was read
        raise Http404("This invitation link is not valid.")
    if invitation.email not in addresses_of(user):
        raise DomainError(
            code="INVITATION_OTHER_ADDRESS",
            message="This invitation was sent to another e-mail address than yours. Sign out "
            "and open the link again, or ask for an invitation to your own address.",
            status=403,
        )
    _grant(invitation, user)
    _address_verified(user, invitation.email)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    summary = f"accepted the invitation as {_describe(invitation)}"
    _record(invitation, ["accepted_at", "accepted_by"], user, "accept", summary)
    return invitation
