"""The dashboard's portfolio view: risks across every workload a user can see.

Reads only stored counts (workload columns and each lens review's ``risk_summary``), so
it never touches answers, whatever the number of workloads.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from catalog.models import Choice, Pillar
from reviews.choices import CLOSED_ITEM_STATUSES
from reviews.models import ImprovementItem, LensReview, Workload
from reviews.risk import empty_counts

DUE_SOON_DAYS = 30


def portfolio(workloads: QuerySet[Workload]) -> dict:
    """Risk counts per lens and pillar, the workloads with most high risks, and open
    improvement items: overdue, and due in the next ``DUE_SOON_DAYS`` days, apart."""
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
    today = timezone.localdate()
    return {
        "lenses": list(lenses.values()),
        "top": top,
        "overdue": _open_items(workloads, due_date__lt=today),
        "due_soon": _open_items(
            workloads, due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
        ),
        "due_soon_days": DUE_SOON_DAYS,
        "today": today,
    }


def _open_items(workloads: QuerySet[Workload], *, limit: int = 10, **dates) -> list[dict]:
    """Open improvement items due in a date range, soonest first, named by their titles."""
    items = list(
        ImprovementItem.objects.filter(lens_review__workload__in=workloads, **dates)
        .exclude(status__in=CLOSED_ITEM_STATUSES)
        .select_related("owner", "lens_review__workload")
        .order_by("due_date", "id")[:limit]
    )
    choices = Choice.objects.filter(
        question__lens_version_id__in={i.lens_review.lens_version_id for i in items},
        key__in={i.choice_key for i in items},
    ).values_list("question__lens_version_id", "question__key", "key", "title", "best_practice_id")
    titles = {(v, q, k): (title, bp) for v, q, k, title, bp in choices}
    rows = []
    for item in items:
        title, bp = titles.get(
            (item.lens_review.lens_version_id, item.question_key, item.choice_key),
            (item.choice_key, ""),
        )
        rows.append({"item": item, "title": title, "best_practice_id": bp})
    return rows
