"""Synthetic AWS Well-Architected review files, built from small pieces (no AWS text)."""

from __future__ import annotations

import copy
import json

WORKLOAD_ID = "0123456789abcdef0123456789abcdef"
ML_ARN = "arn:aws:wellarchitected::aws:lens/machinelearning"
DROP = object()


def _apply(data: dict, overrides: dict) -> dict:
    for key, value in overrides.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def aws_workload(**overrides) -> dict:
    """A ``GetWorkload`` ``Workload``; ``Key=DROP`` removes a key."""
    return _apply(
        {
            "WorkloadId": WORKLOAD_ID,
            "WorkloadArn": f"arn:aws:wellarchitected:eu-west-1:111122223333:workload/{WORKLOAD_ID}",
            "WorkloadName": "Churn model",
            "Description": "Batch scoring pipeline",
            "Environment": "PRODUCTION",
            "AwsRegions": ["eu-west-1"],
            "ReviewOwner": "ml-platform@example.com",
            "PillarPriorities": ["security", "reliability"],
            "Lenses": [ML_ARN],
            "RiskCounts": {"UNANSWERED": 18, "HIGH": 1, "MEDIUM": 1},
            "ImprovementStatus": "IN_PROGRESS",
            "Owner": "111122223333",
            "Tags": {"team": "ml"},
            "UpdatedAt": "2025-03-04 10:15:00.123000+00:00",
        },
        overrides,
    )


def aws_answer(
    question_id: str,
    *,
    selected=(),
    statuses: dict | None = None,
    applicable: bool = True,
    reason: str | None = None,
    notes: str | None = None,
    risk: str | None = None,
    pillar: str = "operationalExcellence",
    summary: bool = False,
) -> dict:
    """A ``GetAnswer`` ``Answer`` (or, with ``summary``, a ``ListAnswers`` summary).

    ``statuses`` maps a choice id to ``(status, reason, notes)``.
    """
    answer = {
        "QuestionId": question_id,
        "PillarId": pillar,
        "QuestionTitle": f"Synthetic question {question_id}",
        "Choices": [],
        "SelectedChoices": list(selected),
        "IsApplicable": applicable,
    }
    states = []
    for choice, (status, why, note) in (statuses or {}).items():
        item = {"ChoiceId": choice, "Status": status}
        if why:
            item["Reason"] = why
        if note and not summary:
            item["Notes"] = note
        states.append(item)
    if states:
        answer["ChoiceAnswerSummaries" if summary else "ChoiceAnswers"] = states
    if reason:
        answer["Reason"] = reason
    if risk:
        answer["Risk"] = risk
    if notes and not summary:
        answer["Notes"] = notes
    if not summary:
        answer["QuestionDescription"] = "Synthetic description."
    return answer


def aws_lens_review(
    alias: str = ML_ARN,
    *,
    version: str = "2023-04-18",
    name: str = "Machine Learning Lens",
    notes: str | None = None,
    pillar_notes: dict | None = None,
) -> dict:
    review = {
        "LensAlias": alias,
        "LensArn": alias
        if alias.startswith("arn:")
        else f"arn:aws:wellarchitected::aws:lens/{alias}",
        "LensVersion": version,
        "LensName": name,
        "LensStatus": "CURRENT",
        "PillarReviewSummaries": [
            {"PillarId": pillar, "PillarName": pillar, "Notes": text}
            for pillar, text in (pillar_notes or {}).items()
        ],
        "UpdatedAt": 1741083300,
    }
    if notes:
        review["Notes"] = notes
    return review


def labs_file(workload: dict, lenses: dict[str, tuple[dict, list[dict]]]) -> dict:
    """The exportImportWAFR.py shape: ``{lens key: (lens review, answers)}``."""
    return copy.deepcopy(
        {
            "workload": [workload],
            "lens_review": [{key: review} for key, (review, _) in lenses.items()],
            "lenses": [{key: answers} for key, (_, answers) in lenses.items()],
        }
    )


