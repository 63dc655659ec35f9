"""Staff's accounts page: everyone, with deactivate and reactivate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mllens.errors import DomainError
from people.deactivation_forms import DeactivateForm
from people.services.deactivation import user_deactivate, user_reactivate


def _staff(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied("Only staff manage accounts.")


@login_required
@require_http_methods(["GET", "HEAD"])
def account_list(request):
    _staff(request)
    users = get_user_model().objects.order_by("-is_active", "username")
    return render(request, "people/deactivation.html", {"accounts": users})


@login_required
@require_http_methods(["POST"])
def account_action(request, user_id):
    """``action=deactivate`` (with an optional ``successor``) or ``action=reactivate``."""
    _staff(request)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404("No such user.")
    try:
        if request.POST.get("action") == "reactivate":
            user_reactivate(user=user, actor=request.user)
            messages.success(request, f"{user.get_username()} can sign in again.")
        else:
            form = DeactivateForm(request.POST)
            if not form.is_valid():
                raise DomainError(code="VALIDATION_ERROR", message=form.errors["successor"][0])
            done = user_deactivate(
                user=user, actor=request.user, successor=form.cleaned_data["successor"]
            )
            messages.success(
                request,
                f"{user.get_username()} deactivated: {done['sessions_ended']} session(s) ended, "
                f"{done['tokens_revoked']} token(s) revoked.",
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("account-list")
