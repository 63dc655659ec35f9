"""Lens reviews of a workload, their answers with history, improvement plans and activity."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from catalog import selectors as catalog_selectors
from catalog.choices import Risk
from mllens.api.conditional import expected_versions, tagged
from mllens.api.errors import ErrorSerializer
from mllens.api.pagination import ActivityPagination, Pagination, paginated
from mllens.api.query import invalid_parameter
from mllens.api.responses import created
from mllens.errors import PreconditionFailed, current_on_failure, invalid, problem
from reviews.api import shapes
from reviews.api.serializers import (
    ActivitySerializer,
    AnswerChangeSerializer,
    AnswerQuerySerializer,
    AnswerSerializer,
    AnswerWriteSerializer,
    ImprovementItemWriteSerializer,
    ImprovementQuerySerializer,
    LensReviewCreateSerializer,
    LensReviewNotesSerializer,
    LensReviewReadSerializer,
    MilestoneQuerySerializer,
)
from reviews.api.views.common import (
    ERRORS,
    NOT_MODIFIED,
    PRECONDITION,
    READ_ERRORS,
    WorkloadScopedView,
)
from reviews.choices import ItemStatus
from reviews.permissions import Action
from reviews.selectors.activity import activity_for, activity_object_paths
from reviews.selectors.answers import answer_get, answers_with_tree
from reviews.selectors.improvements import improvement_plan, improvement_plan_from
from reviews.selectors.lens_reviews import lens_review_get, review_bodies, review_body
from reviews.selectors.snapshots import (
    filter_answers,
    milestone_review_get,
    snapshot_answers,
    snapshot_items,
)
from reviews.services.answers import AnswerConflict, answer_save
from reviews.services.improvements import improvement_item_update
from reviews.services.lens_reviews import (
    lens_review_create,
    lens_review_delete,
    lens_review_update_notes,
)

MILESTONE = OpenApiParameter(
    "milestone", int, description="Answer from this milestone's snapshot instead of now"
)


def _milestone(request) -> int | None:
    """``?milestone=``: a milestone number (checked before the view: mllens.api.query)."""
    value = request.query_params.get("milestone")
    return int(value) if value else None


class LensReviewListView(WorkloadScopedView):
    pagination_class = Pagination

    @extend_schema(
        responses={200: LensReviewReadSerializer(many=True), **READ_ERRORS}, tags=["reviews"]
    )
    def get(self, request, workload_id):
        workload = self.workload()
        reviews = workload.lens_reviews.select_related("lens", "lens_version").prefetch_related(
            "lens_version__pillars", "lens_version__phases"
        )
        return paginated(self, reviews.order_by("id"), review_bodies)

    @extend_schema(
        request=LensReviewCreateSerializer,
        responses={201: LensReviewReadSerializer, **ERRORS, 409: ErrorSerializer},
        tags=["reviews"],
    )
    def post(self, request, workload_id):
        workload = self.workload(need=Action.REVIEW_ADD)
        payload = LensReviewCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lens = (
            catalog_selectors.lens_list_for_user(request.user)
            .filter(slug=payload.validated_data["lens"])
            .first()
        )
        if lens is None:
            raise invalid(
                problem("NOT_FOUND", "No lens with this slug.", "lens"), message="No such lens."
            )
        review = lens_review_create(workload=workload, lens=lens, actor=request.user)
        return created(
            request,
            review_body(review),
            "api-review-detail",
            workload_id=workload.pk,
            slug=lens.slug,
        )


class LensReviewDetailView(WorkloadScopedView):
    query_serializer = MilestoneQuerySerializer

    def _read(self, workload, slug) -> dict:
        return review_body(lens_review_get(workload, slug))

    def _answer(self, body: dict) -> Response:
        return tagged(self.request, Response(body), body["version"])

    @extend_schema(
        parameters=[MILESTONE],
        responses={
            200: LensReviewReadSerializer,
            **READ_ERRORS,
            400: ErrorSerializer,
            **NOT_MODIFIED,
        },
        tags=["reviews"],
    )
    def get(self, request, workload_id, slug):
        workload = self.workload()
        if number := _milestone(request):
            return Response(review_body(milestone_review_get(workload, number, slug), live=False))
        return self._answer(self._read(workload, slug))

    @extend_schema(
        request=LensReviewNotesSerializer,
        responses={200: LensReviewReadSerializer, **ERRORS, **PRECONDITION},
        tags=["reviews"],
    )
    def patch(self, request, workload_id, slug):
        workload = self.workload(need=Action.NOTES)
        review = lens_review_get(workload, slug)
        expected = expected_versions(request)
        payload = LensReviewNotesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with current_on_failure(lambda: self._read(workload, slug)):
            review = lens_review_update_notes(
                review=review, actor=request.user, expected=expected, **payload.validated_data
            )
        return self._answer(review_body(review))

    @extend_schema(responses={204: None, **ERRORS, **PRECONDITION}, tags=["reviews"])
    def delete(self, request, workload_id, slug):
        workload = self.workload(need=Action.REVIEW_REMOVE)
        review = lens_review_get(workload, slug)
        with current_on_failure(lambda: self._read(workload, slug)):
            lens_review_delete(
                review=review, actor=request.user, expected=expected_versions(request)
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnswerListView(WorkloadScopedView):
    pagination_class = Pagination
    query_serializer = AnswerQuerySerializer

    @extend_schema(
        parameters=[
            MILESTONE,
            OpenApiParameter("pillar", str),
            OpenApiParameter("phase", str),
            OpenApiParameter(
                "risk", str, description="One or more risks, comma-separated", enum=Risk.values
            ),
        ],
        responses={200: AnswerSerializer(many=True), **READ_ERRORS, 400: ErrorSerializer},
        tags=["answers"],
    )
    def get(self, request, workload_id, slug):
        workload = self.workload()
        # Names and `risk` were checked before the view (mllens.api.query).
        params = {k: request.query_params.get(k, "") for k in ("pillar", "phase", "risk")}
        if number := _milestone(request):
            review = milestone_review_get(workload, number, slug)
            _keys_check(review.lens_version, params)
            answers = filter_answers(snapshot_answers(review), **params)
            return paginated(self, answers, lambda page: AnswerSerializer(page, many=True).data)
        review = lens_review_get(workload, slug)
        _keys_check(review.lens_version, params)
        answers, tree = answers_with_tree(review, **params)
        return paginated(
            self,
            answers,
            lambda page: AnswerSerializer(page, many=True, context={"tree": tree}).data,
        )


def _keys_check(lens_version, params: dict) -> None:
    """``?pillar=`` and ``?phase=`` must name one of the lens version's (a typo is a 400,
    not an empty list)."""
    for name, related in (("pillar", lens_version.pillars), ("phase", lens_version.phases)):
        key = params[name]
        if key and not related.filter(key=key).exists():
            known = ", ".join(related.values_list("key", flat=True))
            raise invalid_parameter(name, f"No {name} {key!r} in this lens (use {known}).")


class AnswerDetailView(WorkloadScopedView):
    query_serializer = MilestoneQuerySerializer

    @extend_schema(
        parameters=[MILESTONE],
        responses={200: AnswerSerializer, **READ_ERRORS, 400: ErrorSerializer, **NOT_MODIFIED},
        tags=["answers"],
    )
    def get(self, request, workload_id, slug, question_key):
        workload = self.workload()
        if number := _milestone(request):
            review = milestone_review_get(workload, number, slug)
            found = [a for a in snapshot_answers(review) if a.question_key == question_key]
            if not found:
                raise Http404("No such question at that milestone.")
            return Response(AnswerSerializer(found[0]).data)
        review = lens_review_get(workload, slug)
        body = AnswerSerializer(answer_get(review, question_key)).data
        return tagged(request, Response(body), body["version"])

    @extend_schema(
        request=AnswerWriteSerializer,
        responses={200: AnswerSerializer, **ERRORS, 409: ErrorSerializer, **PRECONDITION},
        description="Change an answer. `version` must be the answer's current version; "
        "otherwise 409 with the current answer under `current`, and nothing changes. "
        "`If-Match` with the answer's ETag may stand in for the body's `version` "
        "(a mismatch is 412 with `current`).",
        tags=["answers"],
    )
    def patch(self, request, workload_id, slug, question_key):
        expected = expected_versions(request)
        data = request.data
        if expected and len(expected) == 1 and isinstance(data, dict) and "version" not in data:
            data = {**data, "version": next(iter(expected))}
        payload = AnswerWriteSerializer(data=data)
        if not payload.is_valid():
            # Who may not see or change the workload learns nothing from their payload.
            lens_review_get(self.workload(need=Action.ANSWER), slug)
            payload.is_valid(raise_exception=True)
        if expected is not None and payload.validated_data["version"] not in expected:
            # The body names a version If-Match does not: one of them is stale.
            review = lens_review_get(self.workload(need=Action.ANSWER), slug)
            current = AnswerSerializer(answer_get(review, question_key)).data
            raise PreconditionFailed(current=current)
        # The service checks access, locks, writes and returns what it wrote, in one
        # transaction of its own; the body is built from that, nothing is read back.
        try:
            answer = answer_save(
                user=request.user,
                workload_id=workload_id,
                slug=slug,
                question_key=question_key,
                **payload.validated_data,
            )
        except AnswerConflict as conflict:
            # The current answer exactly as a GET shows it.
            conflict.current = AnswerSerializer(conflict.answer).data
            if expected is not None and conflict.answer.version not in expected:
                failure = PreconditionFailed(current=conflict.current)
                raise failure from None
            raise
        body = AnswerSerializer(answer).data
        return tagged(request, Response(body), body["version"])


class AnswerHistoryView(WorkloadScopedView):
    pagination_class = Pagination

    @extend_schema(
        responses={200: AnswerChangeSerializer(many=True), **READ_ERRORS}, tags=["answers"]
    )
    def get(self, request, workload_id, slug, question_key):
        review = lens_review_get(self.workload(), slug)
        answer = answer_get(review, question_key)
        changes = answer.history.select_related("actor").order_by("-version")
        return paginated(self, changes, lambda page: AnswerChangeSerializer(page, many=True).data)


class ImprovementListView(WorkloadScopedView):
    pagination_class = Pagination
    query_serializer = ImprovementQuerySerializer

    @extend_schema(
        parameters=[
            MILESTONE,
            OpenApiParameter(
                "status", str, description="Comma-separated item statuses", enum=ItemStatus.values
            ),
        ],
        responses={200: shapes.ImprovementEntry(many=True), **READ_ERRORS, 400: ErrorSerializer},
        tags=["improvements"],
    )
    def get(self, request, workload_id, slug):
        workload = self.workload()
        # Checked before the view (mllens.api.query): a typo is a 400, not an empty plan.
        status_filter = request.query_params.get("status", "")
        if number := _milestone(request):
            review = milestone_review_get(workload, number, slug)
            return paginated(
                self,
                improvement_plan_from(
                    answers=snapshot_answers(review),
                    items=snapshot_items(review),
                    pillar_priorities=review.milestone.workload_data.get("pillar_priorities"),
                    status=status_filter,
                ),
            )
        review = lens_review_get(workload, slug)
        return paginated(self, improvement_plan(review, status=status_filter))


class ImprovementItemView(WorkloadScopedView):
    @extend_schema(
        request=ImprovementItemWriteSerializer,
        responses={200: shapes.ImprovementItemUpdated, **ERRORS, **PRECONDITION},
        tags=["improvements"],
    )
    def patch(self, request, workload_id, slug, question_key, choice_key):
        workload = self.workload(need=Action.IMPROVEMENT_TRACK)
        review = lens_review_get(workload, slug)
        expected = expected_versions(request)
        payload = ImprovementItemWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = improvement_item_update(
            review=review,
            question_key=question_key,
            choice_key=choice_key,
            actor=request.user,
            expected=expected,
            **payload.validated_data,
        )
        return tagged(request, Response(item.plan_item), item.version)


class ActivityListView(WorkloadScopedView):
    pagination_class = ActivityPagination

    @extend_schema(
        responses={200: ActivitySerializer(many=True), **READ_ERRORS}, tags=["workloads"]
    )
    def get(self, request, workload_id):
        workload = self.workload(need=Action.ACTIVITY)
        return paginated(
            self,
            activity_for(workload),
            lambda page: (
                ActivitySerializer(
                    page,
                    many=True,
                    context={"request": request, "paths": activity_object_paths(page)},
                ).data
            ),
            ActivityPagination,
            was_array=False,
        )
