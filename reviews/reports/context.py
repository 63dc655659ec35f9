"""The data behind each report kind, from the live workload or one of its milestones."""

from __future__ import annotations

from django.utils import timezone

from catalog.choices import Risk
from reviews import charts
from reviews.choices import (
    ChoiceStatus,
    Environment,
    ImprovementStatus,
    ItemStatus,
    NotApplicableReason,
)
from reviews.models import ReportJob, ReportKind
from reviews.risk import IN_PLAN, SEVERITY_ORDER, none_selected, open_choice_keys
from reviews.selectors.improvements import improvement_plan_from
from reviews.selectors.milestones import compared_states, comparison_of, workload_trend
from reviews.selectors.reports import ReviewState, compared_review_state, review_state

RISK_ORDER = SEVERITY_ORDER


def _wanted_pillars(state: ReviewState, options: dict) -> list:
    keys = options.get("pillars") or [p.key for p in state.pillars]
    return [p for p in state.pillars if p.key in keys]


def _counts_list(counts: dict) -> list[dict]:
    return [
        {"risk": r, "label": r.label, "css": r.css, "value": counts.get(r.value, 0)}
        for r in RISK_ORDER
    ]


def _workload_rows(data: dict) -> list[tuple[str, str]]:
    def joined(values) -> str:
        return ", ".join(values) if values else "—"

    return [
        ("Name", data.get("name") or "—"),
        ("Description", data.get("description") or "—"),
        ("Environment", Environment(data["environment"]).label if data.get("environment") else "—"),
        ("Review owner", data.get("review_owner") or "—"),
        ("Industry type", data.get("industry_type") or "—"),
        ("Industry", data.get("industry") or "—"),
        ("AWS Regions", joined(data.get("aws_regions"))),
        ("Other Regions", joined(data.get("non_aws_regions"))),
        ("Account IDs", joined(data.get("account_ids"))),
        ("Architectural design", data.get("architectural_design") or "—"),
        (
            "Improvement status",
            ImprovementStatus(data["improvement_status"]).label
            if data.get("improvement_status")
            else "—",
        ),
    ]


def _charts(state: ReviewState, pillars: list) -> dict:
    summary = state.risk_summary
    rows = [
        {"name": p.name, "risk_counts": summary.get("pillars", {}).get(p.key, {})} for p in pillars
    ]
    result = {"bars": charts.pillar_risk_bars(rows)}
    if state.phases:
        result["heatmap"] = charts.heatmap(
            [{"key": p.key, "name": p.name} for p in pillars],
            [{"key": p.key, "name": p.name} for p in state.phases],
            summary.get("matrix", {}),
        )
    return result


def _question_entry(answer, plan_by_question: dict, include_notes: bool) -> dict:
    known = {c.key: c.is_none for c in answer.question.choices.all()}
    choices = [c for c in answer.question.choices.all() if not c.is_none]
    selected = [c for c in choices if c.key in answer.selected_choices]
    not_applicable = [
        {
            "choice": c,
            "reason": NotApplicableReason(
                answer.choice_statuses[c.key].get("reason") or "NONE"
            ).label,
            "notes": answer.choice_statuses[c.key].get("notes", "") if include_notes else "",
        }
        for c in choices
        if c.key in answer.choice_statuses
    ]
    open_keys = open_choice_keys(
        known=known,
        selected=answer.selected_choices,
        not_applicable=answer.choice_statuses,
    )
    unselected = [c for c in choices if c.key in open_keys]
    return {
        "answer": answer,
        "question": answer.question,
        "risk": Risk(answer.risk),
        "selected": selected,
        "unselected": unselected,
        "not_applicable": not_applicable,
        "none_selected": none_selected(known=known, selected=answer.selected_choices),
        "question_reason": NotApplicableReason(answer.reason).label if answer.reason else "",
        "notes": answer.notes if include_notes else "",
        "plan": plan_by_question.get(answer.question_key, []),
        "status_label": ChoiceStatus,
    }


