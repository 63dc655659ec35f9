"""Browser pages of the reviews app: dashboard, workload, comparison."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from catalog import selectors as catalog_selectors
from people.selectors.invitations import pending_invitations_of
from reviews import charts
from reviews.choices import INDUSTRY_TYPES, Environment, ImprovementStatus, Role
from reviews.models import ReportKind
from reviews.permissions import (
    Action,
    allowed_actions,
    can,
    last_owner_ids,
    workload_get_for_user,
)
from reviews.selectors.activity import activity_feed_for
from reviews.selectors.dashboard import portfolio
from reviews.selectors.lens_reviews import upgrade_available
from reviews.selectors.members import members_of
from reviews.selectors.milestones import milestones_of, workload_compare, workload_trend
from reviews.selectors.workloads import workload_list_for_user


@login_required
def dashboard(request):
    """The user's workloads with progress and risks, and the portfolio across them."""
    filters = {
        "name": request.GET.get("q", "").strip(),
        "environment": request.GET.get("environment", ""),
        "lens": request.GET.get("lens", ""),
    }
    if filters["environment"] not in Environment.values:
        filters["environment"] = ""
    high = request.GET.get("high")
    workloads = workload_list_for_user(
        request.user, **filters, has_high_risks=True if high == "1" else None
    )
    page = Paginator(workloads, 25).get_page(request.GET.get("page"))
    visible = workload_list_for_user(request.user)
    context = {
        "page": page,
        "filters": {**filters, "high": high == "1"},
        "environments": Environment.choices,
        "lenses": catalog_selectors.lens_list_for_user(request.user),
        "portfolio": portfolio(visible) if page.paginator.count else None,
        "industry_types": INDUSTRY_TYPES,
    }
    for lens in (context["portfolio"] or {}).get("lenses", []):
        lens["chart"] = charts.pillar_risk_bars(
            lens["pillar_rows"], width=560, title=f"{lens['name']}: risks per pillar"
        )
    return render(request, "reviews/dashboard.html", context)


def _lens_panels(workload) -> list[dict]:
    panels = []
    for review in workload.lens_reviews.select_related("lens", "lens_version").prefetch_related(
        "lens_version__pillars", "lens_version__phases"
    ):
        pillars = list(review.lens_version.pillars.all())
        phases = [p for p in review.lens_version.phases.all() if p.places_questions]
        summary = review.risk_summary
        rows = [
            {"key": p.key, "name": p.name, "risk_counts": summary.get("pillars", {}).get(p.key, {})}
            for p in pillars
        ]
        panel = {
            "review": review,
            # Named after the lens: two lenses' charts on one page must not share a name.
            "bars": charts.pillar_risk_bars(rows, title=f"{review.lens.name}: risks per pillar"),
            "upgrade": upgrade_available(review),
        }
        if phases:
            panel["heatmap"] = charts.heatmap(
                [{"key": p.key, "name": p.name} for p in pillars],
                [{"key": p.key, "name": p.name} for p in phases],
                summary.get("matrix", {}),
                title=f"{review.lens.name}: risks by pillar and lifecycle phase",
            )
        panels.append(panel)
    return panels


@login_required
def workload_detail(request, workload_id: int):
    workload, role = workload_get_for_user(request.user, workload_id)
    milestones = list(milestones_of(workload))
    applied = set(workload.lens_reviews.values_list("lens__slug", flat=True))
    members = list(members_of(workload))
    context = {
        "workload": workload,
        "role": role,
        # What this user may do, from the one role table: each button shows only if allowed.
        "allowed": allowed_actions(role),
        "can_edit": can(role, Action.WORKLOAD_EDIT),
        "is_owner": can(role, Action.MEMBERS_MANAGE),
        "panels": _lens_panels(workload),
        "members": members,
        "last_owner_ids": last_owner_ids(members),
        "pending_invitations": pending_invitations_of(workload)
        if can(role, Action.MEMBERS_MANAGE)
        else [],
        "milestones": milestones,
        "trend": charts.trend_chart(
            workload_trend(workload),
            title=f"{workload.name}: high and medium risks over the milestones",
        )
        if milestones
        else None,
        "activity": activity_feed_for(workload, limit=15),
        "available_lenses": [
            lens
            for lens in catalog_selectors.lens_list_for_user(request.user)
            if lens.slug not in applied and lens.published_count
        ],
        "roles": Role.choices,
        "environments": Environment.choices,
        "improvement_statuses": ImprovementStatus.choices,
        "industry_types": INDUSTRY_TYPES,
        "report_kinds": ReportKind.choices,
    }
    return render(request, "reviews/workload.html", context)


@login_required
def workload_new(request):
    return render(
        request,
        "reviews/workload_new.html",
        {
            "environments": Environment.choices,
            "industry_types": INDUSTRY_TYPES,
            "lenses": [
                lens
                for lens in catalog_selectors.lens_list_for_user(request.user)
                if lens.published_count
            ],
        },
    )


@login_required
def workload_import_aws(request):
    """Upload a review exported from the AWS tool, preview it (a dry run), then import it."""
    return render(request, "reviews/workload_import_aws.html")


@login_required
def compare_page(request, workload_id: int):
    """Pick two milestones (or a milestone and now) and see what changed."""
    workload, _ = workload_get_for_user(request.user, workload_id, need=Action.COMPARE)
    milestones = list(milestones_of(workload))
    base = request.GET.get("base") or (str(milestones[-1].number) if milestones else "")
    target = request.GET.get("target") or "current"
    comparison = None
    if milestones and base:
        try:
            comparison = workload_compare(workload, base=base, target=target)
        except Http404:
            comparison = None
    lenses = []
    for lens in (comparison or {}).get("lenses", []):
        pillars = [{"key": p["key"], "name": p["name"]} for p in lens["pillars"]]
        phases = [{"key": p["key"], "name": p["name"]} for p in lens["phases"]]
        entry = {
            **lens,
            "changed": [
                q
                for q in lens["questions"]
                if q["direction"] != "unchanged"
                or q["gained"]
                or q["lost"]
                or q["applicability_changed"]
                or q["notes_changed"]
            ],
        }
        if phases:
            for side in ("before", "after"):
                cells = {f"{c['pillar']}|{c['phase']}": c[side] for c in lens["matrix"]}
                entry[f"heatmap_{side}"] = charts.heatmap(
                    pillars,
                    phases,
                    cells,
                    title=f"{lens['lens_name']}, {side}: risks by pillar and lifecycle phase",
                )
        lenses.append(entry)
    context = {
        "workload": workload,
        "milestones": milestones,
        "base": base,
        "target": target,
        "comparison": comparison,
        "lenses": lenses,
        "trend": charts.trend_chart(
            workload_trend(workload),
            title=f"{workload.name}: high and medium risks over the milestones",
        ),
    }
    return render(request, "reviews/compare.html", context)
