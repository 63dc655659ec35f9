"""The sign-in page, with the failure limits of :mod:`mllens.login_limits`."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from mllens import login_limits


class LoginView(auth_views.LoginView):
    """Django's login view; a username locked for this address gets 429 and a clear message."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = login_limits.client_address(request)
        if wait := login_limits.login_wait_seconds(username=username, address=address):
            # Unbound: validating the form would try the password once more.
            form = self.get_form_class()(request, initial={"username": username})
            context = self.get_context_data(form=form, locked=login_limits.locked_message(wait))
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        if username:
            login_limits.login_failure_record(
                username=username, address=login_limits.client_address(self.request)
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        login_limits.login_failures_clear(
            username=form.get_user().get_username(),
            address=login_limits.client_address(self.request),
        )
        return super().form_valid(form)
