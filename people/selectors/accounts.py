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


def addresses_for_page(user) -> list:
    """The user's addresses as the profile page lists them: primary first, then verified."""
    from allauth.account.models import EmailAddress

    return list(EmailAddress.objects.filter(user=user).order_by("-primary", "-verified", "email"))


def waits_for_verification(user) -> bool:
    """Whether ``user`` signed up by themselves and has not yet verified their address, while
    the sign-up policy wants verified addresses (``SIGNUP`` domain or open): such an account
    may not sign in by any route yet. Accounts made by staff (no address on record), through
    invitations (verified by the invitation), and a change of address waiting for its link
    (the account's address is still the old one) are never held back."""
    from allauth.account.models import EmailAddress
    from django.conf import settings

    if settings.ACCOUNT_EMAIL_VERIFICATION != "mandatory" or not user.email:
        return False
    addresses = EmailAddress.objects.filter(user=user)
    if addresses.filter(verified=True).exists():
        return False
    return addresses.filter(email__iexact=user.email).exists()
