"""The people app's pages (profile, invitations, teams, tokens)."""

from __future__ import annotations

from django.urls import path

from people import deactivation_pages, token_pages, views

urlpatterns = [
    path("profile/", views.profile_page, name="profile"),
    path("invitations/<str:token>/", views.invitation_page, name="invitation-page"),
    path("tokens/", token_pages.token_list, name="token-list"),
    path("users/", deactivation_pages.account_list, name="account-list"),
    path("users/<int:user_id>/", deactivation_pages.account_action, name="account-action"),
]
