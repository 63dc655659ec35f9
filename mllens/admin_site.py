"""Django's admin site, signing in through :mod:`mllens.login_limits` like every other way in."""

from __future__ import annotations

from django.contrib import admin

from mllens.auth_forms import LimitedAdminAuthenticationForm, lock_response


class AdminSite(admin.AdminSite):
    login_form = LimitedAdminAuthenticationForm

    def login(self, request, extra_context=None):
        return lock_response(super().login(request, extra_context))
