"""Answers of a lens review."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from catalog.models import Choice, RiskRule
from catalog.question_tree import QuestionTree
from reviews.models import (
    Answer,
    LensReview,
)
from reviews.selectors.lens_reviews import review_question_tree


def answers_for_review(
    review: LensReview, *, pillar: str = "", phase: str = "", risk: str = ""
) -> QuerySet[Answer]:
    """Answers with their questions, choices and rules: a constant number of queries."""
    answers = _filtered(review, pillar=pillar, phase=phase, risk=risk)
    return (
        answers.select_related("question", "question__pillar", "question__phase", "updated_by")
        .prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("order")),
            Prefetch("question__risk_rules", queryset=RiskRule.objects.order_by("order")),
        )
        .order_by("order")
    )


def answers_with_tree(
    review: LensReview, *, pillar: str = "", phase: str = "", risk: str = ""
) -> tuple[list[Answer], QuestionTree]:
    """The review's answers (in lens order) and the compiled questions to show them with:
    one query for the answers, none for the questions of a published version."""
    answers = _filtered(review, pillar=pillar, phase=phase, risk=risk).select_related("updated_by")
    return list(answers.order_by("order")), review_question_tree(review)


def _filtered(review: LensReview, *, pillar: str, phase: str, risk: str) -> QuerySet[Answer]:
    """The review's answers of ``pillar``, ``phase`` and one of the comma-separated ``risk``
    (each only when given)."""
    answers = Answer.objects.filter(lens_review=review)
    if pillar:
        answers = answers.filter(pillar_key=pillar)
    if phase:
        answers = answers.filter(phase_key=phase)
    if risk:
        answers = answers.filter(risk__in=risk.split(","))
    return answers


def answer_get(review: LensReview, question_key: str) -> Answer:
    answer = answers_for_review(review).filter(question_key=question_key).first()
    if answer is None:
        raise Http404("No such question in this review.")
    return answer
