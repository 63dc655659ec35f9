from __future__ import annotations

from django.urls import path

from reviews import review_views, team_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("teams/", team_views.team_list, name="team-list"),
    path("teams/<int:team_id>/", team_views.team_page, name="team-page"),
    path("workloads/new/", views.workload_new, name="workload-new"),
    path("workloads/import/aws/", views.workload_import_aws, name="workload-import-aws"),
    path("workloads/<int:workload_id>/", views.workload_detail, name="workload-page"),
    path("workloads/<int:workload_id>/compare/", views.compare_page, name="compare-page"),
    path(
        "workloads/<int:workload_id>/reviews/<slug:slug>/",
        review_views.review_page,
        name="review-page",
    ),
]