def api_bundle(
    workload: dict,
    lenses: dict[str, tuple[dict, list[dict]]],
    *,
    page_size: int = 0,
    full_answers: bool = False,
    milestones: list[dict] | None = None,
) -> dict:
    """Raw API responses: ``GetWorkload``, ``GetLensReview`` per lens, and the answers as
    ``ListAnswers`` pages of ``page_size`` (with ``NextToken``) or ``GetAnswer`` responses.

    Each milestone is ``{"number", "name", "recorded_at", "lenses", "full"}``: a
    ``ListMilestones`` entry (or a ``GetMilestone`` with ``full``) and its answers with
    ``MilestoneNumber``.
    """
    bundle = {
        "GetWorkload": {"Workload": workload},
        "GetLensReview": [],
        "ListAnswers": [],
        "GetAnswer": [],
    }

    def add(lens_sets, number=None):
        extra = {} if number is None else {"MilestoneNumber": number}
        for key, (review, answers) in lens_sets.items():
            bundle["GetLensReview"].append(
                {"WorkloadId": WORKLOAD_ID, **extra, "LensReview": review}
            )
            if full_answers or not page_size:
                for answer in answers:
                    bundle["GetAnswer"].append(
                        {"WorkloadId": WORKLOAD_ID, **extra, "LensAlias": key, "Answer": answer}
                    )
                continue
            pages = [answers[i : i + page_size] for i in range(0, len(answers), page_size)]
            for index, page in enumerate(pages):
                response = {"WorkloadId": WORKLOAD_ID, **extra, "LensAlias": key, "LensArn": key}
                response["AnswerSummaries"] = page
                if index < len(pages) - 1:
                    response["NextToken"] = f"token-{index + 1}"
                bundle["ListAnswers"].append(response)

    add(lenses)
    if milestones:
        bundle["ListMilestones"] = {"WorkloadId": WORKLOAD_ID, "MilestoneSummaries": []}
        bundle["GetMilestone"] = []
        for milestone in milestones:
            data = {
                "MilestoneNumber": milestone["number"],
                "MilestoneName": milestone["name"],
                "RecordedAt": milestone["recorded_at"],
            }
            if milestone.get("full"):
                data["Workload"] = milestone.get("workload", workload)
                bundle["GetMilestone"].append({"WorkloadId": WORKLOAD_ID, "Milestone": data})
            else:
                data["WorkloadSummary"] = {
                    "WorkloadName": workload["WorkloadName"],
                    "Lenses": workload.get("Lenses", []),
                }
                bundle["ListMilestones"]["MilestoneSummaries"].append(data)
            add(milestone.get("lenses", {}), milestone["number"])
    return copy.deepcopy(bundle)


def aws_review_file(tmp_path):
    """A review file of the API-bundle kind with one of everything the import page shows:
    a lens that maps and one that does not, an unknown choice, a milestone, a risk that
    differs from mllens's. Written to ``tmp_path``; returns its path."""
    ml = {
        ML_ARN: (
            aws_lens_review(),
            [
                aws_answer("OPS1", selected=["ops1_1"], risk="NONE", notes="Owners named."),
                aws_answer("SEC3", selected=["SEC3_1", "SEC3_9"], risk="MEDIUM", pillar="security"),
            ],
        )
    }
    first = {ML_ARN: (aws_lens_review(), [aws_answer("OPS1", selected=["ops1_2"])])}
    framework = (
        aws_lens_review(
            "wellarchitected", version="2020-07-02", name="AWS Well-Architected Framework"
        ),
        [aws_answer("securely-operate", selected=["sec_securely_operate_multi_accounts"])],
    )
    bundle = api_bundle(
        aws_workload(Lenses=[ML_ARN, "wellarchitected"]),
        {**ml, "wellarchitected": framework},
        page_size=1,
        milestones=[
            {"number": 1, "name": "First review", "recorded_at": 1704103200, "lenses": first},
        ],
    )
    path = tmp_path / "churn-model-aws.json"
    path.write_text(json.dumps(bundle, indent=2))
    return path
