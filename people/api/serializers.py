"""Serializers of the people app's API: invitations and their acceptance."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mllens.api.serializers import InputSerializer
from people.choices import InvitationStatus
from people.models import DISPLAY_NAME_MAX, Invitation
from reviews.api import shapes
from reviews.api.serializers import USER_REF, user_ref
from reviews.choices import Role
from reviews.models import Team


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as its workload's owners see it. The link is never shown: only the
    invitee's mail carries it."""

    role = serializers.ChoiceField(choices=Role.choices, allow_null=True)
    team = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=InvitationStatus.choices)
    invited_by = serializers.SerializerMethodField()
    accepted_by = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "team",
            "status",
            "invited_by",
            "created_at",
            "expires_at",
            "sent_at",
            "send_count",
            "accepted_at",
            "accepted_by",
            "revoked_at",
            "version",
        ]

    def to_representation(self, invitation) -> dict:
        body = super().to_representation(invitation)
        body["role"] = invitation.role or None
        return body

    @extend_schema_field(shapes.TeamRef(allow_null=True))
    def get_team(self, invitation) -> dict | None:
        team = invitation.team
        return None if team is None else {"id": team.pk, "name": team.name}

    @USER_REF
    def get_invited_by(self, invitation) -> dict | None:
        return user_ref(invitation.invited_by)

    @USER_REF
    def get_accepted_by(self, invitation) -> dict | None:
        return user_ref(invitation.accepted_by)


class InvitationCreateSerializer(InputSerializer):
    """Invite an address: with a ``role`` on the workload, or into a ``team`` (a team name;
    staff only, and the team must be a member of the workload)."""

    read_shape = InvitationSerializer

    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    team = serializers.CharField(required=False, max_length=100)

    def validate(self, data):
        if ("role" in data) == ("team" in data):
            raise serializers.ValidationError({"role": "Give exactly one of role or team."})
        if "team" in data:
            team = Team.objects.filter(name=data["team"]).first()
            if team is None:
                raise serializers.ValidationError({"team": "No such team."})
            return {**data, "team": team}
        return data


class InvitationQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=InvitationStatus.choices, required=False, help_text="Only invitations in this state"
    )


class InvitationAcceptSerializer(InputSerializer):
    """Signed in: an empty body. Without an account: the account to make (the address is the
    invited one)."""

    username = serializers.CharField(required=False, max_length=150)
    password = serializers.CharField(required=False, max_length=4096, trim_whitespace=False)
    display_name = serializers.CharField(
        required=False, allow_blank=True, max_length=DISPLAY_NAME_MAX
    )


class WorkloadRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField()


class InvitationAcceptedSerializer(serializers.Serializer):
    """Where the invitation led: the workload, the role or team, and the user."""

    workload = WorkloadRefSerializer()
    role = serializers.ChoiceField(choices=Role.choices, allow_null=True)
    team = shapes.TeamRef(allow_null=True)
    user = shapes.UserRef()
