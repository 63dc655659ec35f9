"""The people app's pages (profile, invitations, teams, tokens)."""

from __future__ import annotations

from django.urls import path

from people import views

urlpatterns = [
    path("profile/", views.profile_page, name="profile"),
    path("invitations/<str:token>/", views.invitation_page, name="invitation-page"),
]
