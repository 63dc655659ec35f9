"""What every reviews API view shares: the workload lookup and error declarations."""

from __future__ import annotations

from rest_framework.views import APIView

from catalog import selectors as catalog_selectors
from mllens.api.errors import ErrorSerializer
from mllens.api.query import QueryParametersChecked
from mllens.errors import invalid, problem
from reviews.choices import Role
from reviews.permissions import Action, workload_get_for_user

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
# 401: no or bad token (with `WWW-Authenticate: Token`); 403: not allowed, or a failed CSRF check.
READ_ERRORS = {401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
# If-Match named a version that is no longer current (the body's `current` is the GET's).
PRECONDITION = {412: ErrorSerializer}
# If-None-Match named the current version: no body.
NOT_MODIFIED = {304: None}


class WorkloadScopedView(QueryParametersChecked, APIView):
    """A view below ``/workloads/<workload_id>/``: 404 unless the user may read it."""

    def workload(self, need: Action | Role = Action.WORKLOAD_VIEW):
        workload, role = workload_get_for_user(
            self.request.user, self.kwargs["workload_id"], need=need
        )
        self.role = role
        return workload

    def options(self, request, *args, **kwargs):
        # Outsiders get 404 for every method, OPTIONS included.
        self.workload()
        return super().options(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        # ... and for methods the endpoint lacks, so outsiders never see a 405 either.
        self.workload()
        return super().http_method_not_allowed(request, *args, **kwargs)


def lenses_named(user, slugs: list[str]) -> list:
    """The lenses a body names (workload or template); an unknown (or invisible) slug is a
    400 naming it."""
    visible = {
        lens.slug: lens
        for lens in catalog_selectors.lens_list_for_user(user).filter(slug__in=slugs)
    }
    missing = [(index, slug) for index, slug in enumerate(slugs) if slug not in visible]
    if missing:
        raise invalid(
            *(
                problem("NOT_FOUND", f"No lens {slug!r}.", "lenses", index)
                for index, slug in missing
            ),
            message=f"No such lens: {', '.join(slug for _, slug in missing)}.",
        )
    return [visible[slug] for slug in dict.fromkeys(slugs)]
