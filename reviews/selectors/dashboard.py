"""The dashboard's portfolio view: risks across every workload a user can see.

Reads only stored counts: the per-pillar count rows of the visible workloads' lens reviews,
summed in one SQL aggregate (``PillarRiskCounts``), and the workloads' own columns. It never
touches answers nor decodes summaries, and its Python work does not grow with the number of
workloads: a fixed number of queries, each returning a row per lens version and pillar, or
a few workloads or items.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from catalog.models import Choice, Pillar
from reviews.choices import CLOSED_ITEM_STATUSES
from reviews.models import ImprovementItem, PillarRiskCounts, Workload
from reviews.models.counts import COUNT_FIELDS
from reviews.risk import empty_counts

DUE_SOON_DAYS = 30


def portfolio(workloads: QuerySet[Workload]) -> dict:
    """Risk counts per lens and pillar, the workloads with most high risks, and open
    improvement items: overdue, and due in the next ``DUE_SOON_DAYS`` days, apart."""
    today = timezone.localdate()
    return {
        "lenses": _lens_totals(workloads),
        "top": _most_high_risks(workloads),
        "overdue": _open_items(workloads, due_date__lt=today),
        "due_soon": _open_items(
            workloads, due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
        ),
        "due_soon_days": DUE_SOON_DAYS,
        "today": today,
    }


def _most_high_risks(workloads: QuerySet[Workload], limit: int = 5) -> list[Workload]:
    """The workloads with most high risks (then medium): only what the list shows of them,
    without the reviews a workload list may have been given to prefetch."""
    ranked = workloads.filter(high_count__gt=0).prefetch_related(None)
    return list(
        ranked.only("id", "name", "high_count", "medium_count").order_by(
            "-high_count", "-medium_count", "id"
        )[:limit]
    )


def _lens_totals(workloads: QuerySet[Workload]) -> list[dict]:
    """Per lens: its reviews, and its pillars' counts summed over them, in the pillar order
    (and with the names) of the newest lens version among the reviews. Two queries: the
    sums per lens version and pillar, and the versions' pillars and names.

    A review has one row per pillar of its version, so the rows of one version and pillar
    are as many as the version's reviews (a version without questions has no rows, and
    nothing to show)."""
    sums = (
        PillarRiskCounts.objects.filter(workload__in=workloads.order_by())
        .values("lens_id", "lens_version_id", "pillar_key")
        .annotate(rows=Count("id"), **{field: Sum(field) for field in COUNT_FIELDS.values()})
        .order_by()
    )
    lenses: dict[int, dict] = {}
    reviews: dict[int, int] = {}  # per lens version
    lens_of: dict[int, int] = {}  # the lens of each version
    pillars: dict[tuple[int, str], dict] = {}
    for row in sums:
        lens = lenses.setdefault(
            row["lens_id"],
            {"slug": "", "name": "", "reviews": 0, "pillar_rows": [], "totals": empty_counts()},
        )
        version = row["lens_version_id"]
        lens_of[version] = row["lens_id"]
        reviews[version] = max(reviews.get(version, 0), row["rows"])
        pillar = pillars.get((row["lens_id"], row["pillar_key"]))
        if pillar is None:
            pillar = pillars[row["lens_id"], row["pillar_key"]] = {
                "key": row["pillar_key"],
                "name": row["pillar_key"],
                "order": 0,
                "risk_counts": empty_counts(),
            }
            lens["pillar_rows"].append(pillar)
        for risk, field in COUNT_FIELDS.items():
            pillar["risk_counts"][risk.value] += row[field]
            lens["totals"][risk.value] += row[field]
    names = (
        Pillar.objects.filter(lens_version_id__in=reviews)
        .order_by("lens_version_id")  # the newest version last: its names stay
        .values_list(
            "lens_version_id",
            "lens_version__name",
            "lens_version__lens__slug",
            "key",
            "name",
            "order",
        )
    )
    for version, version_name, slug, key, name, order in names:
        lens = lenses[lens_of[version]]
        lens["slug"], lens["name"] = slug, version_name
        if pillar := pillars.get((lens_of[version], key)):
            pillar["name"], pillar["order"] = name, order
    for version, count in reviews.items():
        lenses[lens_of[version]]["reviews"] += count
    for lens in lenses.values():
        lens["pillar_rows"].sort(key=lambda row: (row["order"], row["key"]))
    return sorted(lenses.values(), key=lambda lens: lens["slug"])


def _open_items(workloads: QuerySet[Workload], *, limit: int = 10, **dates) -> list[dict]:
    """Open improvement items due in a date range, soonest first, named by their titles."""
    items = list(
        ImprovementItem.objects.filter(lens_review__workload__in=workloads, **dates)
        .exclude(status__in=CLOSED_ITEM_STATUSES)
        .select_related("owner", "lens_review__workload")
        # what a due item shows: not the review's summary nor the workload's details
        .only(
            "due_date",
            "question_key",
            "choice_key",
            "owner__username",
            "lens_review__lens_version_id",
            "lens_review__workload__name",
        )
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
