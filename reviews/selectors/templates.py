"""Reading review templates: the ones a user may see, with their lenses."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from reviews.models import ReviewTemplate, TemplateLens
from reviews.permissions import template_role_expression, templates_for_user


def template_list_for_user(user) -> QuerySet[ReviewTemplate]:
    """Templates ``user`` may see, with their role and lenses (three queries a page)."""
    lenses = TemplateLens.objects.select_related("lens", "lens_version").annotate(
        preset_count=Count("answers")
    )
    return (
        templates_for_user(user)
        .annotate(viewer_role=template_role_expression(user))
        .prefetch_related(Prefetch("lenses", queryset=lenses.order_by("id")))
        .order_by("name", "id")
    )


def template_read(user, template_id: int) -> ReviewTemplate:
    return template_list_for_user(user).get(pk=template_id)
