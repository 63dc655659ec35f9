"""One envelope for every list of the API: ``{"count", "next", "previous", "results"}``.

Lists in a fixed order (members by id, milestones by number, answers in lens order, ...) are
paged by number (``?page=&page_size=``). Lists whose order moves while others write
(workloads by last change, activity and reports newest first) are paged by an opaque
``?cursor=`` taken from ``next``/``previous``, so a page never repeats or skips an item because
something was written meanwhile; ``?page=`` still works there (deprecated). A page past the end
is an empty page, and a paging parameter that is not a number in range is a 400
``INVALID_PARAMETER`` naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from mllens.api.versions import legacy_shape
from mllens.errors import DomainError, ErrorDetail

MAX_PAGE_SIZE = 500
PAGING_PARAMETERS = ("page", "page_size", "cursor")


def invalid_parameter(name: str, message: str) -> DomainError:
    return DomainError(
        code="INVALID_PARAMETER",
        message=f"{name}: {message}",
        errors=[ErrorDetail("INVALID", message, field=name)],
    )


def _number(request: Request, name: str, *, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        bound = f" from 1 to {maximum}" if maximum else " from 1"
        raise invalid_parameter(name, f"A whole number{bound}.")
    return int(raw)


def _envelope_schema(schema: dict, *, cursor: bool) -> dict:
    link = "cursor=cD0yMDI2LTEyLTA2" if cursor else "page=3"
    return {
        "type": "object",
        "required": ["count", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "example": 123, "description": "Items in the list."},
            "next": {
                "type": "string",
                "nullable": True,
                "format": "uri",
                "example": f"https://mllens.example.org/api/v1/...?{link}",
            },
            "previous": {"type": "string", "nullable": True, "format": "uri", "example": None},
            "results": schema,
        },
    }


class Pagination(PageNumberPagination):
    """Pages by number: ``page`` from 1, ``page_size`` from 1 to 500 (default 50)."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        size = _number(request, self.page_size_query_param, maximum=self.max_page_size)
        return size or self.page_size

    def paginate_queryset(self, queryset, request: Request, view=None) -> list:
        self.request = request
        size = self.get_page_size(request)
        number = _number(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, size)
        if number > paginator.num_pages:
            # Past the end: an empty page that points back at the last one.
            self.page = Page([], number, paginator)
        else:
            self.page = paginator.page(number)
        return list(self.page)

    def get_previous_link(self) -> str | None:
        last = self.page.paginator.num_pages
        if self.page.number > last + 1:
            url = self.request.build_absolute_uri()
            return replace_query_param(url, self.page_query_param, last)
        return super().get_previous_link()

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return _envelope_schema(schema, cursor=False)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(maximum=self.max_page_size, default=self.page_size)
        return parameters


class NewestFirstPagination(CursorPagination):
    """Pages by cursor over a list in ``ordering`` (newest first), with ``count``.

    ``?page=`` (the number paging these lists had) is still honoured: deprecated.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering: Sequence[str] = ("-created_at", "-id")
    invalid_cursor_message = "Not a cursor from this list's next or previous link."

    def get_page_size(self, request: Request) -> int:
        size = _number(request, self.page_size_query_param, maximum=self.max_page_size)
        return size or self.page_size

    def paginate_queryset(self, queryset, request: Request, view=None) -> list:
        self.count = queryset.count()
        if "page" in request.query_params and "cursor" not in request.query_params:
            self.by_number = Pagination()
            return self.by_number.paginate_queryset(queryset.order_by(*self.ordering), request)
        self.by_number = None
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request):
        try:
            return super().decode_cursor(request)
        except Exception:  # DRF's NotFound: a made-up cursor is a bad parameter, not a 404
            raise invalid_parameter("cursor", self.invalid_cursor_message) from None

    def get_paginated_response(self, data: list) -> Response:
        if self.by_number is not None:
            return self.by_number.get_paginated_response(data)
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return _envelope_schema(schema, cursor=True)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Where the page starts: copy it from `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": "Items per page.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
            {
                "name": "page",
                "in": "query",
                "required": False,
                "deprecated": True,
                "description": "Page number (deprecated here: use `cursor`).",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


class UpdatedFirstPagination(NewestFirstPagination):
    ordering = ("-updated_at", "-id")


class ActivityPagination(NewestFirstPagination):
    ordering = ("-at", "-id")


def paginated(
    view,
    items: Any,
    serialize: Callable[[list], Any] = list,
    paginator_class: type = Pagination,
    *,
    was_array: bool = True,
) -> Response:
    """A list answer in the envelope.

    Clients of the first v1 shape (``API-Version: 2026-11-01``) get what they got then: the
    whole list as a bare array (``was_array``, marked deprecated), or the pages by number.
    """
    request = view.request
    if legacy_shape(request):
        if was_array:
            return Response(serialize(list(items)))
        paginator = Pagination()
        page = paginator.paginate_queryset(items, request, view)
        return paginator.get_paginated_response(serialize(page))
    paginator = paginator_class()
    page = paginator.paginate_queryset(items, request, view)
    return paginator.get_paginated_response(serialize(page))
