"""Comparing two states of a workload (two milestones, or a milestone and now).

Pure: takes plain snapshots and question catalogues, returns plain data. Questions are
matched by key, so states on different lens versions compare too; a question on one
side only is ``new`` or ``removed``.

Direction of a question is judged by risk severity — HIGH 3, MEDIUM 2, UNANSWERED 1,
NONE and NOT_APPLICABLE 0 — so answering a question with no risk is an improvement,
discovering a high risk in an unanswered question is a regression, and NONE ↔
NOT_APPLICABLE is unchanged (reported as an applicability change).
"""

from __future__ import annotations

from collections.abc import Mapping

from reviews.risk import RISKS, cell_key, plan_choice_keys

SEVERITY = {"HIGH": 3, "MEDIUM": 2, "UNANSWERED": 1, "NONE": 0, "NOT_APPLICABLE": 0}
IMPROVED, REGRESSED, UNCHANGED, NEW, REMOVED = (
    "improved",
    "regressed",
    "unchanged",
    "new",
    "removed",
)
TRACKED_FIELDS = ("status", "owner_id", "due_date", "note")


def direction(before: str | None, after: str | None) -> str:
    if before is None:
        return NEW
    if after is None:
        return REMOVED
    if SEVERITY[after] < SEVERITY[before]:
        return IMPROVED
    if SEVERITY[after] > SEVERITY[before]:
        return REGRESSED
    return UNCHANGED


def _plan_items(answers: list[dict], questions: Mapping) -> set[tuple[str, str]]:
    """The (question, choice) pairs in the improvement plan of a state."""
    items = set()
    for answer in answers:
        question = questions.get(answer["question_key"])
        if question is None:
            continue
        keys = plan_choice_keys(
            known={key: choice["is_none"] for key, choice in question["choices"].items()},
            risk=answer["risk"],
            selected=answer["selected_choices"],
            not_applicable=answer["choice_statuses"],
        )
        items.update((answer["question_key"], key) for key in keys)
    return items


def _counts(counts: Mapping | None) -> dict[str, int]:
    """Counts with every risk level in the order of ``Risk`` (stored JSON may lose both)."""
    counts = counts or {}
    return {level: counts.get(level, 0) for level in RISKS}


def _pairs(before: Mapping, after: Mapping, names: Mapping[str, str]) -> list[dict]:
    keys = list(dict.fromkeys([*names, *before, *after]))
    return [
        {
            "key": key,
            "name": names.get(key, key),
            "before": _counts(before.get(key)),
            "after": _counts(after.get(key)),
        }
        for key in keys
    ]


def _names(before: dict | None, after: dict | None, field: str) -> dict[str, str]:
    """Names of pillars or phases in the target's lens order, then those only the base has."""
    names = dict((after or {}).get(field, {}))
    for key, name in (before or {}).get(field, {}).items():
        names.setdefault(key, name)
    return names


def _matrix(summary_a: Mapping, summary_b: Mapping, pillars, phases) -> list[dict]:
    """Before/after counts of every pillar × phase cell that holds questions on either side,
    in lens order (stored summaries do not keep key order on PostgreSQL)."""
    cells_a, cells_b = summary_a.get("matrix", {}), summary_b.get("matrix", {})
    ordered = [cell_key(pillar, phase) for pillar in pillars for phase in phases]
    cells = dict.fromkeys([*ordered, *cells_b, *cells_a])
    present = [cell for cell in cells if cell in cells_a or cell in cells_b]
    return [
        {
            "pillar": cell.split("|", 1)[0],
            "phase": cell.split("|", 1)[1],
            "before": _counts(cells_a.get(cell)),
            "after": _counts(cells_b.get(cell)),
        }
        for cell in present
    ]


def _question_change(key: str, a: dict | None, b: dict | None, qa, qb) -> dict:
    info = qb or qa
    selected_a = set(a["selected_choices"]) if a else set()
    selected_b = set(b["selected_choices"]) if b else set()
    titles = {**(qa or {}).get("choices", {}), **(qb or {}).get("choices", {})}

    def described(keys) -> list[dict]:
        # "None of these" is no best practice: choosing or dropping it is neither gain nor loss.
        known = [k for k in keys if k in titles and not titles[k]["is_none"]]
        return [
            {
                "key": k,
                "title": titles[k]["title"],
                "best_practice_id": titles[k]["best_practice_id"],
            }
            for k in sorted(known, key=lambda k: titles[k]["order"])
        ]

    na_a = (a or {}).get("choice_statuses", {})
    na_b = (b or {}).get("choice_statuses", {})
    applicable_a = a["is_applicable"] if a else None
    applicable_b = b["is_applicable"] if b else None
    notes_a, notes_b = (a or {}).get("notes", ""), (b or {}).get("notes", "")
    return {
        "question_key": key,
        "title": info["title"],
        "pillar": info["pillar"],
        "phase": info["phase"],
        "risk_before": a["risk"] if a else None,
        "risk_after": b["risk"] if b else None,
        "direction": direction(a["risk"] if a else None, b["risk"] if b else None),
        "gained": described(selected_b - selected_a),
        "lost": described(selected_a - selected_b),
        "not_applicable_added": described(set(na_b) - set(na_a)),
        "not_applicable_removed": described(set(na_a) - set(na_b)),
        "applicability_changed": a is not None and b is not None and applicable_a != applicable_b,
        "is_applicable_before": applicable_a,
        "is_applicable_after": applicable_b,
        "notes_changed": a is not None and b is not None and notes_a != notes_b,
        "notes_before": notes_a,
        "notes_after": notes_b,
    }


