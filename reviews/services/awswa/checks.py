"""Types of the AWS values the mapper reads: a value of another type is a TYPE problem."""

from __future__ import annotations

from reviews.services.awswa.shapes import Problem

ANSWER_TYPES = {
    "SelectedChoices": list,
    "ChoiceAnswers": list,
    "ChoiceAnswerSummaries": list,
    "IsApplicable": bool,
    "Reason": str,
    "Notes": str,
    "Risk": str,
}
CHOICE_TYPES = {"ChoiceId": str, "Status": str, "Reason": str, "Notes": str}
REVIEW_TYPES = {"LensVersion": str, "LensName": str, "Notes": str, "PillarReviewSummaries": list}
PILLAR_TYPES = {"PillarId": str, "Notes": str}


def checked(data: dict, pointer: str, types: dict, problems: list[Problem]) -> dict:
    """``data`` without the values of the wrong type (each one a TYPE problem)."""
    clean = dict(data)
    for key, kind in types.items():
        if key in clean and clean[key] is not None and not isinstance(clean[key], kind):
            problems.append(
                Problem("TYPE", f"{key} should be a {kind.__name__}.", f"{pointer}/{key}")
            )
            del clean[key]
    for key, inner in (
        ("SelectedChoices", None),
        ("ChoiceAnswers", CHOICE_TYPES),
        ("ChoiceAnswerSummaries", CHOICE_TYPES),
        ("PillarReviewSummaries", PILLAR_TYPES),
    ):
        if not isinstance(clean.get(key), list):
            continue
        items = []
        for index, item in enumerate(clean[key]):
            where = f"{pointer}/{key}/{index}"
            if inner is None and isinstance(item, str):
                items.append(item)
            elif inner is not None and isinstance(item, dict):
                items.append(checked(item, where, inner, problems))
            else:
                kind = "text" if inner is None else "an object"
                problems.append(Problem("TYPE", f"Expected {kind}.", where))
                items.append(None)
        clean[key] = items
    return clean
