"""The members of a workload."""

from __future__ import annotations

from django.db.models import QuerySet

from reviews.models import (
    Workload,
    WorkloadMember,
)


def members_of(workload: Workload) -> QuerySet[WorkloadMember]:
    return workload.members.select_related("user", "team").order_by("id")
