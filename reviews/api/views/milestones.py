"""Milestones, comparison, the risk trend and lens upgrades."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response

from mllens.api.errors import ErrorSerializer
from mllens.api.query import check_query
from mllens.api.responses import created
from mllens.errors import DomainError
from reviews.api.milestone_serializers import (
    CompareQuerySerializer,
    MilestoneDetailSerializer,
    MilestoneNameSerializer,
    MilestoneRefField,
    MilestoneSerializer,
    UpgradeSerializer,
)
from reviews.api.serializers import RiskCountsSerializer
from reviews.api.views.common import ERRORS, READ_ERRORS, WorkloadScopedView
from reviews.models import Milestone, MilestoneReview
from reviews.permissions import Action
from reviews.selectors.lens_reviews import lens_review_get, review_body
from reviews.selectors.milestones import milestones_of, workload_compare, workload_trend
from reviews.selectors.snapshots import milestone_get
from reviews.services.milestones import milestone_create
from reviews.services.upgrades import lens_review_upgrade

# A lens version's document is large and never shown here; a list needs no answers either.
SNAPSHOT_ONLY = ("answers", "improvement_items", "risk_summary", "notes", "pillar_notes")


def _with_reviews(queryset, *, whole: bool = True):
    reviews = MilestoneReview.objects.select_related("lens", "lens_version").defer(
        "lens_version__document", *(() if whole else SNAPSHOT_ONLY)
    )
    return queryset.select_related("created_by").prefetch_related(
        Prefetch("reviews", queryset=reviews.order_by("id"))
    )


class MilestoneListView(WorkloadScopedView):
    @extend_schema(
        responses={200: MilestoneSerializer(many=True), **READ_ERRORS}, tags=["milestones"]
    )
    def get(self, request, workload_id):
        workload = self.workload()
        milestones = _with_reviews(milestones_of(workload), whole=False)
        return Response(MilestoneSerializer(milestones, many=True).data)

    @extend_schema(
        request=MilestoneNameSerializer,
        responses={201: MilestoneDetailSerializer, **ERRORS, 409: ErrorSerializer},
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
            if existing := getattr(error, "extra", {}).get("milestone"):
                existing["url"] = request.build_absolute_uri(
                    reverse(
                        "api-milestone-detail",
                        kwargs={"workload_id": workload.pk, "number": existing["number"]},
                    )
                )
            raise
        milestone = _with_reviews(Milestone.objects.filter(pk=milestone.pk)).get()
        body = MilestoneDetailSerializer(milestone).data
        return created(
            request, body, "api-milestone-detail", workload_id=workload.pk, number=milestone.number
        )


class MilestoneDetailView(WorkloadScopedView):
    @extend_schema(responses={200: MilestoneDetailSerializer, **READ_ERRORS}, tags=["milestones"])
    def get(self, request, workload_id, number):
        milestone = milestone_get(self.workload(), number)
        milestone = _with_reviews(Milestone.objects.filter(pk=milestone.pk)).get()
        return Response(MilestoneDetailSerializer(milestone).data)


class CompareView(WorkloadScopedView):
    query_serializer = CompareQuerySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("base", int, required=True, description="Milestone number"),
            OpenApiParameter(
                "target", str, required=True, description="Milestone number or `current`"
            ),
        ],
        responses={200: {"type": "object"}, **READ_ERRORS, 400: ErrorSerializer},
        tags=["milestones"],
    )
    def get(self, request, workload_id):
        workload = self.workload(need=Action.COMPARE)
        # Checked by the middleware when there is a query; an empty one lacks `base`.
        if error := check_query(request.query_params, CompareQuerySerializer):
            raise error
        query = CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(workload_compare(workload, **query.validated_data))


class TrendView(WorkloadScopedView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "TrendPoint",
                {
                    "milestone": MilestoneRefField(),
                    "name": serializers.CharField(),
                    "recorded_at": serializers.DateTimeField(allow_null=True),
                    "risk_counts": RiskCountsSerializer(),
                },
                many=True,
            ),
            **READ_ERRORS,
        },
        tags=["milestones"],
    )
    def get(self, request, workload_id):
        return Response(workload_trend(self.workload(need=Action.COMPARE)))


class UpgradeView(WorkloadScopedView):
    @extend_schema(
        request=UpgradeSerializer,
        responses={200: {"type": "object"}, **ERRORS, 409: ErrorSerializer},
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
