"""Workloads, the teams that review them, and who may do what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from reviews.choices import Environment, ImprovementStatus, Role
from reviews.limits import MAX_NOTES
from reviews.models.counts import RiskCounts


class TeamRole(models.TextChoices):
    """A team member's place in the team: managers add and remove members."""

    MANAGER = "MANAGER", "Manager"
    MEMBER = "MEMBER", "Member"


class Team(models.Model):
    """People who share roles on workloads: a team member gets the team's role there."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=500, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="review_teams", through="TeamMembership"
    )
    # Bumped by every change of what the API shows of the team (its ETag; If-Match).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """A user in a team, as a plain member or as one of its managers."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        # The table Django made for the plain many-to-many: existing rows stay.
        db_table = "reviews_team_members"
        ordering = ["team", "id"]
        unique_together = [("team", "user")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


class Workload(RiskCounts):
    """A system under review. Risk counts are summed over its lens reviews."""

    name = models.CharField(max_length=100)
    description = models.TextField(max_length=2000, blank=True)
    environment = models.CharField(
        max_length=16, choices=Environment.choices, default=Environment.PREPRODUCTION
    )
    review_owner = models.CharField(max_length=255, blank=True)
    industry_type = models.CharField(max_length=100, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    aws_regions = models.JSONField(default=list, blank=True)
    non_aws_regions = models.JSONField(default=list, blank=True)
    account_ids = models.JSONField(default=list, blank=True)
    architectural_design = models.URLField(max_length=2048, blank=True)
    notes = models.TextField(max_length=MAX_NOTES, blank=True)
    pillar_priorities = models.JSONField(default=list, blank=True)
    improvement_status = models.CharField(
        max_length=20, choices=ImprovementStatus.choices, default=ImprovementStatus.NOT_STARTED
    )
    tags = models.JSONField(default=dict, blank=True)
    # Bumped by every change of what the API shows of the workload (its ETag; If-Match).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["high_count"])]

    def __str__(self) -> str:
        return self.name


class WorkloadMember(models.Model):
    """A user or a team with a role on a workload (exactly one of the two)."""

    workload = models.ForeignKey(Workload, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workload_memberships",
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="workload_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workload", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(team__isnull=True))
                | (Q(user__isnull=True) & Q(team__isnull=False)),
                name="reviews_member_user_xor_team",
            ),
            models.UniqueConstraint(
                fields=["workload", "user"],
                condition=Q(user__isnull=False),
                name="reviews_member_unique_user",
            ),
            models.UniqueConstraint(
                fields=["workload", "team"],
                condition=Q(team__isnull=False),
                name="reviews_member_unique_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.team} ({self.role})"
