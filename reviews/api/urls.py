from __future__ import annotations

from django.urls import path

from reviews.api.views import (
    comments,
    exchange,
    members,
    milestones,
    reports,
    reviews,
    teams,
    templates,
    workloads,
)

W = "workloads/<int:workload_id>/"
R = W + "reviews/<slug:slug>/"
A = R + "answers/<str:question_key>/"
ITEM = R + "improvements/<str:question_key>/<str:choice_key>/"
T = "templates/<int:template_id>/"

urlpatterns = [
    path("reports/", reports.ReportListView.as_view(), name="api-report-list"),
    path("reports/<int:job_id>/", reports.ReportDetailView.as_view(), name="api-report-detail"),
    path("reports/<int:job_id>/retry", reports.ReportRetryView.as_view(), name="api-report-retry"),
    path(
        "reports/<int:job_id>/download",
        reports.ReportDownloadView.as_view(),
        name="api-report-download",
    ),
    path("templates/", templates.TemplateListView.as_view(), name="api-template-list"),
    path(T, templates.TemplateDetailView.as_view(), name="api-template-detail"),
    path(
        T + "lenses/<slug:slug>/answers/<str:question_key>/",
        templates.TemplateAnswerView.as_view(),
        name="api-template-answer",
    ),
    path(
        W + "templates/", templates.WorkloadTemplateApplyView.as_view(), name="api-template-apply"
    ),
    path("teams/", teams.TeamListView.as_view(), name="api-team-list"),
    path("teams/<int:team_id>/", teams.TeamDetailView.as_view(), name="api-team-detail"),
    path(
        "teams/<int:team_id>/members/",
        teams.TeamMemberListView.as_view(),
        name="api-team-member-list",
    ),
    path(
        "teams/<int:team_id>/members/<str:member>/",
        teams.TeamMemberDetailView.as_view(),
        name="api-team-member-detail",
    ),
    path("workloads/", workloads.WorkloadListView.as_view(), name="api-workload-list"),
    path("workloads/import", exchange.WorkloadImportView.as_view(), name="api-workload-import"),
    path(W, workloads.WorkloadDetailView.as_view(), name="api-workload-detail"),
    path(W + "export", exchange.WorkloadExportView.as_view(), name="api-workload-export"),
    path(W + "members/", members.MemberListView.as_view(), name="api-member-list"),
    path(
        W + "members/<str:member_id>/", members.MemberDetailView.as_view(), name="api-member-detail"
    ),
    path(W + "milestones/", milestones.MilestoneListView.as_view(), name="api-milestone-list"),
    path(
        W + "milestones/<int:number>/",
        milestones.MilestoneDetailView.as_view(),
        name="api-milestone-detail",
    ),
    path(W + "compare", milestones.CompareView.as_view(), name="api-compare"),
    path(W + "trend", milestones.TrendView.as_view(), name="api-trend"),
    path(R + "upgrade", milestones.UpgradeView.as_view(), name="api-review-upgrade"),
    path(W + "activity/", reviews.ActivityListView.as_view(), name="api-activity"),
    path(W + "reviews/", reviews.LensReviewListView.as_view(), name="api-review-list"),
    path(R, reviews.LensReviewDetailView.as_view(), name="api-review-detail"),
    path(R + "answers/", reviews.AnswerListView.as_view(), name="api-answer-list"),
    path(
        R + "answers/<str:question_key>/",
        reviews.AnswerDetailView.as_view(),
        name="api-answer-detail",
    ),
    path(
        R + "answers/<str:question_key>/history/",
        reviews.AnswerHistoryView.as_view(),
        name="api-answer-history",
    ),
    path(R + "improvements/", reviews.ImprovementListView.as_view(), name="api-improvements"),
    path(
        R + "improvements/<str:question_key>/<str:choice_key>/",
        reviews.ImprovementItemView.as_view(),
        name="api-improvement-item",
    ),
    # Comment threads of a question and of an improvement item (issue 18 item 1).
    path(A + "comments/", comments.CommentListView.as_view(), name="api-answer-comments"),
    path(
        A + "comments/<int:comment_id>/",
        comments.CommentDetailView.as_view(),
        name="api-answer-comment-detail",
    ),
    path(A + "thread", comments.ThreadView.as_view(), name="api-answer-thread"),
    # Who is to answer the question, by when (issue 18 item 2).
    path(A + "assignee", comments.AssigneeView.as_view(), name="api-answer-assignee"),
    path(ITEM + "comments/", comments.CommentListView.as_view(), name="api-item-comments"),
    path(
        ITEM + "comments/<int:comment_id>/",
        comments.CommentDetailView.as_view(),
        name="api-item-comment-detail",
    ),
    path(ITEM + "thread", comments.ThreadView.as_view(), name="api-item-thread"),
]
