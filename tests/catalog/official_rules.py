"""The ML Lens risk rules as facts (TSV files under tests/catalog/data/) and an oracle for them.

``ml-lens-official-risk-rules.tsv`` holds the rules of AWS's official ML Lens, per question and
in order; ``machine-learning-2025-11-risk-rules.tsv`` those of the edition mllens shipped before
it. The oracle evaluates a condition with Python's own Boolean operators, independently of
``catalog.riskrules``, so the app's parser and evaluator are checked against something else.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from catalog import services

DATA = Path(__file__).resolve().parent / "data"
OFFICIAL_TSV = DATA / "ml-lens-official-risk-rules.tsv"
PREVIOUS_TSV = DATA / "machine-learning-2025-11-risk-rules.tsv"
LEVELS = {"HIGH_RISK": "HIGH", "MEDIUM_RISK": "MEDIUM", "NO_RISK": "NONE"}
_TOKEN = re.compile(r"\s*(&&|\|\||!|\(|\)|[A-Za-z0-9_]+)")


def read_rules(path: Path) -> dict[str, list[tuple[str, str]]]:
    """``{question id: [(condition, risk), ...]}`` in rule order, as the TSV file lists them."""
    rows: dict[str, list[tuple[int, str, str]]] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rows.setdefault(row["question_id"], []).append(
                (int(row["rule_order"]), row["condition"], row["risk"])
            )
    return {key: [(c, r) for _, c, r in sorted(rules)] for key, rules in rows.items()}


def _python(condition: str, selected: frozenset[str]) -> str:
    words, position = [], 0
    while position < len(condition):
        match = _TOKEN.match(condition, position)
        assert match, f"unexpected text in {condition!r} at {position}"
        token = match.group(1)
        words.append(
            {"&&": "and", "||": "or", "!": "not", "(": "(", ")": ")"}.get(
                token, str(token in selected)
            )
        )
        position = match.end()
    return " ".join(words)


def oracle(rules: list[tuple[str, str]], selected: frozenset[str]) -> str:
    """The risk (HIGH, MEDIUM, NONE) the first true rule gives, evaluated by Python."""
    for condition, risk in rules:
        if condition == "default" or eval(_python(condition, selected), {"__builtins__": {}}):  # noqa: S307
            return LEVELS[risk]
    raise AssertionError("no rule applies")


def practice_selections(practices: list[str]) -> Iterator[frozenset[str]]:
    """Every non-empty set of the question's practices."""
    for size in range(1, len(practices) + 1):
        for combination in itertools.combinations(practices, size):
            yield frozenset(combination)


def shipped_document() -> dict:
    return json.loads((services.SHIPPED_DIR / "machine-learning.json").read_text())


def previous_edition_document() -> dict:
    """The shipped lens as it was in edition 2025-11: the same text, its own risk rules."""
    document = shipped_document()
    previous = read_rules(PREVIOUS_TSV)
    document["mllens"]["edition"] = "2025-11"
    for pillar in document["pillars"]:
        for question in pillar["questions"]:
            question["riskRules"] = [
                {"condition": c, "risk": r} for c, r in previous[question["id"]]
            ]
    return document


def aws_shaped_ml_lens() -> dict:
    """A SYNTHETIC file shaped like AWS's official ML Lens JSON: the same pillar, question and
    choice ids and the official rules, placeholder text of our own, and no ``mllens`` (the
    AWS format cannot hold it). No sentence of AWS's file is in it."""
    official = read_rules(OFFICIAL_TSV)
    pillars = []
    for pillar in shipped_document()["pillars"]:
        questions = []
        for question in pillar["questions"]:
            key = question["id"]
            choices = []
            for choice in question["choices"]:
                entry = {"id": choice["id"], "title": f"Placeholder practice {choice['id']}"}
                if not choice["id"].endswith("_no"):
                    entry["helpfulResource"] = {
                        "displayText": f"Placeholder help for {choice['id']}.",
                        "url": f"https://example.com/ml/{choice['id'].lower()}",
                    }
                    entry["improvementPlan"] = {
                        "displayText": f"Placeholder plan for {choice['id']}."
                    }
                else:
                    entry["title"] = "None of these"
                choices.append(entry)
            questions.append(
                {
                    "id": key,
                    "title": f"Placeholder question {key}",
                    "description": f"Placeholder context for {key}.",
                    "choices": choices,
                    "riskRules": [{"condition": c, "risk": r} for c, r in official[key]],
                }
            )
        pillars.append({"id": pillar["id"], "name": pillar["name"], "questions": questions})
    return {
        "schemaVersion": "2021-11-01",
        "name": "Machine Learning Lens",
        "description": "Placeholder description of the ML Lens.",
        "pillars": pillars,
    }
