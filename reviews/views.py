"""Browser pages of the reviews app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    """The signed-in user's start page."""
    return render(request, "reviews/dashboard.html", {})
