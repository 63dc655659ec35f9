"""The sign-in page, with the failure limits of :mod:`mllens.login_limits`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views

from mllens import login_limits
from mllens.auth_forms import LimitedAuthenticationForm, lock_response


class LoginView(auth_views.LoginView):
    """Django's login view; a username locked for this address gets 429 and a clear message."""

    redirect_authenticated_user = True
    authentication_form = LimitedAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The sign-up link shows only where anyone may sign up (README, "People and sign-in").
        context["signup_open"] = settings.SIGNUP in ("domain", "open")
        return context

    def form_invalid(self, form):
        if form.locked_for:
            context = self.get_context_data(
                form=form, locked=login_limits.locked_message(form.locked_for)
            )
            return lock_response(self.render_to_response(context))
        return super().form_invalid(form)
