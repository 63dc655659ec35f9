"""Risk of one answer, and risk counts of a review. Pure functions over plain data.

A question's risk follows the custom-lens rules (spec §2.5): NOT_APPLICABLE when the
question is marked not applicable, UNANSWERED when nothing is selected, otherwise the
first risk rule whose condition holds. A choice marked not applicable counts as not
selected in conditions and is left out of improvement items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from catalog.choices import Risk
from catalog.riskrules import CompiledRules

RISKS = [risk.value for risk in Risk]
# Risks whose questions have an improvement plan, in the plan's order.
PLAN_RISKS = (Risk.HIGH.value, Risk.MEDIUM.value)
IN_PLAN = frozenset(PLAN_RISKS)
# Worst first: how tables, charts and reports list risks (and pick the worst of several).
SEVERITY_ORDER = (Risk.HIGH, Risk.MEDIUM, Risk.NONE, Risk.NOT_APPLICABLE, Risk.UNANSWERED)
# Risks that count as "answered" for progress.
ANSWERED = {Risk.HIGH, Risk.MEDIUM, Risk.NONE, Risk.NOT_APPLICABLE}


def answer_risk(*, rules: CompiledRules, selected: Iterable[str], is_applicable: bool) -> str:
    """The risk of an answer given its rules and its selected choice keys."""
    if not is_applicable:
        return Risk.NOT_APPLICABLE.value
    chosen = frozenset(selected)
    if not chosen:
        return Risk.UNANSWERED.value
    # Lenses without a default rule are completed by the importer; be safe anyway.
    return rules.evaluate(chosen) or Risk.HIGH.value


def open_choice_keys(
    *, known: Mapping[str, bool], selected: Iterable[str], not_applicable: Iterable[str]
) -> list[str]:
    """The question's best practices neither selected nor marked not applicable, in lens
    order. "None of these" is no best practice. ``known`` maps the question's choice keys, in
    lens order, to whether each is "None of these"."""
    selected, not_applicable = set(selected), set(not_applicable)
    return [
        key
        for key, is_none in known.items()
        if not is_none and key not in selected and key not in not_applicable
    ]


def none_selected(*, known: Mapping[str, bool], selected: Iterable[str]) -> bool:
    """Whether the selection holds the question's "None of these" choice."""
    return any(known.get(key) for key in selected)


def plan_choice_keys(
    *, known: Mapping[str, bool], risk: str, selected: Iterable[str], not_applicable: Iterable[str]
) -> list[str]:
    """The choices of a question in its improvement plan, in lens order: when the question is
    HIGH or MEDIUM, its open best practices (:func:`open_choice_keys`); otherwise none.

    The one statement of plan membership: the live plan, a milestone's, a comparison's, a
    report's, an upgrade's and the answer service's untracking all come here."""
    if risk not in IN_PLAN:
        return []
    return open_choice_keys(known=known, selected=selected, not_applicable=not_applicable)


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(RISKS, 0)


def cell_key(pillar: str, phase: str) -> str:
    return f"{pillar}|{phase}"


def summarize(answers: Iterable[Mapping]) -> dict:
    """Counts per pillar, per phase and per pillar × phase cell from ``{pillar_key,
    phase_key, risk}`` rows — the from-scratch computation the stored summary must equal."""
    summary: dict = {"pillars": {}, "phases": {}, "matrix": {}}
    for answer in answers:
        add(summary, answer["pillar_key"], answer["phase_key"], answer["risk"], +1)
    return summary


def add(summary: dict, pillar: str, phase: str, risk: str, delta: int) -> None:
    """Add ``delta`` questions of ``risk`` to a summary's pillar, phase and cell."""
    targets = [summary["pillars"].setdefault(pillar, empty_counts())]
    if phase:
        targets.append(summary["phases"].setdefault(phase, empty_counts()))
        targets.append(summary["matrix"].setdefault(cell_key(pillar, phase), empty_counts()))
    for counts in targets:
        counts[risk] = counts.get(risk, 0) + delta


def move(summary: dict, pillar: str, phase: str, old: str, new: str) -> None:
    """Move one question from risk ``old`` to ``new`` in a stored summary."""
    if old != new:
        add(summary, pillar, phase, old, -1)
        add(summary, pillar, phase, new, +1)
