"""Models of the reviews app, split by domain."""

from reviews.models.activity import Activity
from reviews.models.comment import Comment, CommentThread, QuestionAssignee
from reviews.models.counts import PillarRiskCounts
from reviews.models.milestone import Milestone, MilestoneReview
from reviews.models.report import JobStatus, ReportJob, ReportKind
from reviews.models.review import Answer, AnswerChange, ImprovementItem, LensReview
from reviews.models.template import ReviewTemplate, TemplateAnswer, TemplateLens, TemplateMember
from reviews.models.workload import Team, TeamMembership, TeamRole, Workload, WorkloadMember

__all__ = [
    "Activity",
    "Answer",
    "AnswerChange",
    "Comment",
    "CommentThread",
    "ImprovementItem",
    "JobStatus",
    "LensReview",
    "Milestone",
    "MilestoneReview",
    "PillarRiskCounts",
    "QuestionAssignee",
    "ReportJob",
    "ReportKind",
    "ReviewTemplate",
    "Team",
    "TeamMembership",
    "TeamRole",
    "TemplateAnswer",
    "TemplateLens",
    "TemplateMember",
    "Workload",
    "WorkloadMember",
]
