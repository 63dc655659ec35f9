"""The dashboard's portfolio view: risks across every workload a user can see.

Reads only stored counts (workload columns and each lens review's ``risk_summary``), so
it never touches answers, whatever the number of workloads.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from catalog.models import Pillar
from reviews.choices import ItemStatus
from reviews.models import ImprovementItem, LensReview, Workload
from reviews.risk import empty_counts


def portfolio(workloads: QuerySet[Workload]) -> dict:
    """Risk counts per lens and pillar, the workloads with most high risks, items due soon."""
    # Only the pillar counts travel, not the whole stored summary.
    reviews = LensReview.objects.filter(workload__in=workloads).values(
        "lens__slug", "lens_version__name", "lens_version_id", pillars=F("risk_summary__pillars")
    )
    lenses: dict[str, dict] = {}
    version_ids = set()
    for review in reviews:
        lens = lenses.setdefault(
            review["lens__slug"],
            {
                "slug": review["lens__slug"],
                "name": review["lens_version__name"],
                "reviews": 0,
                "pillars": {},
                "totals": empty_counts(),
            },
        )
        lens["reviews"] += 1
        version_ids.add(review["lens_version_id"])
        for key, counts in (review["pillars"] or {}).items():
            target = lens["pillars"].setdefault(key, empty_counts())
            for risk, value in counts.items():
                target[risk] = target.get(risk, 0) + value
                lens["totals"][risk] = lens["totals"].get(risk, 0) + value
    names = dict(Pillar.objects.filter(lens_version_id__in=version_ids).values_list("key", "name"))
    for lens in lenses.values():
        lens["pillar_rows"] = [
            {"key": key, "name": names.get(key, key), "risk_counts": counts}
            for key, counts in lens["pillars"].items()
        ]
    top = list(workloads.filter(high_count__gt=0).order_by("-high_count", "-medium_count")[:5])
    soon = timezone.localdate() + timedelta(days=30)
    due = (
        ImprovementItem.objects.filter(lens_review__workload__in=workloads, due_date__lte=soon)
        .exclude(status__in=[ItemStatus.DONE, ItemStatus.RISK_ACCEPTED])
        .select_related("owner", "lens_review__workload", "lens_review__lens")
        .order_by("due_date")[:10]
    )
    return {
        "lenses": list(lenses.values()),
        "top": top,
        "due": list(due),
        "today": timezone.localdate(),
    }
