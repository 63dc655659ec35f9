"""Accounts made through an invitation: the address is the invited one, verified by the
mail that carried the link."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from mllens.errors import DomainError, invalid, problem
from people.models import DISPLAY_NAME_MAX, Invitation, Profile
from people.selectors.accounts import address_has_account
from people.services.invitations import invitation_accept


def _checked_username(username: str) -> str:
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise invalid(problem("INVALID", error.messages[0], "username")) from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise invalid(
            problem("USERNAME_TAKEN", "This username is taken; choose another.", "username")
        )
    return username


@sensitive_variables("password")
@transaction.atomic
def account_create_from_invitation(
    *, invitation: Invitation, username: str, password: str, display_name: str = ""
):
    """A new account for the invited address, which then accepts the invitation.

    Refused under ``SIGNUP=closed`` (staff make accounts) with 403 ``SIGNUP_CLOSED``, and with
    409 ``ACCOUNT_EXISTS`` when the address already has an account: its owner signs in
    instead. Only the holder of the link (who reads that mailbox) can ask, so this tells
    nobody else whether the address has an account.
    """
    if settings.SIGNUP == "closed":
        raise DomainError(
            code="SIGNUP_CLOSED",
            message="Accounts are made by staff here; sign in with yours to accept.",
            status=403,
        )
    if address_has_account(invitation.email):
        raise DomainError(
            code="ACCOUNT_EXISTS",
            message="An account already uses this address: sign in to accept the invitation.",
            status=409,
        )
    username = _checked_username(username)
    user = get_user_model()(username=username, email=invitation.email)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise invalid(*(problem("WEAK_PASSWORD", m, "password") for m in error.messages)) from None
    user.set_password(password)
    user.save()
    Profile.objects.create(user=user, display_name=display_name.strip()[:DISPLAY_NAME_MAX])
    invitation_accept(invitation=invitation, user=user)
    return user
