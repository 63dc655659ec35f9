"""``/api/v1/auth/tokens/``: the caller's named API tokens (list, make, read, revoke)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.errors import ErrorSerializer
from mllens.api.pagination import Pagination, paginated
from mllens.api.query import QueryParametersChecked
from mllens.api.responses import created
from people.api.token_serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    ApiTokenWriteSerializer,
)
from people.selectors.tokens import token_get_for_user, tokens_for_user
from people.services.tokens import token_create, token_revoke

READ_ERRORS = {401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
ERRORS = {400: ErrorSerializer, **READ_ERRORS}


class ApiTokenListView(QueryParametersChecked, APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: ApiTokenSerializer(many=True), **READ_ERRORS}, tags=["auth"])
    def get(self, request):
        return paginated(
            self,
            tokens_for_user(request.user),
            lambda page: ApiTokenSerializer(page, many=True).data,
        )

    @extend_schema(
        request=ApiTokenWriteSerializer,
        responses={201: ApiTokenCreatedSerializer, **ERRORS},
        tags=["auth"],
    )
    def post(self, request):
        payload = ApiTokenWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        token, key = token_create(user=request.user, **payload.validated_data)
        body = {**ApiTokenSerializer(token).data, "key": key}
        return created(request, body, "api-auth-token-detail", token_id=token.pk)


class ApiTokenDetailView(QueryParametersChecked, APIView):
    @extend_schema(responses={200: ApiTokenSerializer, **READ_ERRORS}, tags=["auth"])
    def get(self, request, token_id):
        return Response(ApiTokenSerializer(token_get_for_user(request.user, token_id)).data)

    @extend_schema(responses={204: None, **READ_ERRORS}, tags=["auth"])
    def delete(self, request, token_id):
        token_revoke(token=token_get_for_user(request.user, token_id))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def options(self, request, *args, **kwargs):
        token_get_for_user(request.user, kwargs["token_id"])  # 404 for others' tokens
        return super().options(request, *args, **kwargs)
