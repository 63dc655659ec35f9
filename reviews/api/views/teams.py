"""``/api/v1/teams/``: teams, their members, and the workloads each team reaches.

A team exists for its members and staff; anyone else gets 404. Its managers and staff change
it; other members get 403.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.conditional import expected_versions, tagged
from mllens.api.pagination import Pagination, paginated
from mllens.api.query import QueryParametersChecked
from mllens.api.responses import created
from mllens.errors import PermissionDeniedError, current_on_failure
from reviews.api.team_serializers import (
    TeamDetailSerializer,
    TeamMemberRoleSerializer,
    TeamMemberSerializer,
    TeamMemberWriteSerializer,
    TeamSerializer,
    TeamWriteSerializer,
)
from reviews.api.views.common import ERRORS, NOT_MODIFIED, PRECONDITION, READ_ERRORS
from reviews.selectors.teams import (
    team_can_create,
    team_get_for_user,
    team_member_get,
    team_members,
    team_workloads,
    teams_for_user,
)
from reviews.services.teams import (
    team_create,
    team_delete,
    team_member_add,
    team_member_remove,
    team_member_update,
    team_update,
)

CONFLICT = {409: ERRORS[400]}


class TeamScopedView(QueryParametersChecked, APIView):
    """A view below ``/teams/<team_id>/``: 404 unless the user may see the team."""

    def team(self, *, manage: bool = False):
        return team_get_for_user(self.request.user, self.kwargs["team_id"], manage=manage)

    def options(self, request, *args, **kwargs):
        self.team()
        return super().options(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.team()
        return super().http_method_not_allowed(request, *args, **kwargs)


def _detail(request, team_id) -> dict:
    team = team_get_for_user(request.user, team_id)
    return TeamDetailSerializer(team, context={"workloads": team_workloads(team)}).data


def _tagged(request, body: dict) -> Response:
    return tagged(request, Response(body), body["version"])


class TeamListView(QueryParametersChecked, APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: TeamSerializer(many=True), **READ_ERRORS}, tags=["teams"])
    def get(self, request):
        return paginated(
            self, teams_for_user(request.user), lambda page: TeamSerializer(page, many=True).data
        )

    @extend_schema(
        request=TeamWriteSerializer,
        responses={201: TeamDetailSerializer, **ERRORS, **CONFLICT},
        tags=["teams"],
    )
    def post(self, request):
        if not team_can_create(request.user):
            raise PermissionDeniedError("Only staff and team managers may create teams.")
        payload = TeamWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        team = team_create(actor=request.user, **payload.validated_data)
        return created(request, _detail(request, team.pk), "api-team-detail", team_id=team.pk)


class TeamDetailView(TeamScopedView):
    @extend_schema(
        responses={200: TeamDetailSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=["teams"]
    )
    def get(self, request, team_id):
        return _tagged(request, _detail(request, team_id))

    @extend_schema(
        request=TeamWriteSerializer(partial=True),
        responses={200: TeamDetailSerializer, **ERRORS, **CONFLICT, **PRECONDITION},
        tags=["teams"],
    )
    def patch(self, request, team_id):
        team = self.team(manage=True)
        expected = expected_versions(request)
        payload = TeamWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        with current_on_failure(lambda: _detail(request, team_id)):
            team_update(team=team, actor=request.user, expected=expected, **payload.validated_data)
        return _tagged(request, _detail(request, team_id))

    @extend_schema(
        responses={204: None, **ERRORS, **CONFLICT, **PRECONDITION},
        description="Refused (409 `LAST_OWNER`, naming the workloads) while the team is the "
        "only owner who can act on a workload.",
        tags=["teams"],
    )
    def delete(self, request, team_id):
        team = self.team(manage=True)
        with current_on_failure(lambda: _detail(request, team_id)):
            team_delete(team=team, actor=request.user, expected=expected_versions(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamMemberListView(TeamScopedView):
    pagination_class = Pagination

    @extend_schema(responses={200: TeamMemberSerializer(many=True), **READ_ERRORS}, tags=["teams"])
    def get(self, request, team_id):
        return paginated(
            self, team_members(self.team()), lambda p: TeamMemberSerializer(p, many=True).data
        )

    @extend_schema(
        request=TeamMemberWriteSerializer,
        responses={201: TeamMemberSerializer, **ERRORS, **CONFLICT},
        tags=["teams"],
    )
    def post(self, request, team_id):
        team = self.team(manage=True)
        payload = TeamMemberWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = team_member_add(team=team, actor=request.user, **payload.validated_data)
        body = TeamMemberSerializer(membership).data
        return created(
            request, body, "api-team-member-detail", team_id=team.pk, member=membership.pk
        )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "member",
            str,
            OpenApiParameter.PATH,
            description="The membership's `id`, or the member's username.",
            examples=[OpenApiExample("By id", value="12"), OpenApiExample("By user", "bob")],
        )
    ]
)
class TeamMemberDetailView(TeamScopedView):
    def _read(self, member: str) -> dict:
        return TeamMemberSerializer(team_member_get(self.team(), member)).data

    @extend_schema(
        responses={200: TeamMemberSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=["teams"]
    )
    def get(self, request, team_id, member):
        return _tagged(request, self._read(member))

    @extend_schema(
        request=TeamMemberRoleSerializer,
        responses={200: TeamMemberSerializer, **ERRORS, **PRECONDITION},
        tags=["teams"],
    )
    def patch(self, request, team_id, member):
        team = self.team(manage=True)
        expected = expected_versions(request)
        payload = TeamMemberRoleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with current_on_failure(lambda: self._read(member)):
            membership = team_member_update(
                membership=team_member_get(team, member),
                actor=request.user,
                role=payload.validated_data["role"],
                expected=expected,
            )
        return _tagged(request, TeamMemberSerializer(membership).data)

    @extend_schema(
        responses={204: None, **ERRORS, **CONFLICT, **PRECONDITION},
        description="Refused (409 `LAST_OWNER`, naming the workloads) while the member is the "
        "last person through whom the team can act as owner of a workload.",
        tags=["teams"],
    )
    def delete(self, request, team_id, member):
        team = self.team(manage=True)
        with current_on_failure(lambda: self._read(member)):
            team_member_remove(
                membership=team_member_get(team, member),
                actor=request.user,
                expected=expected_versions(request),
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
