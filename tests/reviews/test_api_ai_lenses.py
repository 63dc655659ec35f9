"""Reviews of the shipped Generative AI and Responsible AI lenses through the API (issue 13
part 6): applied to a workload, answered, risks from the official rules, counts consistent."""

from __future__ import annotations

import pytest

from catalog.services import shipped_lenses_load
from tests.reviews.helpers import assert_counts_match_answers, listed, review_url, select, url

ZERO = {"UNANSWERED": 0, "HIGH": 0, "MEDIUM": 0, "NONE": 0, "NOT_APPLICABLE": 0}


@pytest.fixture
def shipped(db):
    shipped_lenses_load()


@pytest.mark.parametrize(
    ("slug", "edition", "questions", "pillars"),
    [
        ("generative-ai", "2025-11-19", 29, 6),
        ("responsible-ai", "2025-11-19", 28, 8),
    ],
)
def test_it_applies_a_new_lens_to_a_workload(
    slug, edition, questions, pillars, shipped, workload, clients
):
    # Applying a lens is an owner action (README, "Who may do what").
    response = clients["owner"].post(url(workload, "reviews"), {"lens": slug})
    assert response.status_code == 201, response.json()
    body = clients["reader"].get(review_url(workload, slug)).json()
    assert (body["lens"], body["lens_version"]) == (slug, edition)
    assert body["questions_total"] == questions
    assert body["risk_counts"] == {**ZERO, "UNANSWERED": questions}
    assert len(body["pillars"]) == pillars
    # Neither lens places questions in phases: no phase grouping, no pillar x phase cells.
    assert (body["phases"], body["matrix"]) == ([], [])
    shown = listed(clients["reader"], review_url(workload, slug, "answers"))
    assert len(shown) == questions


def test_it_rates_genai_answers_by_the_official_rules(shipped, workload, clients):
    owner = clients["owner"]
    owner.post(url(workload, "reviews"), {"lens": "generative-ai"})
    slug = "generative-ai"
    assert select(owner, workload, slug, "GENOPS01", "BP01", "BP02")["risk"] == "NONE"
    assert select(owner, workload, slug, "GENOPS02", "BP01", "BP03")["risk"] == "HIGH"
    assert select(owner, workload, slug, "GENREL03", "BP01")["risk"] == "MEDIUM"
    assert select(owner, workload, slug, "GENCOST05", "no")["risk"] == "HIGH"
    body = clients["reader"].get(review_url(workload, slug)).json()
    assert body["risk_counts"] == {**ZERO, "UNANSWERED": 25, "HIGH": 2, "MEDIUM": 1, "NONE": 1}
    assert_counts_match_answers(workload)


def test_it_rates_rai_answers_by_the_official_rules(shipped, workload, clients):
    clients["owner"].post(url(workload, "reviews"), {"lens": "responsible-ai"})
    contributor = clients["contributor"]
    slug = "responsible-ai"
    assert select(contributor, workload, slug, "RAIUC01", "BP01", "BP02")["risk"] == "NONE"
    assert select(contributor, workload, slug, "RAIBR04", "BP01", "BP02")["risk"] == "MEDIUM"
    everything_but_bp06 = ["BP01", "BP02", "BP03", "BP04", "BP05", "BP07", "BP08", "BP09", "BP10"]
    assert select(contributor, workload, slug, "RAISP02", *everything_but_bp06)["risk"] == "HIGH"
    gaps = ["BP01", "BP02", "BP03", "BP04", "BP06"]  # RAIGT01 has no BP05
    assert select(contributor, workload, slug, "RAIGT01", *gaps)["risk"] == "NONE"
    body = clients["reader"].get(review_url(workload, slug)).json()
    assert body["risk_counts"] == {**ZERO, "UNANSWERED": 24, "HIGH": 1, "MEDIUM": 1, "NONE": 2}
    focus = {p["key"]: p["risk_counts"] for p in body["pillars"]}
    assert focus["userGuidance"] == {**ZERO, "NONE": 1}
    assert_counts_match_answers(workload)
