"""Issue 13 part 6: AWS's own wording of the Generative AI and Responsible AI lenses, imported
as a new version of the shipped lens, keeps mllens's extensions (phases, per-practice phases,
best-practice ids, design principles), and a review moves to it keeping every answer.

The files are SYNTHETIC, shaped like AWS's published custom-lens JSON (its pillar, question
and choice ids and its rules, as the shipped lenses have them) with placeholder text of our
own; no sentence of AWS's files is in them.
"""

from __future__ import annotations

import json

import pytest

from catalog import services
from catalog.carryover import carry_over
from catalog.models import Choice, Lens, Question
from reviews.models import Answer
from reviews.services.workloads import workload_create
from tests.catalog.factories import SHIPPED, load_shipped
from tests.fixtures.users import client_for
from tests.reviews.helpers import assert_counts_match_answers, review_url, select, url

# AWS's files name the Framework pillars in title case; the focus areas as we do.
AWS_PILLAR_NAMES = {
    "operationalExcellence": "Operational Excellence",
    "security": "Security",
    "reliability": "Reliability",
    "performance": "Performance Efficiency",
    "costOptimization": "Cost Optimization",
    "sustainability": "Sustainability",
}
SLUGS = ("generative-ai", "responsible-ai")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def aws_shaped(slug: str) -> dict:
    """The shipped lens as AWS's JSON has it: same ids and rules, no ``mllens``, placeholder
    text; choices point at the AWS docs page as AWS's do, and "None of these" carries a
    helpful resource without a link."""
    shipped = json.loads((services.SHIPPED_DIR / f"{slug}.json").read_text())
    pillars = []
    for pillar in shipped["pillars"]:
        questions = []
        for question in pillar["questions"]:
            choices = []
            for choice in question["choices"]:
                key = choice["id"]
                if key.endswith("_no"):
                    choices.append(
                        {
                            "id": key,
                            "title": "None of these",
                            "helpfulResource": {"displayText": "Placeholder: none apply."},
                        }
                    )
                    continue
                link = choice["helpfulResource"]["url"]
                choices.append(
                    {
                        "id": key,
                        "title": f"Placeholder practice {key}",
                        "helpfulResource": {"displayText": f"Placeholder help {key}.", "url": link},
                        "improvementPlan": {"displayText": f"Placeholder plan {key}.", "url": link},
                    }
                )
            questions.append(
                {
                    "id": question["id"],
                    "title": f"Placeholder question {question['id']}",
                    "description": f"Placeholder context for {question['id']}.",
                    "choices": choices,
                    "riskRules": question["riskRules"],
                }
            )
        name = AWS_PILLAR_NAMES.get(pillar["id"], pillar["name"])
        pillars.append({"id": pillar["id"], "name": name, "questions": questions})
    return {
        "schemaVersion": "2021-11-01",
        "name": shipped["name"],
        "description": f"Placeholder description of the {shipped['name']}.",
        "pillars": pillars,
    }


