"""Sign-in forms that authenticate through the one limiter (:mod:`mllens.login_limits`)."""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from mllens import login_limits


class LimitedSignInMixin:
    """``clean()`` of Django's sign-in forms, with the password tried only while not locked.

    ``locked_for`` is the seconds to wait when the username is locked for this address.
    """

    locked_for = 0

    @sensitive_variables("password")
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = login_limits.sign_in_attempt(
                    self.request, username=username, password=password
                )
            except login_limits.TooManyAttempts as locked:
                self.locked_for = locked.retry_after
                raise ValidationError(locked.message, code="too_many_attempts") from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


UNVERIFIED = (
    "Verify your e-mail address first: follow the link in the mail we sent you when you signed up."
)


class LimitedAuthenticationForm(LimitedSignInMixin, AuthenticationForm):
    unverified = ""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from people.selectors.accounts import waits_for_verification

        if waits_for_verification(user):
            self.unverified = UNVERIFIED  # the page says so instead of "did not match"
            raise ValidationError(UNVERIFIED, code="unverified")


class LimitedAdminAuthenticationForm(LimitedSignInMixin, AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        from people.mfa import has_second_factor  # allauth's models: not at import time

        if has_second_factor(user):
            # The admin's form asks for no code: the password alone must not be enough.
            raise ValidationError(
                "This account has a second factor: sign in at /login/, then open the admin.",
                code="second_factor_required",
            )
        super().confirm_login_allowed(user)


def lock_response(response):
    """429 with ``Retry-After`` when the form in ``response``'s context was refused as locked."""
    context = getattr(response, "context_data", None) or {}
    if wait := getattr(context.get("form"), "locked_for", 0):
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response
