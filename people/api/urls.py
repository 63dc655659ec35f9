"""The people app's API under /api/v1/ (invitations, teams, tokens: one module per area)."""

from __future__ import annotations

from django.urls import path

from people.api import views

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
]
