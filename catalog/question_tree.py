"""A lens version's questions compiled once: choices, parsed risk rules, plan order.

Answering a question (the hot path) and listing a review's answers need, per question, its
choices in lens order, which one is "None of these", and its risk rules parsed. A published
version never changes, so its tree is built once per process and kept in memory, keyed by
the version's id and its document's digest (so a database restored under a running process,
or a test database whose ids repeat, can never serve another version's tree). A draft can
still change, so its tree is built on every call and never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Prefetch

from catalog.choices import VersionStatus
from catalog.models import Choice, Question, RiskRule
from catalog.riskrules import CompiledRules, compile_levels

# Published versions kept per process; a process serves a handful of lenses at a time.
MAX_CACHED_VERSIONS = 64


@dataclass(frozen=True, slots=True)
class ChoiceNode:
    key: str
    best_practice_id: str
    title: str
    description: str
    helpful_resource_text: str
    helpful_resource_url: str
    improvement_plan_text: str
    improvement_plan_url: str
    is_none: bool


@dataclass(frozen=True, slots=True)
class QuestionNode:
    id: int
    key: str
    title: str
    description: str
    helpful_resource_text: str
    helpful_resource_url: str
    pillar_key: str
    phase_key: str
    order: int
    choices: tuple[ChoiceNode, ...]
    rules: CompiledRules

    @property
    def known(self) -> dict[str, bool]:
        """Choice key → is "None of these", in lens order (what ``answer_rules`` takes)."""
        return {choice.key: choice.is_none for choice in self.choices}


@dataclass(frozen=True, slots=True)
class QuestionTree:
    version_id: int
    questions: dict[str, QuestionNode]  # by key, in lens order

    def get(self, key: str) -> QuestionNode | None:
        return self.questions.get(key)


@lru_cache(maxsize=4096)
def compiled_levels(rules: tuple[tuple[str, str], ...]) -> CompiledRules:
    """``(condition, level)`` pairs as stored (levels ``HIGH``/``MEDIUM``/``NONE``, never
    converted to the lens format and back), compiled once per distinct list per process.
    Keyed by the rules themselves, so an edited draft can never hit a stale entry."""
    return compile_levels(rules)


def question_rules(question: Question) -> CompiledRules:
    """A question's risk rules compiled, in rule order; uses prefetched rules when present.

    The one way from stored rules to ``CompiledRules``: the answer service (through the
    tree), upgrades, imports and the catalogue all come here."""
    rules = sorted(question.risk_rules.all(), key=lambda rule: rule.order)
    return compiled_levels(tuple((rule.condition, rule.risk) for rule in rules))


def question_node(question: Question) -> QuestionNode:
    """One question compiled; uses prefetched choices and rules (any order) when present."""
    choices = sorted(question.choices.all(), key=lambda choice: choice.order)
    return QuestionNode(
        id=question.pk,
        key=question.key,
        title=question.title,
        description=question.description,
        helpful_resource_text=question.helpful_resource_text,
        helpful_resource_url=question.helpful_resource_url,
        pillar_key=question.pillar.key,
        phase_key=question.phase.key if question.phase_id else "",
        order=question.order,
        choices=tuple(
            ChoiceNode(
                key=c.key,
                best_practice_id=c.best_practice_id,
                title=c.title,
                description=c.description,
                helpful_resource_text=c.helpful_resource_text,
                helpful_resource_url=c.helpful_resource_url,
                improvement_plan_text=c.improvement_plan_text,
                improvement_plan_url=c.improvement_plan_url,
                is_none=c.is_none,
            )
            for c in choices
        ),
        rules=question_rules(question),
    )


def _build(version_id: int, keys: tuple[str, ...] | None = None) -> QuestionTree:
    # order_by on the prefetches: the models' Meta.ordering on foreign keys adds joins.
    questions = (
        Question.objects.filter(lens_version_id=version_id)
        .select_related("pillar", "phase")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("question_id", "order")),
            Prefetch("risk_rules", queryset=RiskRule.objects.order_by("question_id", "order")),
        )
        .order_by("order")
    )
    if keys is not None:
        questions = questions.filter(key__in=keys)
    return QuestionTree(version_id, {q.key: question_node(q) for q in questions})


_cache: OrderedDict[tuple[int, str], QuestionTree] = OrderedDict()
_lock = threading.Lock()


def question_tree(
    version_id: int, *, status: str, digest: str, keys: tuple[str, ...] | None = None
) -> QuestionTree:
    """The compiled questions of a lens version (``status`` and ``digest`` its status and
    ``document_sha256``).

    A published version's whole tree comes from the process cache (built on first use).
    A draft's is built afresh, limited to ``keys`` when given.
    """
    if status != VersionStatus.PUBLISHED:
        return _build(version_id, keys)
    key = (version_id, digest)
    with _lock:
        tree = _cache.get(key)
        if tree is not None:
            _cache.move_to_end(key)
            return tree
    tree = _build(version_id)
    with _lock:
        _cache[key] = tree
        while len(_cache) > MAX_CACHED_VERSIONS:
            _cache.popitem(last=False)
    return tree


def question_tree_forget() -> None:
    """Empty the cache (tests that count the queries of a cold start)."""
    with _lock:
        _cache.clear()
