"""allauth's views where mllens answers differently: a locked reset request is a 429."""

from __future__ import annotations

from allauth.account.views import PasswordResetView

from mllens.auth_forms import lock_response


class LimitedPasswordResetView(PasswordResetView):
    """The reset request page; locked by the sign-in limiter, 429 with ``Retry-After``."""

    def form_invalid(self, form):
        return lock_response(super().form_invalid(form))
