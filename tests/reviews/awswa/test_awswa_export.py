"""Issue 13 part 5: ``export?format=aws-wa-tool`` writes the AWS labs' file shape."""

from __future__ import annotations

from reviews.models import Answer, LensReview
from tests.fixtures.users import client_for
from tests.reviews.helpers import API
from tests.reviews.test_api_exchange import build_workload

# What exportImportWAFR.py reads from workload[0] without a default (spec §2.3).
LABS_REQUIRED = (
    "WorkloadName",
    "Description",
    "ReviewOwner",
    "Environment",
    "AwsRegions",
    "Lenses",
    "PillarPriorities",
)


def _export(user, workload):
    return client_for(user).get(f"{API}/workloads/{workload.pk}/export?format=aws-wa-tool")


def test_it_writes_the_labs_shape_with_the_api_field_names(alice, bob):
    workload = build_workload(alice, bob)
    response = _export(bob, workload)
    assert response.status_code == 200
    assert 'filename="fraud-scoring-aws-wa-tool.json"' in response["Content-Disposition"]
    document = response.json()
    assert set(document) == {"workload", "lens_review", "lenses"}
    (aws_workload,) = document["workload"]
    assert all(key in aws_workload for key in LABS_REQUIRED)
    assert aws_workload["Lenses"] == ["machinelearning"]
    assert len(aws_workload["WorkloadId"]) == 32
    (review,) = document["lens_review"]
    assert list(review) == ["machinelearning"]
    lens_review = review["machinelearning"]
    assert lens_review["LensArn"] == "arn:aws:wellarchitected::aws:lens/machinelearning"
    assert (
        lens_review["LensVersion"] == LensReview.objects.get(workload=workload).lens_version.version
    )
    assert {"PillarId": "security"}.items() <= next(
        p for p in lens_review["PillarReviewSummaries"] if p["PillarId"] == "security"
    ).items()
    (answers,) = document["lenses"]
    by_id = {a["QuestionId"]: a for a in answers["machinelearning"]}
    assert len(by_id) == 35
    first = by_id["MLOPS01"]
    assert first["SelectedChoices"] == ["MLOPS01_BP01"]
    assert {
        "ChoiceId": "MLOPS01_BP03",
        "Status": "NOT_APPLICABLE",
        "Reason": "OUT_OF_SCOPE",
        "Notes": "batch",
    } in first["ChoiceAnswers"]
    assert (
        first["Risk"]
        == Answer.objects.get(lens_review__workload=workload, question_key="MLOPS01").risk
    )
    assert (by_id["MLSEC01"]["IsApplicable"], by_id["MLSEC01"]["Reason"]) == (
        False,
        "BUSINESS_PRIORITIES",
    )
    assert "Notes" not in by_id["MLPERF01"]


def test_it_round_trips_answers_through_the_aws_shape(alice, bob):
    """export aws-wa-tool -> import aws-wa-tool -> the same answers, notes and fields."""
    workload = build_workload(alice, bob)
    document = _export(alice, workload).json()
    # bob (a contributor) imports it: an owner may not hold two workloads of one name.
    response = client_for(bob).post(
        f"{API}/workloads/import?format=aws-wa-tool", document, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["report"]["unmapped"] == []
    assert response.json()["report"]["risk_differences"] == []

    def state(workload_id):
        return {
            a.question_key: (
                a.selected_choices,
                a.choice_statuses,
                a.is_applicable,
                a.reason,
                a.notes,
                a.risk,
            )
            for a in Answer.objects.filter(lens_review__workload_id=workload_id)
        }

    assert state(response.json()["id"]) == state(workload.pk)
    old, new = (
        LensReview.objects.get(workload_id=pk) for pk in (workload.pk, response.json()["id"])
    )
    assert (new.lens_version, new.notes, new.pillar_notes) == (
        old.lens_version,
        old.notes,
        old.pillar_notes,
    )
    fields = ("name", "description", "environment", "aws_regions", "tags", "pillar_priorities")
    assert [getattr(new.workload, f) for f in fields] == [getattr(old.workload, f) for f in fields]


def test_it_round_trips_a_custom_lens_by_its_slug(alice, bob, workload, tricky):
    document = _export(alice, workload).json()
    assert document["workload"][0]["Lenses"] == [tricky.slug]
    response = client_for(bob).post(
        f"{API}/workloads/import?format=aws-wa-tool", document, format="json"
    )
    assert response.status_code == 201, response.json()
    assert LensReview.objects.get(workload_id=response.json()["id"]).lens == tricky


def test_it_hides_the_workload_from_outsiders(alice, bob, charlie):
    workload = build_workload(alice, bob)
    response = _export(charlie, workload)
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
