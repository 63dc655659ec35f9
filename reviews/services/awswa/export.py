"""A workload in the AWS labs ``exportImportWAFR.py`` file shape (``format=aws-wa-tool``).

The labs script loads it into the AWS tool: it reads ``workload[0]`` (``WorkloadName``,
``Description``, ``ReviewOwner``, ``Environment``, ``AwsRegions``, ``Lenses``,
``PillarPriorities`` always present), compares each ``lens_review`` ``LensVersion`` with the
tool's, and writes each answer's ``SelectedChoices`` and ``Notes``. Keys and values are the
API's; the file also carries what the script does not restore (choice states, N/A reasons,
lens and pillar notes) so that mllens reads it back without loss.
"""

from __future__ import annotations

from reviews.models import Workload
from reviews.selectors.answers import answers_for_review
from reviews.services.awswa.catalog import OFFICIAL_SLUGS

OFFICIAL_ALIASES = {slugs[0]: alias for alias, slugs in OFFICIAL_SLUGS.items()}
AWS_LENS_ARN = "arn:aws:wellarchitected::aws:lens/{}"


def _time(value) -> str | None:
    # ``str(datetime)``, as the labs script writes it.
    return str(value) if value else None


def lens_key(slug: str) -> str:
    """The lens as the AWS tool names it: an official alias, or our slug for custom lenses
    (to be replaced by the custom lens's ARN once it is published in the AWS account)."""
    return OFFICIAL_ALIASES.get(slug, slug)


def aws_review_export(*, workload: Workload) -> dict:
    """The workload, its lens reviews and every answer in the labs' shape."""
    reviews = list(workload.lens_reviews.select_related("lens", "lens_version").order_by("id"))
    keys = [lens_key(review.lens.slug) for review in reviews]
    document = {
        "workload": [
            {
                "WorkloadId": f"{workload.pk:032x}",
                "WorkloadName": workload.name,
                "Description": workload.description,
                "Environment": workload.environment,
                "ReviewOwner": workload.review_owner,
                "AwsRegions": list(workload.aws_regions),
                "NonAwsRegions": list(workload.non_aws_regions),
                "AccountIds": list(workload.account_ids),
                "ArchitecturalDesign": workload.architectural_design,
                "IndustryType": workload.industry_type,
                "Industry": workload.industry,
                "Notes": workload.notes,
                "PillarPriorities": list(workload.pillar_priorities),
                "Lenses": keys,
                "ImprovementStatus": workload.improvement_status,
                "RiskCounts": workload.risk_counts,
                "Tags": dict(workload.tags),
                "UpdatedAt": _time(workload.updated_at),
            }
        ],
        "lens_review": [],
        "lenses": [],
    }
    for key, review in zip(keys, reviews, strict=True):
        answers = list(answers_for_review(review))
        document["lens_review"].append({key: _lens_review(key, review)})
        document["lenses"].append({key: [_answer(answer) for answer in answers]})
    return document


def _lens_review(key: str, review) -> dict:
    pillars = review.lens_version.pillars.order_by("order")
    counts = review.risk_summary.get("pillars", {})
    data = {
        "LensAlias": key,
        "LensVersion": review.lens_version.version,
        "LensName": review.lens_version.name,
        "LensStatus": "CURRENT",
        "UpdatedAt": _time(review.updated_at),
        "Notes": review.notes,
        "PillarReviewSummaries": [
            {
                "PillarId": pillar.key,
                "PillarName": pillar.name,
                **(
                    {"Notes": review.pillar_notes[pillar.key]}
                    if pillar.key in review.pillar_notes
                    else {}
                ),
                "RiskCounts": counts.get(pillar.key, {}),
            }
            for pillar in pillars
        ],
        "RiskCounts": review.risk_counts,
    }
    if key != review.lens.slug:
        data["LensArn"] = AWS_LENS_ARN.format(key)
    return data


def _answer(answer) -> dict:
    question = answer.question
    choice_answers = []
    for choice in question.choices.all():
        if choice.key in answer.choice_statuses:
            state = answer.choice_statuses[choice.key]
            item = {"ChoiceId": choice.key, "Status": "NOT_APPLICABLE", "Reason": state["reason"]}
            if state.get("notes"):
                item["Notes"] = state["notes"]
        elif choice.key in answer.selected_choices:
            item = {"ChoiceId": choice.key, "Status": "SELECTED"}
        else:
            item = {"ChoiceId": choice.key, "Status": "UNSELECTED"}
        choice_answers.append(item)
    data = {
        "QuestionId": answer.question_key,
        "PillarId": answer.pillar_key,
        "QuestionTitle": question.title,
        "QuestionDescription": question.description,
        "Choices": [
            {"ChoiceId": c.key, "Title": c.title, "Description": c.description}
            for c in question.choices.all()
        ],
        "SelectedChoices": list(answer.selected_choices),
        "ChoiceAnswers": choice_answers,
        "IsApplicable": answer.is_applicable,
        "Risk": answer.risk,
    }
    if not answer.is_applicable:
        data["Reason"] = answer.reason or "NONE"
    if answer.notes:
        data["Notes"] = answer.notes
    return data
