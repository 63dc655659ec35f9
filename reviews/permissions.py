"""The one access path to workloads and everything inside them, and the one role table.

Every queryset a view sees starts from ``workloads_for_user``. A workload the user may
not read does not exist for them (404); one they may read but not change answers 403.

``POLICY`` says, for every action on a workload, the least role that may do it; each role
includes the ones below it and staff act as owners of every workload. API views, pages
(which buttons to show) and the access-matrix tests all read this table, and the README's
role table is checked against it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404

from mllens.errors import PermissionDeniedError
from reviews.choices import ROLE_RANK, Role
from reviews.models import Workload, WorkloadMember


class Action(models.TextChoices):
    """Everything a member can do to a workload, labelled as the README's role table says."""

    WORKLOAD_VIEW = "workload.view", "See the workload, its reviews, answers, plans, milestones"
    WORKLOAD_EDIT = "workload.edit", "Edit the workload's properties"
    WORKLOAD_DELETE = "workload.delete", "Delete the workload"
    MEMBERS_MANAGE = "members.manage", "Add members, change roles, remove members"
    REVIEW_ADD = "review.add", "Apply a lens (add a lens review)"
    REVIEW_REMOVE = "review.remove", "Remove a lens review"
    REVIEW_UPGRADE = "review.upgrade", "Upgrade a lens review to a newer lens version"
    ANSWER = "answer.edit", "Answer questions (choices, not applicable, answer notes)"
    NOTES = "notes.edit", "Edit lens and pillar notes"
    IMPROVEMENT_TRACK = "improvement.track", "Track improvement items (owner, due date, status)"
    ASSIGN = "question.assign", "Assign a question to a member, with a due date"
    COMMENT = "comment.write", "Comment, resolve and reopen threads (edit or delete own comments)"
    MILESTONE_CREATE = "milestone.create", "Record a milestone"
    COMPARE = "compare", "Compare milestones, see the risk trend"
    REPORT_REQUEST = "report.request", "Request a report, retry a failed one"
    REPORT_DOWNLOAD = "report.download", "See report jobs, download finished PDFs"
    REPORT_DELETE = "report.delete", "Delete a report"
    EXPORT = "export", "Export the workload (JSON, CSV, XLSX)"
    ACTIVITY = "activity", "See the activity trail"


# The least role for each action. Milestones have no delete: they are immutable and go only
# with their workload. Creating or importing a workload needs only a signed-in user (who
# becomes its owner), so those are not in this table.
POLICY: dict[Action, Role] = {
    Action.WORKLOAD_VIEW: Role.READER,
    Action.WORKLOAD_EDIT: Role.CONTRIBUTOR,
    Action.WORKLOAD_DELETE: Role.OWNER,
    Action.MEMBERS_MANAGE: Role.OWNER,
    Action.REVIEW_ADD: Role.OWNER,
    Action.REVIEW_REMOVE: Role.OWNER,
    Action.REVIEW_UPGRADE: Role.OWNER,
    Action.ANSWER: Role.CONTRIBUTOR,
    Action.NOTES: Role.CONTRIBUTOR,
    Action.IMPROVEMENT_TRACK: Role.CONTRIBUTOR,
    Action.ASSIGN: Role.CONTRIBUTOR,
    Action.COMMENT: Role.CONTRIBUTOR,
    Action.MILESTONE_CREATE: Role.CONTRIBUTOR,
    Action.COMPARE: Role.READER,
    Action.REPORT_REQUEST: Role.CONTRIBUTOR,
    Action.REPORT_DOWNLOAD: Role.READER,
    Action.REPORT_DELETE: Role.OWNER,
    Action.EXPORT: Role.READER,
    Action.ACTIVITY: Role.READER,
}

PERMISSION_MESSAGES = {
    Role.CONTRIBUTOR: "Readers can look and download but not change anything or request "
    "reports; ask an owner of the workload for the contributor role.",
    Role.OWNER: "Only owners of the workload may do this.",
}


def can(role: Role | None, action: Action) -> bool:
    """Whether a member with ``role`` may do ``action`` (``None``: not a member)."""
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[POLICY[action]]


def allowed_actions(role: Role | None) -> dict[str, bool]:
    """``{action name: allowed}`` for pages: ``allowed.review_remove`` in a template."""
    return {action.name.lower(): can(role, action) for action in Action}


def owners_can_act(owners) -> bool:
    """Whether these owner rows give anyone the owner role: an active user directly, or
    through a team that has an active member (an empty team is no one)."""
    from django.contrib.auth import get_user_model

    users = {m.user_id for m in owners if m.user_id}
    teams = {m.team_id for m in owners if m.team_id}
    if not users and not teams:
        return False
    people = get_user_model().objects.filter(is_active=True)
    return people.filter(Q(pk__in=users) | Q(review_teams__in=teams)).exists()