def extensions(version) -> dict:
    """Everything mllens adds to the AWS format, per version."""
    return {
        "phases": [(p.key, p.name) for p in version.phases.all()],
        "principles": version.design_principles,
        "questions": [
            (q.key, q.pillar.key, q.phase.key if q.phase else None)
            for q in Question.objects.filter(lens_version=version).select_related("pillar", "phase")
        ],
        "choices": [
            (c.question.key, c.key, c.best_practice_id, c.aliases, c.phases)
            for c in Choice.objects.filter(question__lens_version=version)
            .select_related("question")
            .order_by("question__order", "order")
        ],
        "rules": [
            (q.key, [(r.condition, r.risk) for r in q.risk_rules.all()])
            for q in Question.objects.filter(lens_version=version).prefetch_related("risk_rules")
        ],
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_it_imports_aws_s_wording_as_a_new_version_keeping_our_extensions(slug, staff):
    load_shipped()
    lens = Lens.objects.get(slug=slug)
    previous = lens.versions.get()
    result = services.lens_import(raw=json.dumps(aws_shaped(slug)), user=staff, lens=lens)
    draft = result.draft
    assert extensions(draft) == extensions(previous)
    codes = [w.code for w in result.warnings]
    assert "EXTENSION_CARRIED_OVER" in codes
    assert "EXTENSION_NOT_MATCHED" not in codes
    first = draft.questions.order_by("order").first()
    assert first.title == f"Placeholder question {first.key}"
    services.lens_publish(lens=lens, version="aws-text", is_major=True, user=staff)
    # load_lenses leaves the staff version on top and its own edition as it was.
    assert f"{slug} {SHIPPED[slug]}: unchanged" in load_shipped().splitlines()
    assert [v.version for v in Lens.objects.get(pk=lens.pk).versions.all()] == [
        "aws-text",
        SHIPPED[slug],
    ]


def test_it_carries_each_genai_practice_s_own_phases_over(staff):
    load_shipped()
    lens = Lens.objects.get(slug="generative-ai")
    draft = services.lens_import(
        raw=json.dumps(aws_shaped("generative-ai")), user=staff, lens=lens
    ).draft
    placed_twice = Choice.objects.get(question__lens_version=draft, key="GENSEC06_BP01")
    assert placed_twice.phases == ["developmentIntegration", "deployment"]
    assert not Choice.objects.get(question__lens_version=draft, key="GENCOST03_BP03").phases


@pytest.mark.parametrize(
    ("slug", "question", "picks", "risk"),
    [
        ("generative-ai", "GENREL03", ("BP01",), "MEDIUM"),
        ("responsible-ai", "RAIBR02", ("BP01", "BP09"), "HIGH"),
    ],
)
def test_a_review_moves_to_aws_s_wording_keeping_every_answer(
    slug, question, picks, risk, alice, staff
):
    load_shipped()
    lens = Lens.objects.get(slug=slug)
    workload = workload_create(user=alice, lenses=[lens], name="Assistant")
    owner = client_for(alice)
    assert select(owner, workload, slug, question, *picks)["risk"] == risk
    before = {
        a.question_key: (a.selected_choices, a.risk)
        for a in Answer.objects.filter(lens_review__workload=workload)
    }
    services.lens_import(raw=json.dumps(aws_shaped(slug)), user=staff, lens=lens)
    services.lens_publish(lens=lens, version="aws-text", is_major=True, user=staff)
    assert owner.get(review_url(workload, slug)).json()["upgrade_available"]
    response = owner.post(
        url(workload, "reviews", slug).rstrip("/") + "/upgrade",
        {"milestone_name": "Before AWS wording"},
        format="json",
    )
    assert response.status_code == 200, response.content[:300]
    assert response.json()["lens_version"] == "aws-text"
    after = {
        a.question_key: (a.selected_choices, a.risk)
        for a in Answer.objects.filter(lens_review__workload=workload)
    }
    assert after == before
    assert Answer.objects.get(question_key=question).question.title.startswith("Placeholder")
    assert_counts_match_answers(workload)


def test_the_pure_merge_keeps_a_practice_s_declared_phases_and_reports_the_others():
    before = json.loads((services.SHIPPED_DIR / "generative-ai.json").read_text())
    before["pillars"][1]["questions"][5]["choices"][0]["mllens"]["phases"].append("retired")
    result = carry_over(aws_shaped("generative-ai"), before, source="version X")
    merged = result.document["pillars"][1]["questions"][5]["choices"][0]
    assert merged["id"] == "GENSEC06_BP01"
    assert merged["mllens"]["phases"] == ["developmentIntegration", "deployment"]
    messages = [w.message for w in result.warnings]
    assert any(
        m.startswith("lifecycle phases of practices carried over from version X for 47 choices")
        for m in messages
    )
    assert "phase retired of choice GENSEC06_BP01 is not a phase of this version" in messages
