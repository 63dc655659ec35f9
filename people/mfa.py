"""The second factor (allauth.mfa's TOTP) on every password route, not only allauth's.

``/login/`` hands a password sign-in of an account with a second factor to allauth's login
flow, which asks for the code; the admin's sign-in form and the token endpoint refuse such an
account's password alone (sign in at ``/login/``; make tokens on the API tokens page).
"""

from __future__ import annotations

from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def second_factor_login(request, *, user, username: str, redirect_url: str):
    """Continue a password sign-in through allauth's stages: the code is asked next."""
    login = Login(user=user, redirect_url=redirect_url)
    return perform_password_login(request, {"username": username}, login)