def review_context(job: ReportJob) -> dict:
    options = job.options or {}
    include_notes = options.get("include_notes", True)
    state = review_state(job, job.milestone)
    pillars = _wanted_pillars(state, options)
    plan = improvement_plan_from(
        answers=state.answers,
        items=state.items,
        pillar_priorities=state.workload.get("pillar_priorities"),
    )
    plan_by_question = {entry["question_key"]: entry["items"] for entry in plan}
    keys = {p.key for p in pillars}
    sections = []
    for pillar in pillars:
        answers = [a for a in state.answers if a.pillar_key == pillar.key]
        counts = state.risk_summary.get("pillars", {}).get(pillar.key, {})
        sections.append(
            {
                "pillar": pillar,
                "counts": _counts_list(counts),
                "answered": sum(v for k, v in counts.items() if k != "UNANSWERED"),
                "total": sum(counts.values()),
                "notes": state.pillar_notes.get(pillar.key, "") if include_notes else "",
                "questions": [_question_entry(a, plan_by_question, include_notes) for a in answers],
            }
        )
    high_medium = [
        {
            "pillar": p,
            "questions": [a for a in state.answers if a.pillar_key == p.key and a.risk in IN_PLAN],
        }
        for p in pillars
    ]
    return {
        **_common(job, state, options, pillars),
        "sections": sections,
        "risk_lists": [group for group in high_medium if group["questions"]],
        "charts": _charts(state, pillars),
        "plan": [entry for entry in plan if entry["pillar"] in keys],
    }


def _chosen_counts(state: ReviewState, pillars: list) -> dict:
    """Risk counts of the chosen pillars (all of them: the review's own counts)."""
    if len(pillars) == len(state.pillars):
        return state.risk_counts
    counts: dict[str, int] = {}
    for pillar in pillars:
        for risk, value in state.risk_summary.get("pillars", {}).get(pillar.key, {}).items():
            counts[risk] = counts.get(risk, 0) + value
    return counts


def _common(job: ReportJob, state: ReviewState, options: dict, pillars: list) -> dict:
    counts = _chosen_counts(state, pillars)
    total = sum(counts.values())
    return {
        "job": job,
        "kind": ReportKind(job.kind),
        "title": f"{ReportKind(job.kind).label}",
        "workload": state.workload,
        "workload_rows": _workload_rows(state.workload),
        "version": state.version,
        "as_of": state.as_of,
        "organisation": options.get("organisation", ""),
        "include_notes": options.get("include_notes", True),
        "lens_notes": state.notes if options.get("include_notes", True) else "",
        "counts": _counts_list(counts),
        "answered": total - counts.get("UNANSWERED", 0),
        "total": total,
        "pillar_names": [p.name for p in pillars] if len(pillars) != len(state.pillars) else [],
        "generated_at": timezone.now(),
    }


def improvement_plan_context(job: ReportJob) -> dict:
    options = job.options or {}
    state = review_state(job, job.milestone)
    pillars = _wanted_pillars(state, options)
    keys = {p.key for p in pillars}
    plan = [
        entry
        for entry in improvement_plan_from(
            answers=state.answers,
            items=state.items,
            pillar_priorities=state.workload.get("pillar_priorities"),
        )
        if entry["pillar"] in keys
    ]
    by_pillar = [
        {"pillar": p, "entries": [e for e in plan if e["pillar"] == p.key]} for p in pillars
    ]
    by_phase = [
        {"phase": ph, "entries": [e for e in plan if e["phase"] == ph.key]} for ph in state.phases
    ]
    statuses: dict[str, int] = {}
    for entry in plan:
        for item in entry["items"]:
            statuses[item["status_label"]] = statuses.get(item["status_label"], 0) + 1
    return {
        **_common(job, state, options, pillars),
        "plan": plan,
        "by_pillar": [group for group in by_pillar if group["entries"]],
        "by_phase": [group for group in by_phase if group["entries"]],
        "item_total": sum(len(entry["items"]) for entry in plan),
        "item_statuses": statuses,
        "charts": _charts(state, pillars),
    }


