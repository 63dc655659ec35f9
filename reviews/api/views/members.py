"""``/api/v1/workloads/<id>/members/``: who may see and change the workload."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from mllens.api.conditional import expected_versions, tagged
from mllens.api.pagination import Pagination, paginated
from mllens.api.responses import created
from mllens.errors import current_on_failure, invalid, problem
from reviews.api.serializers import (
    MemberRoleSerializer,
    MemberSelectSerializer,
    MemberSerializer,
    MemberWriteSerializer,
)
from reviews.api.views.common import (
    ERRORS,
    NOT_MODIFIED,
    PRECONDITION,
    READ_ERRORS,
    WorkloadScopedView,
)
from reviews.permissions import Action
from reviews.selectors.members import members_of
from reviews.services.members import member_add, member_remove, member_update


def _find(workload, data: dict):
    members = members_of(workload)
    if "id" in data:
        members = members.filter(pk=data["id"])
    elif "user" in data:
        members = members.filter(user__username=data["user"])
    elif "team" in data:
        members = members.filter(team__name=data["team"])
    else:
        raise invalid(
            problem("REQUIRED", "One of id, user or team.", "id"),
            message="Name the member by id, user or team.",
        )
    member = members.first()
    if member is None:
        raise Http404("No such member.")
    return member


def _by_path(member: str) -> dict:
    """``.../members/<member>/``: a member's id, or a user member's username."""
    return {"id": int(member)} if member.isdigit() else {"user": member}


class MemberListView(WorkloadScopedView):
    pagination_class = Pagination

    @extend_schema(responses={200: MemberSerializer(many=True), **READ_ERRORS}, tags=["members"])
    def get(self, request, workload_id):
        workload = self.workload()
        return paginated(
            self,
            members_of(workload),
            lambda page: MemberSerializer(page, many=True).data,
        )

    @extend_schema(
        request=MemberWriteSerializer,
        responses={201: MemberSerializer, **ERRORS, 409: ERRORS[400]},
        tags=["members"],
    )
    def post(self, request, workload_id):
        workload = self.workload(need=Action.MEMBERS_MANAGE)
        payload = MemberWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = member_add(workload=workload, actor=request.user, **payload.validated_data)
        body = MemberSerializer(member).data
        return created(
            request, body, "api-member-detail", workload_id=workload.pk, member_id=member.pk
        )

    @extend_schema(
        request=MemberSelectSerializer,
        responses={200: MemberSerializer, **ERRORS, 409: ERRORS[400], **PRECONDITION},
        operation_id="workloads_members_update_by_name",
        description="Change a member's role; name the member by `id`, `user` or `team`.",
        tags=["members"],
    )
    def patch(self, request, workload_id):
        workload = self.workload(need=Action.MEMBERS_MANAGE)
        payload = MemberSelectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if "role" not in payload.validated_data:
            raise invalid(
                problem("REQUIRED", "This field is required.", "role"),
                message="The new role is required.",
            )
        member = _find(workload, payload.validated_data)
        with current_on_failure(lambda: _read(workload, str(member.pk))):
            member = member_update(
                member=member,
                actor=request.user,
                role=payload.validated_data["role"],
                expected=expected_versions(request),
            )
        return _tagged(request, MemberSerializer(member).data)

    @extend_schema(
        request=MemberSelectSerializer,
        responses={204: None, **ERRORS, 409: ERRORS[400], **PRECONDITION},
        operation_id="workloads_members_remove_by_name",
        description="Remove a member named by `id`, `user` or `team`.",
        tags=["members"],
    )
    def delete(self, request, workload_id):
        workload = self.workload(need=Action.MEMBERS_MANAGE)
        payload = MemberSelectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = _find(workload, payload.validated_data)
        with current_on_failure(lambda: _read(workload, str(member.pk))):
            member_remove(member=member, actor=request.user, expected=expected_versions(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _read(workload, member_id: str) -> dict:
    return MemberSerializer(_find(workload, _by_path(member_id))).data


def _tagged(request, body: dict) -> Response:
    return tagged(request, Response(body), body["version"])


@extend_schema(
    parameters=[
        OpenApiParameter(
            "member_id",
            str,
            OpenApiParameter.PATH,
            description="The member's `id`, or a user member's username.",
            examples=[OpenApiExample("By id", value="12"), OpenApiExample("By user", "bob")],
        )
    ]
)
class MemberDetailView(WorkloadScopedView):
    @extend_schema(
        responses={200: MemberSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=["members"]
    )
    def get(self, request, workload_id, member_id):
        return _tagged(request, _read(self.workload(), member_id))

    @extend_schema(
        request=MemberRoleSerializer,
        responses={200: MemberSerializer, **ERRORS, 409: ERRORS[400], **PRECONDITION},
        tags=["members"],
    )
    def patch(self, request, workload_id, member_id):
        workload = self.workload(need=Action.MEMBERS_MANAGE)
        expected = expected_versions(request)
        payload = MemberRoleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with current_on_failure(lambda: _read(workload, member_id)):
            member = member_update(
                member=_find(workload, _by_path(member_id)),
                actor=request.user,
                role=payload.validated_data["role"],
                expected=expected,
            )
        return _tagged(request, MemberSerializer(member).data)

    @extend_schema(
        responses={204: None, **ERRORS, 409: ERRORS[400], **PRECONDITION}, tags=["members"]
    )
    def delete(self, request, workload_id, member_id):
        workload = self.workload(need=Action.MEMBERS_MANAGE)
        with current_on_failure(lambda: _read(workload, member_id)):
            member_remove(
                member=_find(workload, _by_path(member_id)),
                actor=request.user,
                expected=expected_versions(request),
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
