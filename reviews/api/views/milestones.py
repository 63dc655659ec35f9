"""Milestones, comparison, the risk trend and lens upgrades."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework.response import Response

from mllens.api.errors import ErrorSerializer
from mllens.api.pagination import Pagination, paginated
from mllens.api.query import check_query
from mllens.api.responses import created
from mllens.errors import DomainError
from reviews.api import shapes
from reviews.api.milestone_serializers import (
    CompareQuerySerializer,
    MilestoneDetailSerializer,
    MilestoneNameSerializer,
    MilestoneNameTakenSerializer,
    MilestoneSerializer,
    UpgradeSerializer,
)
from reviews.api.serializers import LensReviewReadSerializer
from reviews.api.views.common import ERRORS, READ_ERRORS, WorkloadScopedView
from reviews.permissions import Action
from reviews.selectors.lens_reviews import lens_review_get, review_body
from reviews.selectors.milestones import (
    milestone_detail_get,
    milestones_of,
    milestones_with_reviews,
    workload_compare,
    workload_trend,
)
from reviews.services.milestones import milestone_create
from reviews.services.upgrades import lens_review_upgrade


class MilestoneListView(WorkloadScopedView):
    pagination_class = Pagination

    @extend_schema(
        responses={200: MilestoneSerializer(many=True), **READ_ERRORS}, tags=["milestones"]
    )
    def get(self, request, workload_id):
        workload = self.workload()
        milestones = milestones_with_reviews(milestones_of(workload), whole=False)
        return paginated(self, milestones, lambda page: MilestoneSerializer(page, many=True).data)

    @extend_schema(
        request=MilestoneNameSerializer,
        responses={201: MilestoneDetailSerializer, **ERRORS, 409: MilestoneNameTakenSerializer},
        tags=["milestones"],
    )
    def post(self, request, workload_id):
        workload = self.workload(need=Action.MILESTONE_CREATE)
        payload = MilestoneNameSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            milestone = milestone_create(
                workload=workload, name=payload.validated_data["name"], actor=request.user
            )
        except DomainError as error:
            if existing := error.extra.get("milestone"):
                existing["url"] = request.build_absolute_uri(
                    reverse(
                        "api-milestone-detail",
                        kwargs={"workload_id": workload.pk, "number": existing["number"]},
                    )
                )
            raise
        milestone = milestone_detail_get(workload, milestone.number)
        body = MilestoneDetailSerializer(milestone, context={"request": request}).data
        return created(
            request, body, "api-milestone-detail", workload_id=workload.pk, number=milestone.number
        )


class MilestoneDetailView(WorkloadScopedView):
    @extend_schema(responses={200: MilestoneDetailSerializer, **READ_ERRORS}, tags=["milestones"])
    def get(self, request, workload_id, number):
        milestone = milestone_detail_get(self.workload(), number)
        body = MilestoneDetailSerializer(milestone, context={"request": request}).data
        return Response(body)


class CompareView(WorkloadScopedView):
    query_serializer = CompareQuerySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("base", int, required=True, description="Milestone number"),
            OpenApiParameter(
                "target", str, required=True, description="Milestone number or `current`"
            ),
        ],
        responses={200: shapes.Comparison, **READ_ERRORS, 400: ErrorSerializer},
        tags=["milestones"],
    )
    def get(self, request, workload_id):
        workload = self.workload(need=Action.COMPARE)
        # initial() checked a query; an empty one lacks `base`.
        if error := check_query(request.query_params, CompareQuerySerializer):
            raise error
        query = CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = workload_compare(workload, **query.validated_data)
        body = shapes.Comparison(result, context={"request": request}).data
        return Response(body)


class TrendView(WorkloadScopedView):
    pagination_class = Pagination

    @extend_schema(
        responses={
            200: shapes.TrendPoint(many=True),
            **READ_ERRORS,
        },
        tags=["milestones"],
    )
    def get(self, request, workload_id):
        return paginated(self, workload_trend(self.workload(need=Action.COMPARE)))


class UpgradeView(WorkloadScopedView):
    @extend_schema(
        request=UpgradeSerializer,
        responses={200: LensReviewReadSerializer, **ERRORS, 409: ErrorSerializer},
        description="Record a milestone, then move the review to the latest published version.",
        tags=["reviews"],
    )
    def post(self, request, workload_id, slug):
        workload = self.workload(need=Action.REVIEW_UPGRADE)
        review = lens_review_get(workload, slug)
        payload = UpgradeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        _, milestone = lens_review_upgrade(
            review=review,
            actor=request.user,
            milestone_name=payload.validated_data["milestone_name"],
        )
        body = review_body(lens_review_get(workload, slug))
        return Response({**body, "milestone": milestone.number})
