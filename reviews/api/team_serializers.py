"""Shapes of ``/api/v1/teams/``: teams, their members and the workloads they reach."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mllens.api.serializers import InputSerializer
from reviews.api import shapes
from reviews.api.serializers import USER_REF, UserWriteField, user_ref
from reviews.choices import Role
from reviews.models import Team, TeamMembership, TeamRole, WorkloadMember


class TeamSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "description", "member_count", "created_at", "version"]


class TeamWorkloadSerializer(serializers.ModelSerializer):
    """A workload the team is a member of, with the role it gives the team's members."""

    workload = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = WorkloadMember
        fields = ["workload", "role"]

    @extend_schema_field(shapes.TeamRef)  # the same {id, name} pair
    def get_workload(self, member) -> dict:
        return {"id": member.workload_id, "name": member.workload.name}


class TeamDetailSerializer(TeamSerializer):
    workloads = serializers.SerializerMethodField()

    class Meta(TeamSerializer.Meta):
        fields = [*TeamSerializer.Meta.fields, "workloads"]

    @extend_schema_field(TeamWorkloadSerializer(many=True))
    def get_workloads(self, team) -> list[dict]:
        return TeamWorkloadSerializer(self.context["workloads"], many=True).data


class TeamWriteSerializer(InputSerializer):
    read_shape = TeamDetailSerializer

    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A team needs a name.", code="blank")
        return value


class TeamMemberSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=TeamRole.choices)

    class Meta:
        model = TeamMembership
        fields = ["id", "user", "role", "created_at", "version"]

    @USER_REF
    def get_user(self, membership) -> dict | None:
        return user_ref(membership.user)


class TeamMemberWriteSerializer(InputSerializer):
    """Add a member: an active user, as ``MEMBER`` (the default) or ``MANAGER``."""

    read_shape = TeamMemberSerializer

    user = UserWriteField()
    role = serializers.ChoiceField(choices=TeamRole.choices, required=False)

    def validate(self, data):
        found = get_user_model().objects.filter(username=data["user"], is_active=True).first()
        if found is None:
            raise serializers.ValidationError({"user": "No such user."})
        return {**data, "user": found}


class TeamMemberRoleSerializer(InputSerializer):
    read_shape = TeamMemberSerializer

    role = serializers.ChoiceField(choices=TeamRole.choices)
