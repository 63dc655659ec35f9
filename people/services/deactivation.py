"""Leaving: staff deactivate an account (and can bring it back).

A deactivated user keeps their name on answers, history and activity (the row stays; only
``is_active`` changes) but cannot sign in by any route: ``/login/`` and allauth refuse inactive
users, sessions end (Django's backends no longer load an inactive user, and their session rows
are deleted), every API token is revoked, and single sign-on refuses them too
(``people.sso``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from mllens.errors import DomainError
from people.services.tokens import tokens_revoke_all
from reviews.choices import Role
from reviews.models import Workload, WorkloadMember
from reviews.selectors.owners import workloads_left_without_owner
from reviews.services.members import member_add, member_update


def _sessions_end(user) -> int:
    """Delete the user's unexpired sessions (the database session store's rows)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _hand_over(workloads: list[Workload], *, successor, actor) -> None:
    """Make ``successor`` owner of each workload (added, or promoted if already a member)."""
    for workload in workloads:
        member = WorkloadMember.objects.filter(workload=workload, user=successor).first()
        if member is None:
            member_add(workload=workload, actor=actor, role=Role.OWNER, user=successor)
        elif member.role != Role.OWNER:
            member_update(member=member, actor=actor, role=Role.OWNER)


@transaction.atomic
def user_deactivate(*, user, actor, successor=None) -> dict:
    """Deactivate ``user``: sessions and tokens end at once; they cannot sign in again.

    Refused (409 ``LAST_OWNER``, naming the workloads) while that would leave a workload
    without an owner who can act, unless ``successor`` (an active user) is given: they are
    made owner of those workloads first. Staff cannot deactivate themselves (400).
    """
    if user.pk == actor.pk:
        raise DomainError(code="VALIDATION_ERROR", message="You cannot deactivate yourself.")
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    orphaned = workloads_left_without_owner(users=[user.pk]) if user.is_active else []
    if orphaned and successor is None:
        names = ", ".join(repr(w.name) for w in orphaned[:10])
        more = f" and {len(orphaned) - 10} more" if len(orphaned) > 10 else ""
        raise DomainError(
            code="LAST_OWNER",
            message=f"Deactivating {user.get_username()!r} would leave {names}{more} without an "
            "owner who can act: name a successor, or make someone else owner first.",
            status=409,
            extra={"workloads": [{"id": w.pk, "name": w.name} for w in orphaned]},
        )
    if orphaned:
        if not successor.is_active or successor.pk == user.pk:
            raise DomainError(
                code="VALIDATION_ERROR", message="The successor must be another active user."
            )
        _hand_over(orphaned, successor=successor, actor=actor)
    user.is_active = False
    user.save(update_fields=["is_active"])
    tokens = tokens_revoke_all(user=user)
    sessions = _sessions_end(user)
    return {"tokens_revoked": tokens, "sessions_ended": sessions, "handed_over": len(orphaned)}


@transaction.atomic
def user_reactivate(*, user, actor) -> None:
    """Let a deactivated user sign in again (their tokens stay revoked: they make new ones)."""
    user.is_active = True
    user.save(update_fields=["is_active"])
