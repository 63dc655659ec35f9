"""The people app's API under /api/v1/ (invitations, teams, tokens: one module per area)."""

from __future__ import annotations

from django.urls import path

from people.api import deactivation_views, token_views

urlpatterns: list = [
    path("auth/tokens/", token_views.ApiTokenListView.as_view(), name="api-auth-token-list"),
    path(
        "auth/tokens/<int:token_id>/",
        token_views.ApiTokenDetailView.as_view(),
        name="api-auth-token-detail",
    ),
    path(
        "users/<int:user_id>/deactivate",
        deactivation_views.UserDeactivateView.as_view(),
        name="api-user-deactivate",
    ),
    path(
        "users/<int:user_id>/reactivate",
        deactivation_views.UserReactivateView.as_view(),
        name="api-user-reactivate",
    ),
]