def compare_review(before: dict | None, after: dict | None, catalogues: Mapping) -> dict:
    """Compare one lens's review on both sides (either side may be missing)."""
    qa = catalogues.get(before["lens_version_id"], {}) if before else {}
    qb = catalogues.get(after["lens_version_id"], {}) if after else {}
    answers_a = {a["question_key"]: a for a in (before or {}).get("answers", [])}
    answers_b = {a["question_key"]: a for a in (after or {}).get("answers", [])}
    order = list(dict.fromkeys([*answers_b, *answers_a]))
    questions = [
        _question_change(key, answers_a.get(key), answers_b.get(key), qa.get(key), qb.get(key))
        for key in order
    ]
    summary_a = (before or {}).get("risk_summary", {"pillars": {}, "phases": {}, "matrix": {}})
    summary_b = (after or {}).get("risk_summary", {"pillars": {}, "phases": {}, "matrix": {}})
    meta = after or before
    pillar_names = _names(before, after, "pillar_names")
    phase_names = _names(before, after, "phase_names")
    matrix = _matrix(summary_a, summary_b, pillar_names, phase_names)
    plan_a = _plan_items(list(answers_a.values()), qa)
    plan_b = _plan_items(list(answers_b.values()), qb)
    tracked_a = {
        (i["question_key"], i["choice_key"]): i for i in (before or {}).get("improvement_items", [])
    }
    tracked_b = {
        (i["question_key"], i["choice_key"]): i for i in (after or {}).get("improvement_items", [])
    }

    position = {key: index for index, key in enumerate(order)}

    def lens_order(pairs) -> list[tuple[str, str]]:
        def rank(pair):
            question = qb.get(pair[0]) or qa.get(pair[0]) or {}
            choice = question.get("choices", {}).get(pair[1], {})
            return position.get(pair[0], len(position)), choice.get("order", 0), pair

        return sorted(pairs, key=rank)

    def item(pair, tracked) -> dict:
        question = qb.get(pair[0]) or qa.get(pair[0]) or {}
        choice = question.get("choices", {}).get(pair[1], {})
        row = tracked.get(pair, {})
        return {
            "question_key": pair[0],
            "choice_key": pair[1],
            "title": choice.get("title", ""),
            "status": row.get("status", "OPEN"),
        }

    changed = [
        {
            **item(pair, tracked_b),
            "fields": [
                f
                for f in TRACKED_FIELDS
                if tracked_a.get(pair, {}).get(f) != tracked_b.get(pair, {}).get(f)
            ],
            "status_before": tracked_a.get(pair, {}).get("status", "OPEN"),
        }
        for pair in lens_order(plan_a & plan_b)
        if any(
            tracked_a.get(pair, {}).get(f) != tracked_b.get(pair, {}).get(f) for f in TRACKED_FIELDS
        )
    ]
    return {
        "lens": meta["lens"],
        "lens_name": meta["lens_name"],
        "base_version": before["lens_version"] if before else None,
        "target_version": after["lens_version"] if after else None,
        "risk_counts": {
            "before": _counts((before or {}).get("risk_counts")),
            "after": _counts((after or {}).get("risk_counts")),
        },
        "pillars": _pairs(summary_a.get("pillars", {}), summary_b.get("pillars", {}), pillar_names),
        "phases": _pairs(summary_a.get("phases", {}), summary_b.get("phases", {}), phase_names),
        "matrix": matrix,
        "questions": questions,
        "improvement_items": {
            "opened": [item(pair, tracked_b) for pair in lens_order(plan_b - plan_a)],
            "closed": [item(pair, tracked_a) for pair in lens_order(plan_a - plan_b)],
            "changed": changed,
        },
    }


def compare_states(before: list[dict], after: list[dict], catalogues: Mapping) -> dict:
    """Compare two workload states (lists of review snapshots) lens by lens."""
    by_lens_a = {review["lens"]: review for review in before}
    by_lens_b = {review["lens"]: review for review in after}
    lenses = [
        compare_review(by_lens_a.get(lens), by_lens_b.get(lens), catalogues)
        for lens in dict.fromkeys([*by_lens_b, *by_lens_a])
    ]
    directions = dict.fromkeys([IMPROVED, REGRESSED, UNCHANGED, NEW, REMOVED], 0)
    for lens in lenses:
        for question in lens["questions"]:
            directions[question["direction"]] += 1

    def total(side: str, risk: str) -> int:
        return sum(lens["risk_counts"][side].get(risk, 0) for lens in lenses)

    return {
        "summary": {
            "questions": directions,
            "high": {"before": total("before", "HIGH"), "after": total("after", "HIGH")},
            "medium": {"before": total("before", "MEDIUM"), "after": total("after", "MEDIUM")},
        },
        "lenses": lenses,
    }
