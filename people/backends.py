"""Password sign-in, which ``PASSWORD_LOGIN=false`` turns off.

Every password route (``/login/``, the admin, ``POST /api/v1/auth/token/``, allauth's forms)
ends in ``authenticate()``; these backends answer None there while password sign-in is off,
so a right password opens nothing. Sessions already made keep loading their user (``get_user``),
and single sign-on logs people in without a password.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AllauthPasswordBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        if not settings.PASSWORD_LOGIN:
            return None
        return super().authenticate(request, **credentials)
