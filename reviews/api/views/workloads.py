"""``/api/v1/workloads/``: list, create, read, change and delete workloads."""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ErrorDetail as FieldError
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from mllens.api.conditional import expected_versions, tagged
from mllens.api.errors import ErrorSerializer
from mllens.api.pagination import UpdatedFirstPagination, paginated
from mllens.api.query import QueryParametersChecked
from mllens.api.responses import created
from mllens.errors import current_on_failure, invalid, problem
from reviews.api.serializers import (
    WorkloadDetailSerializer,
    WorkloadQuerySerializer,
    WorkloadSerializer,
    WorkloadWriteSerializer,
)
from reviews.api.views.common import (
    ERRORS,
    NOT_MODIFIED,
    PRECONDITION,
    READ_ERRORS,
    WorkloadScopedView,
    lenses_named,
)
from reviews.choices import Environment, Role
from reviews.models import Workload
from reviews.permissions import Action
from reviews.selectors.workloads import workload_list_for_user
from reviews.services.workloads import workload_create, workload_delete, workload_update

BOOLEANS = ("true", "false", "1", "0")


class WorkloadFilter(filters.FilterSet):
    name = filters.CharFilter(help_text="Part of the name, any case")
    environment = filters.ChoiceFilter(choices=Environment.choices)
    lens = filters.CharFilter(help_text="Slug of an applied lens")
    has_high_risks = filters.BooleanFilter()

    def is_valid(self) -> bool:
        # django-filter reads an unknown boolean as "no filter"; a typo must not list everything.
        value = self.data.get("has_high_risks", "")
        if value and value.lower() not in BOOLEANS:
            self.form.add_error("has_high_risks", "Use true or false.")
        return super().is_valid()


class WorkloadListView(QueryParametersChecked, ListAPIView):
    serializer_class = WorkloadSerializer
    query_serializer = WorkloadQuerySerializer
    filter_backends = []
    pagination_class = UpdatedFirstPagination

    def get_queryset(self):
        params = WorkloadFilter(self.request.query_params, queryset=Workload.objects.none())
        if not params.is_valid():
            # Keep the form's codes (`invalid_choice`, ...): a bad `?environment=` gets the item
            # code a bad body `environment` gets.
            raise ValidationError(
                {
                    name: [FieldError(m, code=e.code or "invalid") for e in errs for m in e]
                    for name, errs in params.form.errors.as_data().items()
                }
            )
        data = {k: v for k, v in params.form.cleaned_data.items() if v not in (None, "")}
        return workload_list_for_user(self.request.user, **data).select_related(
            "created_by", "updated_by"
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("name", str),
            OpenApiParameter("environment", str, enum=Environment.values),
            OpenApiParameter("lens", str),
            OpenApiParameter("has_high_risks", bool),
        ],
        responses={200: WorkloadSerializer(many=True), **READ_ERRORS, 400: ErrorSerializer},
        tags=["workloads"],
    )
    def get(self, request, *args, **kwargs):
        return paginated(
            self,
            self.get_queryset(),
            lambda page: self.get_serializer(page, many=True).data,
            UpdatedFirstPagination,
            was_array=False,
        )

    @extend_schema(
        request=WorkloadWriteSerializer,
        responses={201: WorkloadDetailSerializer, **ERRORS},
        tags=["workloads"],
    )
    def post(self, request):
        payload = WorkloadWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        lenses = lenses_named(request.user, data.pop("lenses", []))
        workload = workload_create(user=request.user, lenses=lenses, **data)
        workload = workload_list_for_user(request.user).get(pk=workload.pk)
        body = WorkloadDetailSerializer(workload, context={"role": Role.OWNER.value}).data
        return created(request, body, "api-workload-detail", workload_id=workload.pk)


class WorkloadDetailView(WorkloadScopedView):
    def _read(self, workload):
        workload = (
            workload_list_for_user(self.request.user)
            .select_related("created_by", "updated_by")
            .get(pk=workload.pk)
        )
        return WorkloadDetailSerializer(workload, context={"role": self.role.value}).data

    def _answer(self, body: dict) -> Response:
        return tagged(self.request, Response(body), body["version"])

    @extend_schema(
        responses={200: WorkloadDetailSerializer, **READ_ERRORS, **NOT_MODIFIED},
        tags=["workloads"],
    )
    def get(self, request, workload_id):
        return self._answer(self._read(self.workload()))

    @extend_schema(
        request=WorkloadWriteSerializer(partial=True),
        responses={200: WorkloadDetailSerializer, **ERRORS, **PRECONDITION},
        tags=["workloads"],
    )
    def patch(self, request, workload_id):
        workload = self.workload(need=Action.WORKLOAD_EDIT)
        expected = expected_versions(request)
        payload = WorkloadWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "lenses" in data:
            raise invalid(
                problem("READ_ONLY", "Use the reviews endpoint.", "lenses"),
                message="Apply or remove lenses through /reviews/.",
            )
        with current_on_failure(lambda: self._read(workload)):
            workload_update(workload=workload, user=request.user, expected=expected, **data)
        return self._answer(self._read(workload))

    @extend_schema(responses={204: None, **ERRORS, **PRECONDITION}, tags=["workloads"])
    def delete(self, request, workload_id):
        workload = self.workload(need=Action.WORKLOAD_DELETE)
        with current_on_failure(lambda: self._read(workload)):
            workload_delete(
                workload=workload, user=request.user, expected=expected_versions(request)
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
