"""The API tokens page: the user's tokens, a new one (its key shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from people.selectors.tokens import token_get_for_user, tokens_for_user
from people.services.tokens import token_create, token_revoke
from people.token_forms import TokenForm

NEW_KEY = "people.new_api_key"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request):
    """List (name, prefix, created, last used, expiry); create; revoke (``revoke=<id>``)."""
    form = TokenForm()
    # Made on the POST, shown by the GET it redirects to, then gone from the session: a
    # reload neither shows it again nor makes another token.
    new_key = request.session.pop(NEW_KEY, None) if request.method != "POST" else None
    if request.method == "POST" and "revoke" in request.POST:
        token = token_get_for_user(request.user, request.POST["revoke"])
        token_revoke(token=token)
        messages.success(request, f"Token {token.name!r} revoked: it no longer works.")
        return redirect("token-list")
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _, request.session[NEW_KEY] = token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
            return redirect("token-list")
    context = {"tokens": tokens_for_user(request.user), "form": form, "new_key": new_key}
    # The new key is in this answer only: never cached.
    response = render(request, "people/tokens.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response
