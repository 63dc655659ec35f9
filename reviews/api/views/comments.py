"""Comment threads: ``.../answers/<question_key>/comments/`` for a question and
``.../improvements/<question_key>/<choice_key>/comments/`` for an improvement item, each with
its ``thread`` (resolve, reopen)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from mllens.api.conditional import expected_versions, tagged
from mllens.api.pagination import Pagination, paginated
from mllens.api.responses import created
from mllens.errors import current_on_failure
from reviews.api.comment_serializers import (
    AssigneeSerializer,
    AssigneeWriteSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    ThreadSerializer,
    ThreadWriteSerializer,
    assignee_state,
    thread_state,
)
from reviews.api.views.common import (
    ERRORS,
    NOT_MODIFIED,
    PRECONDITION,
    READ_ERRORS,
    WorkloadScopedView,
)
from reviews.permissions import Action
from reviews.selectors.answers import answer_get
from reviews.selectors.comments import (
    assignee_find,
    comment_get,
    thread_comments,
    thread_find,
    thread_target_check,
)
from reviews.selectors.lens_reviews import lens_review_get
from reviews.services.comments import (
    comment_create,
    comment_delete,
    comment_edit,
    question_assign,
    question_unassign,
    thread_set_status,
)

TAGS = ["comments"]


# A view of one thread: a question's, or (with ``choice_key``) an improvement item's. (No
# docstring: drf-spectacular would take it for every operation's description.)
class ThreadScopedView(WorkloadScopedView):
    def review(self, need=Action.WORKLOAD_VIEW):
        review = lens_review_get(self.workload(need=need), self.kwargs["slug"])
        thread_target_check(review, self.kwargs["question_key"], self.choice_key)
        return review

    @property
    def choice_key(self) -> str:
        return self.kwargs.get("choice_key", "")

    def where(self) -> tuple[str, str]:
        return self.kwargs["question_key"], self.choice_key

    def detail_url_name(self) -> str:
        return "api-item-comment-detail" if self.choice_key else "api-answer-comment-detail"


class CommentListView(ThreadScopedView):
    pagination_class = Pagination

    @extend_schema(responses={200: CommentSerializer(many=True), **READ_ERRORS}, tags=TAGS)
    def get(self, request, **kwargs):
        review = self.review()
        return paginated(
            self,
            thread_comments(review, *self.where()),
            lambda page: CommentSerializer(page, many=True).data,
        )

    @extend_schema(
        request=CommentWriteSerializer, responses={201: CommentSerializer, **ERRORS}, tags=TAGS
    )
    def post(self, request, **kwargs):
        review = self.review(need=Action.COMMENT)
        payload = CommentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question_key, choice_key = self.where()
        comment = comment_create(
            review=review,
            question_key=question_key,
            choice_key=choice_key,
            actor=request.user,
            body=payload.validated_data["body"],
        )
        return created(
            request,
            CommentSerializer(comment).data,
            self.detail_url_name(),
            comment_id=comment.pk,
            **kwargs,
        )


class CommentDetailView(ThreadScopedView):
    def read(self, review) -> dict:
        return CommentSerializer(comment_get(review, *self.where(), self.kwargs["comment_id"])).data

    @extend_schema(responses={200: CommentSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=TAGS)
    def get(self, request, **kwargs):
        body = self.read(self.review())
        return tagged(request, Response(body), body["version"])

    @extend_schema(
        request=CommentWriteSerializer,
        responses={200: CommentSerializer, **ERRORS, **PRECONDITION},
        tags=TAGS,
    )
    def patch(self, request, **kwargs):
        review = self.review(need=Action.COMMENT)
        expected = expected_versions(request)
        payload = CommentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = comment_get(review, *self.where(), kwargs["comment_id"])
        with current_on_failure(lambda: self.read(review)):
            comment = comment_edit(
                comment=comment,
                actor=request.user,
                body=payload.validated_data["body"],
                expected=expected,
            )
        body = CommentSerializer(comment).data
        return tagged(request, Response(body), body["version"])

    @extend_schema(responses={204: None, **ERRORS, **PRECONDITION}, tags=TAGS)
    def delete(self, request, **kwargs):
        review = self.review(need=Action.COMMENT)
        expected = expected_versions(request)
        comment = comment_get(review, *self.where(), kwargs["comment_id"])
        with current_on_failure(lambda: self.read(review)):
            comment_delete(comment=comment, actor=request.user, expected=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ThreadView(ThreadScopedView):
    def read(self, review) -> dict:
        where = self.where()
        count = thread_comments(review, *where).count()
        return ThreadSerializer(thread_state(thread_find(review, *where), count)).data

    @extend_schema(responses={200: ThreadSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=TAGS)
    def get(self, request, **kwargs):
        body = self.read(self.review())
        return tagged(request, Response(body), body["version"])

    @extend_schema(
        request=ThreadWriteSerializer,
        responses={200: ThreadSerializer, **ERRORS, **PRECONDITION},
        tags=TAGS,
    )
    def patch(self, request, **kwargs):
        review = self.review(need=Action.COMMENT)
        expected = expected_versions(request)
        payload = ThreadWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question_key, choice_key = self.where()
        with current_on_failure(lambda: self.read(review)):
            thread_set_status(
                review=review,
                question_key=question_key,
                choice_key=choice_key,
                actor=request.user,
                status=payload.validated_data["status"],
                expected=expected,
            )
        body = self.read(review)
        return tagged(request, Response(body), body["version"])


class AssigneeView(WorkloadScopedView):
    def read(self, review) -> dict:
        return assignee_state(assignee_find(review, self.kwargs["question_key"]))

    def answered_review(self, need=Action.WORKLOAD_VIEW):
        review = lens_review_get(self.workload(need=need), self.kwargs["slug"])
        answer_get(review, self.kwargs["question_key"])
        return review

    @extend_schema(
        responses={200: AssigneeSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=["answers"]
    )
    def get(self, request, **kwargs):
        body = self.read(self.answered_review())
        return tagged(request, Response(body), body["version"])

    @extend_schema(
        request=AssigneeWriteSerializer,
        responses={200: AssigneeSerializer, **ERRORS, **PRECONDITION},
        tags=["answers"],
    )
    def patch(self, request, **kwargs):
        review = self.answered_review(need=Action.ASSIGN)
        expected = expected_versions(request)
        payload = AssigneeWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with current_on_failure(lambda: self.read(review)):
            assignee = question_assign(
                review=review,
                question_key=kwargs["question_key"],
                actor=request.user,
                expected=expected,
                **payload.validated_data,
            )
        body = assignee_state(assignee)
        return tagged(request, Response(body), body["version"])

    @extend_schema(responses={204: None, **ERRORS, **PRECONDITION}, tags=["answers"])
    def delete(self, request, **kwargs):
        review = self.answered_review(need=Action.ASSIGN)
        with current_on_failure(lambda: self.read(review)):
            question_unassign(
                review=review,
                question_key=kwargs["question_key"],
                actor=request.user,
                expected=expected_versions(request),
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
