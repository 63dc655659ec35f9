"""Workload export and import (JSON), and answers as CSV and XLSX."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.choices import Role
from reviews.models import Answer, Workload
from reviews.services.answers import answer_update
from reviews.services.improvements import improvement_item_update
from reviews.services.lens_reviews import lens_review_update_notes
from reviews.services.members import member_add
from reviews.services.workloads import workload_create
from tests.fixtures.users import client_for


def build_workload(alice, bob):
    shipped_lenses_load()
    lens = Lens.objects.get(slug="machine-learning")
    workload = workload_create(
        user=alice,
        lenses=[lens],
        name="Fraud scoring",
        description="Card fraud",
        environment="PRODUCTION",
        aws_regions=["eu-west-1"],
        tags={"team": "risk"},
        pillar_priorities=["security"],
    )
    member_add(workload=workload, actor=alice, role=Role.CONTRIBUTOR, user=bob)
    review = workload.lens_reviews.get()
    answer_update(
        review=review,
        question_key="MLOPS01",
        actor=alice,
        version=0,
        selected_choices=["MLOPS01_BP01"],
        notes="=SUM(A1) **owner** agreed",
        choice_statuses={
            "MLOPS01_BP03": {"status": "NOT_APPLICABLE", "reason": "OUT_OF_SCOPE", "notes": "batch"}
        },
    )
    answer_update(
        review=review,
        question_key="MLSEC01",
        actor=alice,
        version=0,
        is_applicable=False,
        reason="BUSINESS_PRIORITIES",
    )
    answer_update(
        review=review, question_key="MLREL01", actor=bob, version=0, selected_choices=["MLREL01_no"]
    )
    improvement_item_update(
        review=review,
        question_key="MLOPS01",
        choice_key="MLOPS01_BP02",
        actor=alice,
        owner=bob,
        status="IN_PROGRESS",
        note="Q1",
    )
    lens_review_update_notes(
        review=review,
        actor=alice,
        notes="Reviewed with the team",
        pillar_notes={"security": "Threat model pending"},
    )
    return workload


def test_it_round_trips_a_workload_through_export_and_import_losing_nothing(alice, bob):
    workload = build_workload(alice, bob)
    api = client_for(alice)
    exported = api.get(f"/api/v1/workloads/{workload.pk}/export").json()
    # Alice owns the original, so the copy needs a name of its own (issue 12 finding 22).
    exported["workload"]["name"] = "Fraud scoring (copy)"
    response = api.post("/api/v1/workloads/import", exported, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["warnings"] == []
    copy = Workload.objects.get(pk=response.json()["id"])
    assert copy.pk != workload.pk
    again = api.get(f"/api/v1/workloads/{copy.pk}/export").json()
    exported.pop("exported_at")
    again.pop("exported_at")
    assert again == exported
    assert copy.risk_counts == Workload.objects.get(pk=workload.pk).risk_counts
    original = Answer.objects.get(lens_review__workload=workload, question_key="MLOPS01")
    imported = Answer.objects.get(lens_review__workload=copy, question_key="MLOPS01")
    assert (imported.risk, imported.choice_statuses) == (original.risk, original.choice_statuses)


def test_it_rejects_an_import_of_an_unknown_lens_version_and_writes_nothing(alice, bob):
    workload = build_workload(alice, bob)
    api = client_for(alice)
    exported = api.get(f"/api/v1/workloads/{workload.pk}/export").json()
    exported["reviews"][0]["lens_version"] = "1999-01"
    exported["workload"]["name"] = "Fraud scoring (copy)"
    before = Workload.objects.count()
    response = api.post("/api/v1/workloads/import", exported, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["code"] == "LENS_VERSION_MISSING"
    assert body["errors"][0]["pointer"] == "/reviews/0/lens_version"
    assert Workload.objects.count() == before


def test_it_refuses_an_import_named_like_a_workload_the_user_owns(alice, bob):
    """Issue 12 finding 22: import goes through the same duplicate-name rule as the API."""
    workload = build_workload(alice, bob)
    api = client_for(alice)
    exported = api.get(f"/api/v1/workloads/{workload.pk}/export").json()
    exported["workload"]["name"] = "FRAUD SCORING"
    before = Workload.objects.count()
    response = api.post("/api/v1/workloads/import", exported, format="json")
    assert response.status_code == 400, response.json()
    error = response.json()["errors"][0]
    assert (error["code"], error["pointer"]) == ("DUPLICATE_NAME", "/workload/name")
    assert Workload.objects.count() == before


def test_it_rejects_invalid_workload_fields_in_an_import_naming_them(alice, bob):
    workload = build_workload(alice, bob)
    api = client_for(alice)
    exported = api.get(f"/api/v1/workloads/{workload.pk}/export").json()
    exported["workload"]["name"] = "x"
    response = api.post("/api/v1/workloads/import", exported, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/workload/name"


def test_it_exports_answers_as_csv_with_formulas_neutralised(alice, bob):
    workload = build_workload(alice, bob)
    response = client_for(bob).get(f"/api/v1/workloads/{workload.pk}/export?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    # One row per choice of every question: 105 best practices + 35 "None of these".
    assert len(rows) == 140
    row = next(r for r in rows if r["choice_key"] == "MLOPS01_BP03")
    assert (row["status"], row["choice_reason"], row["risk"]) == (
        "NOT_APPLICABLE",
        "OUT_OF_SCOPE",
        "HIGH",
    )
    assert row["question_notes"].startswith("'=SUM")


def test_it_exports_answers_as_xlsx(alice, bob):
    workload = build_workload(alice, bob)
    response = client_for(alice).get(f"/api/v1/workloads/{workload.pk}/export?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["lens", "lens_version", "pillar", "phase", "question_key"]
    assert sheet.max_row == 141


def test_it_hides_exports_from_outsiders(alice, bob, charlie):
    workload = build_workload(alice, bob)
    outsider = client_for(charlie)
    for fmt in ("json", "csv", "xlsx"):
        assert (
            outsider.get(f"/api/v1/workloads/{workload.pk}/export?format={fmt}").status_code == 404
        )


def test_it_refuses_an_unknown_export_format(alice, bob):
    workload = build_workload(alice, bob)
    response = client_for(alice).get(f"/api/v1/workloads/{workload.pk}/export?format=pdf")
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_PARAMETER"
