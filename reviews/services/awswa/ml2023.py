"""The AWS tool's 2023 Machine Learning Lens (alias ``machinelearning``): 20 questions.

Facts only (ml-lens-facts.md §3.2): each question's choices in order, as the 2023 best-practice
ids that the shipped lens records as choice aliases. Choice ``<QuestionId>_<n>`` (``ops1_1``,
``COST2_12``) is the n-th entry of its question.
"""

from __future__ import annotations

LENS_SLUG = "machine-learning"

QUESTIONS: dict[str, tuple[str, ...]] = {
    "OPS1": ("MLOE-01", "MLOE-04", "MLOE-02"),
    "OPS2": ("MLOE-06", "MLOE-08", "MLOE-07", "MLOE-11", "MLOE-10", "MLOE-03"),
    "OPS3": ("MLOE-12", "MLOE-16", "MLOE-13"),
    "OPS4": ("MLOE-14", "MLOE-05", "MLOE-15", "MLOE-09"),
    "SEC1": ("MLSEC-01", "MLSEC-04", "MLSEC-08"),
    "SEC2": ("MLSEC-03", "MLSEC-12", "MLSEC-05"),
    "SEC3": ("MLSEC-06", "MLSEC-07", "MLSEC-09", "MLSEC-10", "MLSEC-02"),
    "SEC4": ("MLSEC-13", "MLSEC-11"),
    "REL1": ("MLREL-02", "MLREL-01", "MLREL-12"),
    "REL2": ("MLREL-05", "MLREL-03", "MLREL-04", "MLREL-10", "MLREL-07", "MLREL-08", "MLREL-09"),
    "REL3": ("MLREL-11", "MLREL-06", "MLREL-13"),
    "PERF1": ("MLPER-01", "MLPER-03", "MLPER-13", "MLPER-09"),
    "PERF2": ("MLPER-04", "MLPER-02", "MLPER-17", "MLPER-05", "MLPER-06", "MLPER-11", "MLPER-12"),
    "PERF3": ("MLPER-07", "MLPER-15", "MLPER-08", "MLPER-14", "MLPER-16", "MLPER-18", "MLPER-10"),
    "COST1": ("MLCOST-01", "MLCOST-03", "MLCOST-27", "MLCOST-28"),
    "COST2": (
        "MLCOST-12",
        "MLCOST-22",
        "MLCOST-04",
        "MLCOST-05",
        "MLCOST-06",
        "MLCOST-13",
        "MLCOST-21",
        "MLCOST-09",
        "MLCOST-15",
        "MLCOST-24",
        "MLCOST-25",
        "MLCOST-26",
    ),
    "COST3": (
        "MLCOST-02",
        "MLCOST-16",
        "MLCOST-08",
        "MLCOST-23",
        "MLCOST-07",
        "MLCOST-20",
        "MLCOST-29",
    ),
    "COST4": ("MLCOST-11", "MLCOST-17", "MLCOST-19", "MLCOST-18", "MLCOST-14", "MLCOST-10"),
    "SUS1": ("MLSUS-01", "MLSUS-02", "MLSUS-03", "MLSUS-05", "MLSUS-07", "MLSUS-11", "MLSUS-15"),
    "SUS2": (
        "MLSUS-08",
        "MLSUS-04",
        "MLSUS-06",
        "MLSUS-09",
        "MLSUS-10",
        "MLSUS-12",
        "MLSUS-13",
        "MLSUS-14",
        "MLSUS-16",
    ),
}


def question_of(question_id: str) -> str | None:
    """The 2023 question id in its canonical case, or ``None``."""
    key = question_id.upper()
    return key if key in QUESTIONS else None


def choice_alias(question: str, choice_id: str) -> str | None:
    """The 2023 best-practice id of choice ``<question>_<n>``, or ``None``."""
    prefix, _, number = choice_id.rpartition("_")
    if prefix.upper() != question or not number.isdigit():
        return None
    index = int(number) - 1
    practices = QUESTIONS[question]
    return practices[index] if 0 <= index < len(practices) else None


def choice_id(question: str, alias: str) -> str | None:
    """The tool's choice id for a 2023 best-practice id of ``question`` (export side)."""
    practices = QUESTIONS[question]
    if alias not in practices:
        return None
    stem = question.lower() if question.startswith("OPS") else question
    return f"{stem}_{practices.index(alias) + 1}"
