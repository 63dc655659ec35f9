"""Forms of the people pages."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from allauth.core import context
from django import forms

from mllens import login_limits
from people.models import DISPLAY_NAME_MAX, time_zone_names


class InvitationAccountForm(forms.Form):
    """The account an invitee makes; the address is the invited one (not a field)."""

    display_name = forms.CharField(
        label="Your name",
        max_length=DISPLAY_NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return data


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        max_length=DISPLAY_NAME_MAX,
        required=False,
        help_text="How mllens names you to others; empty: your full name, else your username.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Dates and times on pages are shown in this zone.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", "Server default (UTC)")] + [
            (name, name) for name in sorted(time_zone_names())
        ]


class LimitedResetPasswordForm(ResetPasswordForm):
    """allauth's reset request, counted by the sign-in limiter per address typed and client
    address; ``locked_for`` is the seconds to wait once locked (the page answers 429)."""

    locked_for = 0

    def clean_email(self) -> str:
        email = super().clean_email()
        try:
            login_limits.reset_attempt(context.request, email=email.lower())
        except login_limits.TooManyAttempts as locked:
            self.locked_for = locked.retry_after
            minutes = max(1, (locked.retry_after + 59) // 60)
            raise forms.ValidationError(
                "Too many password reset requests for this address from your network. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
                code="too_many_attempts",
            ) from None
        return email
