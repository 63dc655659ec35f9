"""``/api/v1/templates/``: review templates, their pre-set answers, and applying them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from mllens.api.conditional import expected_versions, tagged
from mllens.api.errors import ErrorSerializer
from mllens.api.pagination import Pagination, paginated
from mllens.api.query import QueryParametersChecked
from mllens.api.responses import created
from mllens.errors import PreconditionFailed, current_on_failure, invalid, problem
from reviews.api.template_serializers import (
    TemplateAnswerSerializer,
    TemplateAnswerWriteSerializer,
    TemplateAppliedSerializer,
    TemplateApplySerializer,
    TemplateSerializer,
    TemplateWriteSerializer,
)
from reviews.api.views.common import (
    ERRORS,
    NOT_MODIFIED,
    PRECONDITION,
    READ_ERRORS,
    WorkloadScopedView,
    lenses_named,
)
from reviews.permissions import Action, template_get_for_user, templates_for_user
from reviews.selectors.templates import template_list_for_user, template_read
from reviews.services.templates import (
    TemplateAnswerConflict,
    template_answer_delete,
    template_answer_get,
    template_answer_save,
    template_apply,
    template_create,
    template_delete,
    template_lens_get,
    template_update,
)

TAGS = ["templates"]


class TemplateScopedView(QueryParametersChecked, APIView):
    # A view below /templates/<template_id>/: 404 unless the user may read it (a comment,
    # not a docstring, which drf-spectacular would take for a description).

    def template(self, need: str = "view"):
        return template_get_for_user(self.request.user, self.kwargs["template_id"], need=need)

    def options(self, request, *args, **kwargs):
        self.template()
        return super().options(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.template()
        return super().http_method_not_allowed(request, *args, **kwargs)


def _body(user, template_id: int) -> dict:
    return TemplateSerializer(template_read(user, template_id)).data


class TemplateListView(QueryParametersChecked, APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: TemplateSerializer(many=True), **READ_ERRORS}, tags=TAGS)
    def get(self, request):
        templates = template_list_for_user(request.user)
        return paginated(self, templates, lambda page: TemplateSerializer(page, many=True).data)

    @extend_schema(
        request=TemplateWriteSerializer, responses={201: TemplateSerializer, **ERRORS}, tags=TAGS
    )
    def post(self, request):
        payload = TemplateWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        lenses = lenses_named(request.user, data.pop("lenses", []))
        template = template_create(user=request.user, lenses=lenses, **data)
        body = _body(request.user, template.pk)
        return created(request, body, "api-template-detail", template_id=template.pk)


class TemplateDetailView(TemplateScopedView):
    def _answer(self, body: dict) -> Response:
        return tagged(self.request, Response(body), body["version"])

    @extend_schema(responses={200: TemplateSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=TAGS)
    def get(self, request, template_id):
        template = self.template()
        return self._answer(_body(request.user, template.pk))

    @extend_schema(
        request=TemplateWriteSerializer(partial=True),
        responses={200: TemplateSerializer, **ERRORS, **PRECONDITION},
        tags=TAGS,
    )
    def patch(self, request, template_id):
        template = self.template(need="edit")
        expected = expected_versions(request)
        payload = TemplateWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "lenses" in data:
            data["lenses"] = lenses_named(request.user, data["lenses"])
        with current_on_failure(lambda: _body(request.user, template.pk)):
            template_update(template=template, user=request.user, expected=expected, **data)
        return self._answer(_body(request.user, template.pk))

    @extend_schema(responses={204: None, **ERRORS, **PRECONDITION}, tags=TAGS)
    def delete(self, request, template_id):
        template = self.template(need="delete")
        with current_on_failure(lambda: _body(request.user, template.pk)):
            template_delete(
                template=template, user=request.user, expected=expected_versions(request)
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplateAnswerView(TemplateScopedView):
    def _read(self, template, slug, question_key) -> dict:
        return TemplateAnswerSerializer(
            template_answer_get(template_lens_get(template, slug), question_key)
        ).data

    @extend_schema(
        responses={200: TemplateAnswerSerializer, **READ_ERRORS, **NOT_MODIFIED}, tags=TAGS
    )
    def get(self, request, template_id, slug, question_key):
        body = self._read(self.template(), slug, question_key)
        return tagged(request, Response(body), body["version"])

    @extend_schema(
        request=TemplateAnswerWriteSerializer,
        responses={
            200: TemplateAnswerSerializer,
            **ERRORS,
            409: ErrorSerializer,
            **PRECONDITION,
        },
        description="Pre-set (or change) the template's answer to one question, with the body "
        "of a workload answer's PATCH. `version` must be the answer's current version (0 "
        "while not pre-set); otherwise 409 with the current answer under `current`.",
        tags=TAGS,
    )
    def patch(self, request, template_id, slug, question_key):
        template = self.template(need="edit")
        expected = expected_versions(request)
        data = request.data
        if expected and len(expected) == 1 and isinstance(data, dict) and "version" not in data:
            data = {**data, "version": next(iter(expected))}
        payload = TemplateAnswerWriteSerializer(data=data)
        payload.is_valid(raise_exception=True)
        if expected is not None and payload.validated_data["version"] not in expected:
            raise PreconditionFailed(current=self._read(template, slug, question_key))
        try:
            answer = template_answer_save(
                user=request.user,
                template_id=template.pk,
                slug=slug,
                question_key=question_key,
                **payload.validated_data,
            )
        except TemplateAnswerConflict as conflict:
            conflict.current = TemplateAnswerSerializer(conflict.answer).data
            if expected is not None and conflict.answer.version not in expected:
                raise PreconditionFailed(current=conflict.current) from None
            raise
        body = TemplateAnswerSerializer(answer).data
        return tagged(request, Response(body), body["version"])

    @extend_schema(
        responses={204: None, **ERRORS, **PRECONDITION},
        description="Stop pre-setting this question.",
        tags=TAGS,
    )
    def delete(self, request, template_id, slug, question_key):
        template = self.template(need="edit")
        with current_on_failure(lambda: self._read(template, slug, question_key)):
            template_answer_delete(
                user=request.user,
                template_id=template.pk,
                slug=slug,
                question_key=question_key,
                expected=expected_versions(request),
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkloadTemplateApplyView(WorkloadScopedView):
    @extend_schema(
        request=TemplateApplySerializer,
        responses={200: TemplateAppliedSerializer, **ERRORS},
        description="Each applied answer is an ordinary answer change (new version, history, "
        "risk counts) and records the template and its version (`origin`).",
        tags=TAGS,
    )
    def post(self, request, workload_id):
        workload = self.workload(need=Action.ANSWER)
        payload = TemplateApplySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        template = (
            templates_for_user(request.user).filter(pk=payload.validated_data["template"]).first()
        )
        if template is None:
            raise invalid(
                problem("NOT_FOUND", "No such template.", "template"), message="No such template."
            )
        result = template_apply(
            user=request.user,
            workload=workload,
            template=template,
            mode=payload.validated_data["mode"],
        )
        return Response(result)