def last_owner_ids(members) -> set[int]:
    """The owner rows that cannot be removed or demoted: without them no one could act as
    owner (the rule ``member_remove`` and ``member_update`` enforce; pages disable them)."""
    owners = [m for m in members if m.role == Role.OWNER]
    return {m.pk for m in owners if not owners_can_act([o for o in owners if o.pk != m.pk])}


def _membership(user) -> Q:
    return Q(user=user) | Q(team__members=user)


def workloads_for_user(user) -> QuerySet[Workload]:
    """Every workload ``user`` may read: staff see all, others those they are members of."""
    if not user.is_authenticated:
        return Workload.objects.none()
    if user.is_staff:
        return Workload.objects.all()
    member = WorkloadMember.objects.filter(_membership(user), workload=OuterRef("pk"))
    return Workload.objects.filter(Exists(member))


def role_expression(user, workload_ref: str = "pk"):
    """The user's strongest role on the workload at ``workload_ref`` as an SQL expression,
    so a caller can read it in the query that reads the workload (None: no membership)."""
    if user.is_staff:
        return Value(Role.OWNER.value, output_field=CharField())
    rank = Case(*(When(role=role, then=Value(ROLE_RANK[role])) for role in Role), default=Value(0))
    strongest = (
        WorkloadMember.objects.filter(_membership(user), workload=OuterRef(workload_ref))
        .order_by(rank.desc())
        .values("role")[:1]
    )
    return Subquery(strongest, output_field=CharField())


def workload_get_for_user(
    user, workload_id, *, need: Action | Role = Action.WORKLOAD_VIEW
) -> tuple[Workload, Role]:
    """The workload and the user's role; 404 if they may not read it, 403 if ``need`` (an
    action of ``POLICY``, or directly a role) is beyond their role."""
    if not user.is_authenticated:
        raise Http404("No such workload.")
    # One query: the workload and the user's strongest role on it (read together, so a
    # membership cannot vanish in between).
    try:
        workload = (
            workloads_for_user(user)
            .annotate(viewer_role=role_expression(user))
            .get(pk=int(workload_id))
        )
    except (Workload.DoesNotExist, ValueError, TypeError):
        raise Http404("No such workload.") from None
    if workload.viewer_role is None:
        raise Http404("No such workload.")
    role = Role(workload.viewer_role)
    ensure_role(role, POLICY[need] if isinstance(need, Action) else need)
    return workload, role


def ensure_role(role: Role, need: Role) -> None:
    if ROLE_RANK[role] < ROLE_RANK[need]:
        raise PermissionDeniedError(PERMISSION_MESSAGES[need])


def ensure_can(role: Role, action: Action) -> None:
    """403 (with a message naming the role needed) unless ``role`` may do ``action``."""
    ensure_role(role, POLICY[action])


# Templates: members (users or teams) with the workload roles' meaning — readers see and
# apply it, contributors change its answers, owners rename or delete it; staff act as owners.
TEMPLATE_POLICY = {"view": Role.READER, "edit": Role.CONTRIBUTOR, "delete": Role.OWNER}


def templates_for_user(user):
    """Every template ``user`` may read (staff: all; others: those they are members of)."""
    from reviews.models import ReviewTemplate, TemplateMember

    if not user.is_authenticated:
        return ReviewTemplate.objects.none()
    if user.is_staff:
        return ReviewTemplate.objects.all()
    member = TemplateMember.objects.filter(_membership(user), template=OuterRef("pk"))
    return ReviewTemplate.objects.filter(Exists(member))


def template_role_expression(user, template_ref: str = "pk"):
    """The user's strongest role on the template at ``template_ref`` (SQL; None: none)."""
    from reviews.models import TemplateMember

    if user.is_staff:
        return Value(Role.OWNER.value, output_field=CharField())
    rank = Case(*(When(role=role, then=Value(ROLE_RANK[role])) for role in Role), default=Value(0))
    strongest = (
        TemplateMember.objects.filter(_membership(user), template=OuterRef(template_ref))
        .order_by(rank.desc())
        .values("role")[:1]
    )
    return Subquery(strongest, output_field=CharField())


def template_get_for_user(user, template_id, *, need: str = "view"):
    """The template (with ``viewer_role``); 404 if the user may not read it, 403 if ``need``
    (a key of ``TEMPLATE_POLICY``) is beyond their role."""
    from reviews.models import ReviewTemplate

    if not user.is_authenticated:
        raise Http404("No such template.")
    try:
        template = (
            templates_for_user(user)
            .annotate(viewer_role=template_role_expression(user))
            .get(pk=int(template_id))
        )
    except (ReviewTemplate.DoesNotExist, ValueError, TypeError):
        raise Http404("No such template.") from None
    if template.viewer_role is None:
        raise Http404("No such template.")
    need_role = TEMPLATE_POLICY[need]
    if ROLE_RANK[Role(template.viewer_role)] < ROLE_RANK[need_role]:
        raise PermissionDeniedError(
            "Only owners of the template may do this."
            if need_role == Role.OWNER
            else "Readers of a template may apply it but not change it."
        )
    return template
