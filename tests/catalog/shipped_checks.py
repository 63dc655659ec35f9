"""Checks shared by the tests of the lenses shipped with mllens besides the ML Lens."""

from __future__ import annotations

import json
from itertools import chain, combinations

from catalog import lensformat, services
from catalog.choices import RISK_TO_FORMAT
from catalog.lensformat.export import export_document
from catalog.models import Lens, LensVersion, Question
from catalog.riskrules import compile_rules
from tests.catalog.factories import load_shipped

OTHER_LEVEL = {"HIGH": "MEDIUM", "MEDIUM": "HIGH"}


def shipped_version(slug: str) -> LensVersion:
    """Run ``manage.py load_lenses``; return the one published version of ``slug``."""
    load_shipped()
    return Lens.objects.get(slug=slug).versions.get()


def questions_of(version: LensVersion) -> list[Question]:
    return list(
        version.questions.select_related("pillar", "phase").prefetch_related(
            "choices", "risk_rules"
        )
    )


def rule_risk(question: Question, selected) -> str:
    """The risk the stored rules give ``selected`` (choice keys), by our evaluator."""
    rules = compile_rules((r.condition, RISK_TO_FORMAT[r.risk]) for r in question.risk_rules.all())
    return rules.evaluate(frozenset(selected))


def every_selection(keys: list[str]):
    """Every subset of ``keys``: 2**len(keys) selections."""
    return chain.from_iterable(combinations(keys, size) for size in range(len(keys) + 1))


def assert_official_rules(questions: list[Question], if_any_missing: dict[str, str]) -> int:
    """For every question, every selection of its choices ("None of these" included) gets
    the official risk: no risk with every practice, else the group's level. Returns the
    number of selections checked. Also checks the rules are the official three, in order."""
    checked = 0
    for question in questions:
        level = if_any_missing[question.key]
        choices = list(question.choices.all())
        practices = {c.key for c in choices if not c.is_none}
        for selection in every_selection([c.key for c in choices]):
            expected = "NONE" if practices <= set(selection) else level
            assert rule_risk(question, selection) == expected, (question.key, selection)
            checked += 1
        keys = [c.key for c in choices if not c.is_none]
        assert [(r.condition, r.risk) for r in question.risk_rules.all()] == [
            (" && ".join(keys), "NONE"),
            (" || ".join(f"(!{key})" for key in keys), level),
            ("default", OTHER_LEVEL[level]),
        ], question.key
    return checked


def assert_own_words(questions: list[Question], published: dict[str, str], docs: str) -> None:
    """Our question titles are questions of our own; every practice has our description and
    improvement plan and links to its page in the AWS docs."""
    assert len({q.title for q in questions}) == len(questions)
    for question in questions:
        assert question.title.endswith("?"), question.key
        assert question.title != published[question.key], question.key
        assert question.description.strip(), question.key
        for choice in question.choices.all():
            if choice.is_none:
                assert (choice.title, choice.key) == ("None of these", f"{question.key}_no")
                continue
            assert choice.helpful_resource_url == f"{docs}{choice.best_practice_id.lower()}.html"
            assert choice.helpful_resource_text.startswith(choice.best_practice_id)
            assert choice.description.strip()
            assert choice.description != choice.title
            plan = choice.improvement_plan_text
            assert plan.strip()
            assert plan not in (choice.title, choice.description)


def assert_exports_re_import(slug: str) -> None:
    """``format=full`` re-imports strictly to the same document; ``format=aws`` imports
    strictly with the same pillars, questions, choices (with their descriptions) and rules,
    and no extension."""
    document = lensformat.load(
        (services.SHIPPED_DIR / f"{slug}.json").read_bytes(), strict=True
    ).document
    full = export_document(document, format="full")
    assert lensformat.validate(full.document, strict=True).document == document
    exported = export_document(document, format="aws")
    assert exported.warnings == []  # nothing had to be shortened
    aws = lensformat.validate(exported.document, strict=True).document
    assert '"mllens":' not in json.dumps(aws)  # no extension object anywhere

    def skeleton(doc):
        return [
            (
                p["id"],
                q["id"],
                [(c["id"], c.get("description")) for c in q["choices"]],
                q["riskRules"],
            )
            for p in doc["pillars"]
            for q in p["questions"]
        ]

    assert skeleton(aws) == skeleton(document)
