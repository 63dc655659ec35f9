"""The sign-in page, with the failure limits of :mod:`mllens.login_limits`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse

from mllens import login_limits
from mllens.auth_forms import LimitedAuthenticationForm, lock_response
from people.mfa import has_second_factor, second_factor_login


class LoginView(auth_views.LoginView):
    """Django's login view; a username locked for this address gets 429 and a clear message."""

    redirect_authenticated_user = True
    authentication_form = LimitedAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The sign-up link shows only where anyone may sign up (README, "People and sign-in").
        context["signup_open"] = settings.SIGNUP in ("domain", "open")
        next_url = self.get_redirect_url()
        context["password_login"] = settings.PASSWORD_LOGIN
        context["sso_providers"] = [
            {
                "label": provider["label"],
                "url": reverse("openid_connect_login", kwargs={"provider_id": provider["id"]})
                + (f"?{urlencode({'next': next_url})}" if next_url else ""),
            }
            for provider in settings.OIDC_PROVIDERS
        ]
        return context

    def form_valid(self, form):
        user = form.get_user()
        if has_second_factor(user):
            # The password was right; the code is asked next (allauth's TOTP stage).
            return second_factor_login(
                self.request,
                user=user,
                username=form.cleaned_data["username"],
                redirect_url=self.get_success_url(),
            )
        return super().form_valid(form)

    def form_invalid(self, form):
        if form.locked_for:
            context = self.get_context_data(
                form=form, locked=login_limits.locked_message(form.locked_for)
            )
            return lock_response(self.render_to_response(context))
        return super().form_invalid(form)
