"""Query parameters, declared once per view: unknown names and bad values are 400s.

A view lists the query parameters its GET takes as a serializer (``query_serializer``).
:class:`QueryParametersChecked` (a base of every API view) checks every GET against it before
the handler runs, once DRF knows the caller (so a missing token is still a 401):

- a name the view does not take (``?nmae=x``) is 400 ``UNKNOWN_PARAMETER`` naming it,
  instead of being ignored (which listed everything);
- a value its field refuses (``?environment=BOGUS``, ``?milestone=abc``) is 400
  ``INVALID_PARAMETER``, each fault with the item code a body field would get
  (``INVALID_CHOICE``, ``INVALID``, ...) and the parameter's name under ``field``.

Values that depend on data (a pillar key of this review's lens) are checked by the view,
which raises :func:`invalid_parameter`. The paging parameters (``page``, ``page_size``,
``cursor``) and ``format`` are known everywhere; the pagination and the views that take a
``format`` check their values. The same serializer feeds the OpenAPI document's parameters
(:class:`AutoSchema`).
"""

from __future__ import annotations

from drf_spectacular import openapi
from rest_framework import serializers

from mllens.errors import DomainError, invalid, problem
from mllens.validation import flatten_errors

# Owned by the pagination (and by the download views for `format`): known on every GET.
ALWAYS_KNOWN = frozenset({"page", "page_size", "cursor", "format"})


class NoQuery(serializers.Serializer):
    """A GET that takes no query parameters (besides the paging ones)."""


class CommaChoiceField(serializers.CharField):
    """One or more choices, comma-separated (``?risk=HIGH,MEDIUM``)."""

    def __init__(self, *, choices, **kwargs):
        self.choices = list(choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        bad = [part for part in value.split(",") if part and part not in self.choices]
        if bad:
            raise serializers.ValidationError(
                f"Unknown: {', '.join(bad)}. Use {', '.join(self.choices)}.",
                code="invalid_choice",
            )
        return value


MILESTONE = serializers.IntegerField(
    min_value=1,
    required=False,
    allow_null=True,
    help_text="Answer from this milestone's snapshot instead of now",
)


def invalid_parameter(name: str, message: str, code: str = "INVALID") -> DomainError:
    """The 400 for a query parameter whose value the view refuses."""
    return invalid(
        problem(code, message, query=name),
        message=f"Bad value for the query parameter {name!r}: {message}",
        code="INVALID_PARAMETER",
    )


def query_serializer_of(view_class) -> type[serializers.Serializer]:
    return getattr(view_class, "query_serializer", None) or NoQuery


def check_query(params, serializer_class) -> DomainError | None:
    """The 400 ``params`` earn against ``serializer_class``, or None."""
    fields = serializer_class().fields
    unknown = sorted(set(params) - set(fields) - ALWAYS_KNOWN)
    if unknown:
        known = ", ".join(sorted(set(fields))) or "none besides paging"
        return invalid(
            *(
                problem("UNKNOWN_PARAMETER", "Not a parameter of this endpoint.", query=name)
                for name in unknown
            ),
            message=f"Unknown query parameter: {', '.join(unknown)} (this endpoint takes {known}).",
            code="UNKNOWN_PARAMETER",
        )
    query = serializer_class(data=params)  # a QueryDict: an empty number is "not given"
    if query.is_valid():
        return None
    items = [
        problem(item.code, item.message, query=item.field) for item in flatten_errors(query.errors)
    ]
    names = ", ".join(dict.fromkeys(item.field for item in items if item.field))
    return invalid(
        *items,
        message=f"Bad value for the query parameter {names}: {items[0].message}",
        code="INVALID_PARAMETER",
    )


class QueryParametersChecked:
    """Mixed into every API view: the query of a GET is checked against the view's
    ``query_serializer`` in DRF's ``initial()``, after DRF has authenticated the caller (a
    missing token is still a 401, and the token is looked up once) and before the handler."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and request.query_params:
            error = check_query(request.query_params, query_serializer_of(type(self)))
            if error is not None:
                raise error


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with each GET's query parameters taken from ``query_serializer``
    (parameters a view declares by hand, with their descriptions, take precedence)."""

    def get_override_parameters(self):
        declared = super().get_override_parameters()
        if self.method != "GET":
            return declared
        serializer = query_serializer_of(type(self.view))
        if serializer is NoQuery:
            return declared
        return [serializer, *declared]

    def _get_request_body(self, direction="request"):
        """drf-spectacular reads bodies only on PUT, PATCH and POST; a DELETE that declares
        one (``DELETE .../members/`` names the member in its body) keeps it too."""
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        # Only a body the view declares: no guessing from the view's serializer.
        self._get_serializer = lambda: None
        try:
            declared = self.get_request_serializer()
        finally:
            del self._get_serializer
        if declared is None:
            return None
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"
