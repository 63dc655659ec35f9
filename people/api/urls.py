"""The people app's API under /api/v1/ (invitations, teams, tokens: one module per area)."""

from __future__ import annotations

from django.urls import path

from people.api import deactivation_views, token_views, views

W = "workloads/<int:workload_id>/"

urlpatterns = [
    path(W + "invitations/", views.InvitationListView.as_view(), name="api-invitation-list"),
    path(
        W + "invitations/<int:invitation_id>/",
        views.InvitationDetailView.as_view(),
        name="api-invitation-detail",
    ),
    path(
        W + "invitations/<int:invitation_id>/resend",
        views.InvitationResendView.as_view(),
        name="api-invitation-resend",
    ),
    path(
        "invitations/<str:token>/accept",
        views.InvitationAcceptView.as_view(),
        name="api-invitation-accept",
    ),
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
