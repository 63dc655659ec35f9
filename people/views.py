"""Pages of the people app; they call selectors and services, never API views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from mllens.errors import DomainError
from people.forms import InvitationAccountForm, ProfileForm
from people.selectors.accounts import addresses_for_page, addresses_of
from people.selectors.invitations import invitation_by_token
from people.services.accounts import account_create_from_invitation
from people.services.invitations import invitation_accept
from people.services.profiles import profile_for, profile_update

BACKEND = "people.backends.PasswordBackend"


def _invalid_link(request):
    return render(request, "people/invitation_invalid.html", status=404)


def _form_errors(form, error: DomainError) -> None:
    """A service's refusal shown on the form: field problems at their fields."""
    placed = False
    for item in error.errors:
        name = {"password": "password1"}.get(item.field or "", item.field or "")
        if name in form.fields:
            form.add_error(name, item.message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_page(request, token: str):
    """The invitee's page: accept (signed in), or make an account, or sign in first."""
    try:
        invitation = invitation_by_token(token)
    except Http404:
        return _invalid_link(request)
    form = InvitationAccountForm()
    refusal = ""
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                invitation_accept(invitation=invitation, user=request.user)
                return redirect("workload-page", workload_id=invitation.workload_id)
            form = InvitationAccountForm(request.POST)
            if form.is_valid():
                user = account_create_from_invitation(
                    invitation=invitation,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    display_name=form.cleaned_data["display_name"],
                )
                login(request, user, backend=BACKEND)
                return redirect("workload-page", workload_id=invitation.workload_id)
        except Http404:
            return _invalid_link(request)
        except DomainError as error:
            if request.user.is_authenticated:
                refusal = error.message
            else:
                _form_errors(form, error)
    mine = request.user.is_authenticated and invitation.email in addresses_of(request.user)
    here = reverse("invitation-page", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "form": form,
        "refusal": refusal,
        "mine": mine,
        "signup_allowed": settings.SIGNUP != "closed",
        "login_url": reverse("login") + "?" + urlencode({"next": here}),
    }
    status = 200 if request.method != "POST" else 403 if refusal else 400
    return render(request, "people/invitation.html", context, status=status)


@login_required
def profile_page(request):
    """Display name and time zone; links to the address, password and second-factor pages."""
    profile = profile_for(request.user)
    initial = {"display_name": profile.display_name, "time_zone": profile.time_zone}
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(request=request, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, "Profile saved.")
            return redirect("profile")
    context = {
        "form": form,
        "addresses": addresses_for_page(request.user),
        "now": timezone.now(),
        "has_password": request.user.has_usable_password(),
    }
    return render(request, "people/profile.html", context, status=400 if form.errors else 200)
