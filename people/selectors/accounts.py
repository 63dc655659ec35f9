"""Reads about accounts: a user's addresses, whether an address has an account."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def addresses_of(user) -> set[str]:
    """Every address of ``user``, lower-cased: the account's and allauth's."""
    from allauth.account.models import EmailAddress

    found = {
        a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        found.add(user.email.lower())
    return found


def address_has_account(email: str) -> bool:
    """Whether any account (active or not) uses ``email``."""
    from allauth.account.models import EmailAddress

    users = get_user_model().objects.filter(email__iexact=email).exists()
    return users or EmailAddress.objects.filter(email__iexact=email).exists()