def comparison_context(job: ReportJob) -> dict:
    options = job.options or {}
    # Each state read once: the report's own view of the target side comes from the reads
    # of the comparison.
    states = compared_states(job.workload, base=job.base, target=job.target or "current")
    comparison = comparison_of(states)
    lens = next((entry for entry in comparison["lenses"] if entry["lens"] == job.lens.slug), None)
    state = compared_review_state(job, states)
    trend = workload_trend(job.workload)
    pillars = _wanted_pillars(state, options)
    keys = {p.key for p in pillars}

    def side(described: dict) -> str:
        if described["milestone"] == "current":
            return "now"
        return f"milestone {described['milestone']} ({described['name']})"

    before_label, after_label = side(comparison["base"]), side(comparison["target"])
    charts_before_after = {}
    if lens:
        charts_before_after = {
            "before": charts.pillar_risk_bars(
                [
                    {"name": p["name"], "risk_counts": p["before"]}
                    for p in lens["pillars"]
                    if p["key"] in keys
                ],
                title=f"Risks per pillar, before ({before_label})",
            ),
            "after": charts.pillar_risk_bars(
                [
                    {"name": p["name"], "risk_counts": p["after"]}
                    for p in lens["pillars"]
                    if p["key"] in keys
                ],
                title=f"Risks per pillar, after ({after_label})",
            ),
        }
        if state.phases:
            pillar_list = [{"key": p.key, "name": p.name} for p in pillars]
            phase_list = [{"key": p.key, "name": p.name} for p in state.phases]
            for name, side_key in (("heatmap_before", "before"), ("heatmap_after", "after")):
                cells = {f"{c['pillar']}|{c['phase']}": c[side_key] for c in lens["matrix"]}
                label = before_label if side_key == "before" else after_label
                charts_before_after[name] = charts.heatmap(
                    pillar_list,
                    phase_list,
                    cells,
                    title=f"Risks by pillar and lifecycle phase, {side_key} ({label})",
                )
    questions = [q for q in (lens or {}).get("questions", []) if q["pillar"] in keys]
    pillar_rows = [p for p in (lens or {}).get("pillars", []) if p["key"] in keys]
    changed = [
        {**q, **_risk_labels(q)}
        for q in questions
        if q["pillar"] in keys
        and (
            q["direction"] != "unchanged"
            or q["gained"]
            or q["lost"]
            or q["applicability_changed"]
            or q["notes_changed"]
        )
    ]
    return {
        **_common(job, state, options, pillars),
        "as_of": f"From {before_label} to {after_label}",
        "before_label": before_label,
        "after_label": after_label,
        "comparison": comparison,
        "summary": _comparison_summary(questions, pillar_rows),
        "lens_comparison": lens,
        "items": _comparison_items(lens, questions),
        "changed_questions": changed,
        "pillar_rows": pillar_rows,
        "phase_rows": _phase_rows(lens, keys),
        "charts": {**charts_before_after, "trend": charts.trend_chart(trend)},
    }


def _comparison_summary(questions: list, pillar_rows: list) -> dict:
    """Question directions and HIGH/MEDIUM totals of the lens and pillars in the report
    (the comparison itself sums every lens of the workload)."""
    directions = dict.fromkeys(["improved", "regressed", "unchanged", "new", "removed"], 0)
    for question in questions:
        directions[question["direction"]] += 1

    def total(side: str, risk: str) -> int:
        return sum(row[side].get(risk, 0) for row in pillar_rows)

    return {
        "questions": directions,
        "high": {"before": total("before", "HIGH"), "after": total("after", "HIGH")},
        "medium": {"before": total("before", "MEDIUM"), "after": total("after", "MEDIUM")},
    }


def _comparison_items(lens: dict | None, questions: list) -> dict:
    """Opened, closed and changed improvement items of the questions in the report."""
    keys = {q["question_key"] for q in questions}
    items = (lens or {}).get("improvement_items", {})

    def labelled(item: dict) -> dict:
        labels = {
            f"{field}_label": ItemStatus(item[field]).label
            for field in ("status", "status_before")
            if item.get(field) in ItemStatus.values
        }
        return {**item, **labels}

    return {
        name: [labelled(i) for i in items.get(name, []) if i["question_key"] in keys]
        for name in ("opened", "closed", "changed")
    }


def _phase_rows(lens: dict | None, pillar_keys: set) -> list[dict]:
    """Before/after counts per phase, summed over the chosen pillars' cells."""
    if not lens:
        return []
    rows = {row["key"]: {**row, "before": {}, "after": {}} for row in lens["phases"]}
    for cell in lens["matrix"]:
        row = rows.get(cell["phase"])
        if row is None or cell["pillar"] not in pillar_keys:
            continue
        for side in ("before", "after"):
            for risk, value in cell[side].items():
                row[side][risk] = row[side].get(risk, 0) + value
    return [
        {**row, **{side: _all_risks(row[side]) for side in ("before", "after")}}
        for row in rows.values()
    ]


def _risk_labels(question: dict) -> dict:
    return {
        f"{side}_label": Risk(question[side]).label
        for side in ("risk_before", "risk_after")
        if question[side]
    }


def _all_risks(counts: dict) -> dict:
    return {risk.value: counts.get(risk.value, 0) for risk in RISK_ORDER}


BUILDERS = {
    ReportKind.REVIEW: review_context,
    ReportKind.IMPROVEMENT_PLAN: improvement_plan_context,
    ReportKind.COMPARISON: comparison_context,
}
