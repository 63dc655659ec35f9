"""``/api/v1/workloads/<id>/invitations/`` (owners and staff) and
``/api/v1/invitations/<token>/accept`` (the invitee)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.conditional import expected_versions, tagged
from mllens.api.errors import ErrorSerializer
from mllens.api.pagination import Pagination, paginated
from mllens.api.query import QueryParametersChecked
from mllens.api.responses import created
from mllens.api.serializers import EmptyBodySerializer
from mllens.errors import current_on_failure, invalid, problem
from people.api.serializers import (
    InvitationAcceptedSerializer,
    InvitationAcceptSerializer,
    InvitationCreateSerializer,
    InvitationQuerySerializer,
    InvitationSerializer,
)
from people.selectors.invitations import invitation_by_token, invitation_of, invitations_of
from people.services.accounts import account_create_from_invitation
from people.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from reviews.api.views.common import ERRORS, NOT_MODIFIED, PRECONDITION, READ_ERRORS
from reviews.api.views.common import WorkloadScopedView as _Scoped
from reviews.permissions import Action

CONFLICT = {409: ErrorSerializer}


class InvitationScopedView(_Scoped):
    """Invitations are the owners' business: others who see the workload get 403."""

    def managed_workload(self):
        return self.workload(need=Action.MEMBERS_MANAGE)

    def change(self, service, invitation_id):
        """Run ``service`` on the invitation under ``If-Match`` (a 412 carries it as read)."""
        workload = self.managed_workload()
        invitation = invitation_of(workload, invitation_id)
        with current_on_failure(
            lambda: InvitationSerializer(invitation_of(workload, invitation_id)).data
        ):
            return service(
                invitation=invitation,
                actor=self.request.user,
                expected=expected_versions(self.request),
            )


def _tagged(request, invitation, code: int = 200) -> Response:
    body = InvitationSerializer(invitation).data
    return tagged(request, Response(body, status=code), body["version"])


class InvitationListView(InvitationScopedView):
    pagination_class = Pagination
    query_serializer = InvitationQuerySerializer

    @extend_schema(
        responses={200: InvitationSerializer(many=True), **READ_ERRORS}, tags=["invitations"]
    )
    def get(self, request, workload_id):
        workload = self.managed_workload()
        query = InvitationQuerySerializer(data=request.GET)
        query.is_valid(raise_exception=True)
        return paginated(
            self,
            invitations_of(workload, status=query.validated_data.get("status", "")),
            lambda page: InvitationSerializer(page, many=True).data,
            was_array=False,
        )

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, **ERRORS, **CONFLICT},
        tags=["invitations"],
    )
    def post(self, request, workload_id):
        workload = self.managed_workload()
        payload = InvitationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation = invitation_create(
            workload=workload, actor=request.user, **payload.validated_data
        )
        response = created(
            request,
            InvitationSerializer(invitation).data,
            "api-invitation-detail",
            workload_id=workload.pk,
            invitation_id=invitation.pk,
        )
        response["ETag"] = f'"{invitation.version}"'
        return response


class InvitationDetailView(InvitationScopedView):
    @extend_schema(
        responses={200: InvitationSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=["invitations"]
    )
    def get(self, request, workload_id, invitation_id):
        return _tagged(request, invitation_of(self.managed_workload(), invitation_id))

    @extend_schema(
        request=None,
        responses={204: None, **ERRORS, **CONFLICT, **PRECONDITION},
        tags=["invitations"],
    )
    def delete(self, request, workload_id, invitation_id):
        self.change(invitation_revoke, invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationResendView(InvitationScopedView):
    @extend_schema(
        request=None,
        responses={200: InvitationSerializer, **ERRORS, **CONFLICT, **PRECONDITION},
        tags=["invitations"],
    )
    def post(self, request, workload_id, invitation_id):
        EmptyBodySerializer(data=request.data).is_valid(raise_exception=True)
        return _tagged(request, self.change(invitation_resend, invitation_id))


def _accepted(request, invitation, user) -> dict:
    workload = invitation.workload
    team = invitation.team
    return {
        "workload": {
            "id": workload.pk,
            "name": workload.name,
            "url": request.build_absolute_uri(
                reverse("api-workload-detail", kwargs={"workload_id": workload.pk})
            ),
        },
        "role": invitation.role or None,
        "team": None if team is None else {"id": team.pk, "name": team.name},
        "user": {"id": user.pk, "username": user.get_username()},
    }


@extend_schema(
    parameters=[
        OpenApiParameter(
            "token",
            str,
            OpenApiParameter.PATH,
            description="The token of the invitation link (the last part of its address).",
        )
    ]
)
class InvitationAcceptView(QueryParametersChecked, APIView):
    """Anyone may call it: the token is the credential. Signed in, the caller accepts; without
    credentials, the body makes the account that accepts."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=InvitationAcceptSerializer,
        responses={
            200: InvitationAcceptedSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            **CONFLICT,
        },
        tags=["invitations"],
    )
    def post(self, request, token):
        payload = InvitationAcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation = invitation_by_token(token)
        data = payload.validated_data
        if request.user.is_authenticated:
            if data:
                raise invalid(
                    *(problem("SIGNED_IN", "Not taken when signed in.", name) for name in data),
                    message="You are signed in: the invitation goes to your account.",
                )
            invitation = invitation_accept(invitation=invitation, user=request.user)
            return Response(_accepted(request, invitation, request.user))
        missing = [name for name in ("username", "password") if not data.get(name)]
        if missing:
            raise invalid(
                *(problem("REQUIRED", "This field is required.", name) for name in missing),
                message="Sign in to accept, or give a username and password for a new account.",
            )
        # Not signed in here: a script gets a token with POST /api/v1/auth/token/ (a session
        # made from a cross-site post would sign a browser into someone else's account).
        user = account_create_from_invitation(invitation=invitation, **data)
        invitation.refresh_from_db()
        return Response(_accepted(request, invitation, user))
