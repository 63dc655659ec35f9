"""Issue 13 part 5: reviews brought over from the AWS Well-Architected Tool."""

from __future__ import annotations

from django.test import Client

from reviews.models import Activity, Answer, LensReview, Milestone, MilestoneReview, Workload
from tests.fixtures.users import client_for
from tests.reviews.awswa.factories import (
    DROP,
    ML_ARN,
    api_bundle,
    aws_answer,
    aws_lens_review,
    aws_workload,
    labs_file,
)
from tests.reviews.helpers import API

IMPORT = f"{API}/workloads/import?format=aws-wa-tool"


def _rows() -> dict[str, int]:
    models = (Workload, LensReview, Answer, Milestone, MilestoneReview, Activity)
    return {model.__name__: model.objects.count() for model in models}


def _answers(workload_id: int) -> dict[str, Answer]:
    return {a.question_key: a for a in Answer.objects.filter(lens_review__workload_id=workload_id)}


def _post(user, document, query: str = ""):
    return client_for(user).post(IMPORT + query, document, format="json")


def ml_2023_answers() -> list[dict]:
    """Answers keyed by the AWS tool's 2023 ML Lens ids (OPS1…, ops1_1…)."""
    return [
        aws_answer(
            "OPS1",
            selected=["ops1_1", "ops1_2"],
            statuses={"ops1_3": ("NOT_APPLICABLE", "OUT_OF_SCOPE", "Single team.")},
            notes="Owners named in the charter.",
            risk="MEDIUM",
        ),
        aws_answer(
            "SEC4",
            pillar="security",
            applicable=False,
            reason="BUSINESS_PRIORITIES",
            risk="NOT_APPLICABLE",
        ),
        aws_answer("COST2", pillar="costOptimization", selected=["COST2_12"], risk="HIGH"),
    ]


def test_it_imports_the_labs_file_with_arn_keys_and_2023_question_ids(alice, ml_lens):
    document = labs_file(
        aws_workload(),
        {
            ML_ARN: (
                aws_lens_review(notes="Lens notes.", pillar_notes={"security": "Pen test due."}),
                ml_2023_answers(),
            )
        },
    )
    response = _post(alice, document)
    assert response.status_code == 201, response.json()
    body = response.json()
    workload = Workload.objects.get(pk=body["id"])
    assert (workload.name, workload.environment, workload.improvement_status) == (
        "Churn model",
        "PRODUCTION",
        "IN_PROGRESS",
    )
    assert workload.tags == {"team": "ml"}
    assert workload.pillar_priorities == [
        "security",
        "reliability",
    ]
    answers = _answers(workload.pk)
    # ops1_1 = MLOE-01 -> MLOPS01-BP01; ops1_2 = MLOE-04 -> MLOPS02-BP01; ops1_3 = MLOE-02.
    assert answers["MLOPS01"].selected_choices == ["MLOPS01_BP01"]
    assert answers["MLOPS01"].choice_statuses == {
        "MLOPS01_BP02": {"reason": "OUT_OF_SCOPE", "notes": "Single team."}
    }
    assert answers["MLOPS02"].selected_choices == ["MLOPS02_BP01"]
    assert "OPS1 (AWS tool): Owners named in the charter." in answers["MLOPS01"].notes
    assert "OPS1 (AWS tool): Owners named in the charter." in answers["MLOPS02"].notes
    # SEC4 (MLSEC-13, MLSEC-11) is the only source of MLSEC06-BP02 and MLSEC05-BP01: MLSEC05
    # is wholly not applicable; MLSEC06 also holds SEC2's MLSEC-12, so only its choice is.
    assert (answers["MLSEC05"].is_applicable, answers["MLSEC05"].reason) == (
        False,
        "BUSINESS_PRIORITIES",
    )
    assert answers["MLSEC06"].is_applicable is True
    assert answers["MLSEC06"].choice_statuses == {
        "MLSEC06_BP02": {
            "reason": "BUSINESS_PRIORITIES",
            "notes": "SEC4 was not applicable in the AWS tool.",
        }
    }
    # COST2_12 = MLCOST-26 -> MLCOST05-BP03.
    assert answers["MLCOST05"].selected_choices == ["MLCOST05_BP03"]
    review = LensReview.objects.get(workload=workload)
    assert (review.lens.slug, review.notes, review.pillar_notes) == (
        "machine-learning",
        "Lens notes.",
        {"security": "Pen test due."},
    )
    report = body["report"]
    assert report["created"]["lenses"][0]["aws_lens"] == "machinelearning"
    assert report["unmapped"] == []
    assert any(n["code"] == "LENS_VERSION_MISMATCH" for n in report["notices"])


def test_it_imports_a_bare_alias_with_current_question_ids(alice, ml_lens):
    answers = [
        aws_answer(
            "MLOPS01",
            selected=["MLOPS01_BP01"],
            statuses={"MLOPS01_BP03": ("NOT_APPLICABLE", "OTHER", "Batch only.")},
            notes="Agreed.",
        ),
        aws_answer("MLSEC01", applicable=False, reason="OUT_OF_SCOPE", pillar="security"),
    ]
    version = ml_lens.versions.order_by("-published_at", "-id").first().version
    document = labs_file(
        aws_workload(Lenses=["machinelearning"]),
        {"machinelearning": (aws_lens_review("machinelearning", version=version), answers)},
    )
    response = _post(alice, document)
    assert response.status_code == 201, response.json()
    found = _answers(response.json()["id"])
    assert found["MLOPS01"].selected_choices == ["MLOPS01_BP01"]
    assert found["MLOPS01"].choice_statuses == {
        "MLOPS01_BP03": {"reason": "OTHER", "notes": "Batch only."}
    }
    assert found["MLOPS01"].notes == "Agreed."
    assert (found["MLSEC01"].is_applicable, found["MLSEC01"].reason) == (False, "OUT_OF_SCOPE")
    assert response.json()["report"]["notices"] == []


def test_it_reads_list_answers_pages_and_prefers_get_answer_details(alice, ml_lens):
    """NextToken pages of ListAnswers are joined; a GetAnswer adds notes and choice notes."""
    answers = [
        aws_answer(q, selected=[f"{q}_BP01"], summary=True, pillar="security")
        for q in ("MLSEC01", "MLSEC02", "MLSEC03", "MLSEC04", "MLSEC05")
    ]
    bundle = api_bundle(
        aws_workload(UpdatedAt=1741083300.5), {ML_ARN: (aws_lens_review(), answers)}, page_size=2
    )
    assert len(bundle["ListAnswers"]) == 3
    assert bundle["ListAnswers"][0]["NextToken"] == "token-1"
    bundle["GetAnswer"].append(
        {
            "LensAlias": ML_ARN,
            "Answer": aws_answer("MLSEC03", selected=["MLSEC03_BP01"], notes="Encrypted at rest."),
        }
    )
    # The GetAnswer first, then the pages: the richer answer still wins.
    bundle = {"GetAnswer": bundle.pop("GetAnswer"), **bundle}
    response = _post(alice, bundle)
    assert response.status_code == 201, response.json()
    found = _answers(response.json()["id"])
    for key in ("MLSEC01", "MLSEC02", "MLSEC03", "MLSEC04", "MLSEC05"):
        assert found[key].selected_choices == [f"{key}_BP01"]
    assert found["MLSEC03"].notes == "Encrypted at rest."
    assert response.json()["report"]["created"]["workload"]["updated_in_aws_at"].startswith(
        "2025-03-04T10:15:00.5"
    )


def test_it_reports_a_missing_last_page(alice, ml_lens):
    answers = [aws_answer(q, summary=True) for q in ("MLOPS01", "MLOPS02", "MLOPS03")]
    bundle = api_bundle(aws_workload(), {ML_ARN: (aws_lens_review(), answers)}, page_size=2)
    bundle["ListAnswers"].pop()
    response = _post(alice, bundle, "&dry_run=true")
    assert response.status_code == 200
    assert {"code": "MISSING_PAGE", "pointer": "/ListAnswers/0/NextToken"} in [
        {k: p[k] for k in ("code", "pointer")} for p in response.json()["unmapped"]
    ]


def test_it_imports_milestones_in_order_with_their_aws_dates_in_every_form(alice, ml_lens):
    def lens(choice):
        return {ML_ARN: (aws_lens_review(), [aws_answer("MLOPS01", selected=[choice])])}

    bundle = api_bundle(
        aws_workload(),
        lens("MLOPS01_BP03"),
        milestones=[
            # Out of order in the file on purpose; epoch, ISO with T, ISO with a space.
            {
                "number": 3,
                "name": "After fixes",
                "recorded_at": "2025-02-01 09:30:00+00:00",
                "lenses": lens("MLOPS01_BP02"),
                "full": True,
            },
            {
                "number": 1,
                "name": "First review",
                "recorded_at": 1704103200,
                "lenses": lens("MLOPS01_BP01"),
            },
            {"number": 2, "name": "Second look", "recorded_at": "2024-06-01T12:00:00Z"},
        ],
    )
    response = _post(alice, bundle)
    assert response.status_code == 201, response.json()
    workload_id = response.json()["id"]
    listed = client_for(alice).get(f"{API}/workloads/{workload_id}/milestones/").json()["results"]
    assert [(m["number"], m["name"], m["recorded_in_aws_at"]) for m in listed] == [
        (1, "First review", "2024-01-01T10:00:00Z"),
        (2, "Second look", "2024-06-01T12:00:00Z"),
        (3, "After fixes", "2025-02-01T09:30:00Z"),
    ]
    first = Milestone.objects.get(workload_id=workload_id, number=1).reviews.get()
    snapshot = {a["question_key"]: a for a in first.answers}
    assert snapshot["MLOPS01"]["selected_choices"] == ["MLOPS01_BP01"]
    assert first.risk_counts == _counts(first.answers)
    # Milestone 2 comes without answers: its lenses are not recorded as all unanswered.
    assert not Milestone.objects.get(workload_id=workload_id, number=2).reviews.exists()
    assert "MILESTONE_WITHOUT_ANSWERS" in [n["code"] for n in response.json()["report"]["notices"]]
    assert _answers(workload_id)["MLOPS01"].selected_choices == ["MLOPS01_BP03"]
    browser = Client()
    browser.force_login(alice)
    page = browser.get(f"/workloads/{workload_id}/")
    assert "recorded in the AWS tool 2024-01-01 10:00" in page.content.decode()


def _counts(answers):
    counts = dict.fromkeys(["UNANSWERED", "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE"], 0)
    for answer in answers:
        counts[answer["risk"]] += 1
    return counts


def test_it_accepts_files_without_optional_keys(alice, ml_lens):
    workload = {"WorkloadName": "Bare minimum", "Lenses": ["machinelearning"]}
    answers = [{"QuestionId": "MLOPS01", "SelectedChoices": ["MLOPS01_BP02"]}]
    document = {"workload": [workload], "lenses": [{"machinelearning": answers}]}
    response = _post(alice, document)
    assert response.status_code == 201, response.json()
    created = Workload.objects.get(pk=response.json()["id"])
    assert (created.name, created.description, created.aws_regions) == ("Bare minimum", "", [])
    assert _answers(created.pk)["MLOPS01"].selected_choices == ["MLOPS01_BP02"]


def _unmapped_document():
    return labs_file(
        aws_workload(Lenses=[ML_ARN, "wellarchitected"]),
        {
            ML_ARN: (
                aws_lens_review(),
                [
                    aws_answer("MLOPS01", selected=["MLOPS01_BP01", "MLOPS01_BP99"]),
                    aws_answer("NOPE1"),
                    aws_answer("OPS2", statuses={"ops2_42": ("NOT_APPLICABLE", "OTHER", None)}),
                ],
            ),
            "wellarchitected": (
                aws_lens_review("wellarchitected", version="2020-07-02"),
                [aws_answer("securely-operate", selected=["sec_securely_operate_multi_accounts"])],
            ),
        },
    )


def test_it_lists_every_unmapped_item_with_its_pointer_in_a_dry_run_and_writes_nothing(
    alice, ml_lens
):
    before = _rows()
    response = _post(alice, _unmapped_document(), "&dry_run=true")
    assert response.status_code == 200, response.json()
    body = response.json()
    found = {(p["code"], p["pointer"]) for p in body["unmapped"]}
    assert found == {
        ("UNKNOWN_CHOICE", f"/lenses/0/{ML_ARN.replace('/', '~1')}/0/SelectedChoices/1"),
        ("UNKNOWN_QUESTION", f"/lenses/0/{ML_ARN.replace('/', '~1')}/1/QuestionId"),
        ("UNKNOWN_CHOICE", f"/lenses/0/{ML_ARN.replace('/', '~1')}/2/ChoiceAnswers/0/ChoiceId"),
        ("LENS_VERSION_MISMATCH", f"/lens_review/0/{ML_ARN.replace('/', '~1')}/LensVersion"),
        ("UNKNOWN_LENS", "/lens_review/1/wellarchitected"),
    }
    assert body["will_create"]["workload"]["name"] == "Churn model"
    assert [lens["lens"] for lens in body["will_create"]["lenses"]] == ["machine-learning"]
    assert _rows() == before


def test_it_refuses_unmapped_items_unless_told_to_skip_them(alice, ml_lens):
    before = _rows()
    refused = _post(alice, _unmapped_document())
    assert refused.status_code == 400
    assert refused.json()["code"] == "AWS_UNMAPPED"
    assert len(refused.json()["errors"]) == 5
    assert all(e["pointer"] for e in refused.json()["errors"])
    assert _rows() == before
    skipped = _post(alice, _unmapped_document(), "&skip_unmapped=true")
    assert skipped.status_code == 201
    assert len(skipped.json()["report"]["unmapped"]) == 5
    assert _answers(skipped.json()["id"])["MLOPS01"].selected_choices == ["MLOPS01_BP01"]


def test_it_writes_nothing_when_a_late_part_fails(alice, ml_lens):
    """All or nothing: a duplicate milestone name found after the reviews were written."""
    lens = {ML_ARN: (aws_lens_review(), [aws_answer("MLOPS01", selected=["MLOPS01_BP01"])])}
    bundle = api_bundle(
        aws_workload(),
        lens,
        milestones=[
            {"number": 1, "name": "Same name", "recorded_at": 1704103200, "lenses": lens},
            {"number": 2, "name": "Same name", "recorded_at": 1704203200, "lenses": lens},
        ],
    )
    before = _rows()
    response = _post(alice, bundle)
    assert response.status_code == 400
    # The import's pointer (/milestones/1/name) is moved to the milestone in the file.
    assert response.json()["errors"][0]["pointer"] == "/ListMilestones/MilestoneSummaries/1"
    assert _rows() == before


def test_it_points_invalid_workload_fields_into_the_uploaded_file(alice, ml_lens):
    document = labs_file(aws_workload(Environment="STAGING", WorkloadName=DROP), {})
    response = _post(alice, document)
    assert response.status_code == 400
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert "/workload/0/Environment" in pointers
    assert "/workload/name" in pointers


def test_it_reports_where_aws_stored_risk_differs_from_mllens_rules(alice, ml_lens):
    answers = [
        aws_answer("MLOPS01", selected=["MLOPS01_BP01"], risk="UNANSWERED"),
        aws_answer("MLSEC01", applicable=False, risk="NOT_APPLICABLE", pillar="security"),
    ]
    document = labs_file(aws_workload(), {ML_ARN: (aws_lens_review(), answers)})
    dry = _post(alice, document, "&dry_run=true").json()
    response = _post(alice, document)
    assert response.status_code == 201
    ours = _answers(response.json()["id"])["MLOPS01"].risk
    assert ours != "UNANSWERED"
    expected = [
        {
            "lens": "machine-learning",
            "question_id": "MLOPS01",
            "pointer": f"/lenses/0/{ML_ARN.replace('/', '~1')}/0/Risk",
            "aws_risk": "UNANSWERED",
            "mllens_risk": ours,
            "mllens_questions": {"MLOPS01": ours},
        }
    ]
    assert response.json()["report"]["risk_differences"] == expected
    assert dry["risk_differences"] == expected


def test_it_maps_a_custom_lens_arn_to_a_visible_lens_of_the_same_name(alice, bob, tricky):
    arn = "arn:aws:wellarchitected:eu-west-1:111122223333:lens/" + "a" * 32
    document = labs_file(
        aws_workload(Lenses=[arn]),
        {
            arn: (
                aws_lens_review(arn, name=tricky.name, version="9.9"),
                [aws_answer("p1q1", selected=["p1q1_c1"])],
            )
        },
    )
    response = _post(bob, document)
    assert response.status_code == 201, response.json()
    review = LensReview.objects.get(workload_id=response.json()["id"])
    assert review.lens == tricky
    assert _answers(response.json()["id"])["p1q1"].selected_choices == ["p1q1_c1"]


def test_it_gives_an_unmapped_item_for_a_custom_lens_the_user_cannot_see(alice, bob):
    from tests.catalog.factories import custom_lens
    from tests.catalog.lensdocs import lens_doc

    custom_lens(alice, lens_doc(name="Private drafts"))  # a draft only: alice alone sees it
    arn = "arn:aws:wellarchitected:eu-west-1:111122223333:lens/" + "b" * 32
    document = labs_file(
        aws_workload(Lenses=[arn]),
        {
            arn: (
                aws_lens_review(arn, name="Private drafts"),
                [aws_answer("p1q1", selected=["p1q1_c1"])],
            )
        },
    )
    response = _post(bob, document, "&dry_run=true")
    assert response.status_code == 200
    assert [(p["code"], p["pointer"]) for p in response.json()["unmapped"]] == [
        ("UNKNOWN_LENS", f"/lens_review/0/{arn.replace('/', '~1')}")
    ]
    assert response.json()["will_create"]["lenses"] == []


def test_it_refuses_a_document_of_neither_shape(alice):
    response = _post(alice, {"hello": "world"})
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_AWS_DOCUMENT"
    assert response.json()["errors"][0]["pointer"] == ""


def test_it_refuses_an_unknown_format_and_bad_flags(alice):
    assert (
        client_for(alice).post(f"{API}/workloads/import?format=yaml", {}, format="json").status_code
        == 400
    )
    assert _post(alice, {}, "&dry_run=maybe").status_code == 400


def test_it_reports_values_of_the_wrong_type_instead_of_storing_them(alice, ml_lens):
    answers = [
        aws_answer("MLOPS01", selected=["MLOPS01_BP01", 7]),
        {"QuestionId": "MLOPS02", "SelectedChoices": "MLOPS02_BP01", "Notes": {"x": 1}},
        aws_answer("MLOPS03", statuses={"MLOPS03_BP01": ("NOT_APPLICABLE", "OTHER", None)}),
    ]
    answers[2]["ChoiceAnswers"][0]["Notes"] = 250
    review = aws_lens_review(notes="Fine.")
    review["PillarReviewSummaries"] = [{"PillarId": "security", "Notes": ["no"]}]
    document = labs_file(aws_workload(), {ML_ARN: (review, answers)})
    response = _post(alice, document, "&dry_run=true")
    assert response.status_code == 200, response.json()
    base = f"/lenses/0/{ML_ARN.replace('/', '~1')}"
    found = {(p["code"], p["pointer"]) for p in response.json()["unmapped"] if p["code"] == "TYPE"}
    assert found == {
        ("TYPE", f"{base}/0/SelectedChoices/1"),
        ("TYPE", f"{base}/1/SelectedChoices"),
        ("TYPE", f"{base}/1/Notes"),
        ("TYPE", f"{base}/2/ChoiceAnswers/0/Notes"),
        ("TYPE", f"/lens_review/0/{ML_ARN.replace('/', '~1')}/PillarReviewSummaries/0/Notes"),
    }
    imported = _post(alice, document, "&skip_unmapped=true")
    assert imported.status_code == 201
    found = _answers(imported.json()["id"])
    assert found["MLOPS01"].selected_choices == ["MLOPS01_BP01"]
    assert found["MLOPS03"].choice_statuses == {"MLOPS03_BP01": {"reason": "OTHER", "notes": ""}}


def test_it_compares_an_imported_milestone_with_now(alice, ml_lens):
    lens = {ML_ARN: (aws_lens_review(), [aws_answer("MLOPS01", selected=["MLOPS01_BP01"])])}
    later = {ML_ARN: (aws_lens_review(), [aws_answer("MLOPS01", selected=["MLOPS01_BP02"])])}
    bundle = api_bundle(
        aws_workload(),
        later,
        milestones=[{"number": 1, "name": "Earlier", "recorded_at": 1704103200, "lenses": lens}],
    )
    workload_id = _post(alice, bundle).json()["id"]
    response = client_for(alice).get(f"{API}/workloads/{workload_id}/compare?base=1&target=current")
    assert response.status_code == 200, response.json()
    trend = client_for(alice).get(f"{API}/workloads/{workload_id}/trend")
    assert trend.status_code == 200


def test_it_checks_each_milestones_workload_fields_with_the_api_rules(alice, ml_lens):
    bundle = api_bundle(
        aws_workload(),
        {},
        milestones=[
            {
                "number": 1,
                "name": "Old state",
                "recorded_at": 1704103200,
                "full": True,
                "workload": aws_workload(Environment="STAGING"),
            }
        ],
    )
    before = _rows()
    response = _post(alice, bundle)
    assert response.status_code == 400
    assert [e["pointer"] for e in response.json()["errors"]] == [
        "/GetMilestone/0/Milestone/Workload/Environment"
    ]
    assert _rows() == before


def test_it_prefers_the_users_own_lens_when_names_repeat(alice, bob):
    from tests.catalog.factories import custom_lens
    from tests.catalog.lensdocs import lens_doc

    custom_lens(alice, lens_doc(name="Platform checks"), publish=("1.0",))
    mine = custom_lens(bob, lens_doc(name="Platform checks"), publish=("1.0",))
    arn = "arn:aws:wellarchitected:eu-west-1:111122223333:lens/" + "d" * 32
    document = labs_file(
        aws_workload(Lenses=[arn]),
        {arn: (aws_lens_review(arn, name="platform checks", version="1.0"), [])},
    )
    response = _post(bob, document)
    assert response.status_code == 201, response.json()
    assert LensReview.objects.get(workload_id=response.json()["id"]).lens == mine


def test_it_dates_a_report_of_an_imported_milestone_with_its_aws_date(alice, ml_lens):
    from reviews.models import ReportJob
    from reviews.selectors.reports import review_state

    lens = {ML_ARN: (aws_lens_review(), [aws_answer("MLOPS01", selected=["MLOPS01_BP01"])])}
    bundle = api_bundle(
        aws_workload(),
        lens,
        milestones=[{"number": 1, "name": "Earlier", "recorded_at": 1704103200, "lenses": lens}],
    )
    workload = Workload.objects.get(pk=_post(alice, bundle).json()["id"])
    job = ReportJob(workload=workload, lens=ml_lens, requested_by=alice, kind="review")
    state = review_state(job, milestone_number=1)
    assert state.as_of == "Milestone 1: Earlier (recorded in the AWS tool 2024-01-01)"


def test_it_leaves_out_an_unknown_lens_that_holds_nothing_with_a_notice(alice, ml_lens):
    """AWS applies its Framework lens by default; unanswered, it loses nothing when left out."""
    document = labs_file(
        aws_workload(Lenses=["wellarchitected", ML_ARN]),
        {
            "wellarchitected": (
                aws_lens_review("wellarchitected", version="2020-07-02"),
                [aws_answer("securely-operate", statuses={"sec_x": ("UNSELECTED", None, None)})],
            ),
            ML_ARN: (aws_lens_review(), [aws_answer("MLOPS01", selected=["MLOPS01_BP01"])]),
        },
    )
    response = _post(alice, document)
    assert response.status_code == 201, response.json()
    report = response.json()["report"]
    assert report["unmapped"] == []
    assert ("UNKNOWN_LENS_EMPTY", "/lens_review/0/wellarchitected") in [
        (n["code"], n["pointer"]) for n in report["notices"]
    ]


def test_it_maps_two_names_of_one_lens_once(alice, ml_lens):
    """The alias and a custom ARN named like the ML Lens both reach machine-learning."""
    arn = "arn:aws:wellarchitected:eu-west-1:111122223333:lens/" + "e" * 32
    answer = aws_answer("MLOPS01", selected=["MLOPS01_BP01"])
    document = labs_file(
        aws_workload(Lenses=["machinelearning", arn]),
        {
            "machinelearning": (aws_lens_review("machinelearning"), [answer]),
            arn: (aws_lens_review(arn, name=ml_lens.name), [answer]),
        },
    )
    response = _post(alice, document, "&dry_run=true")
    assert response.status_code == 200
    assert [
        (p["code"], p["pointer"])
        for p in response.json()["unmapped"]
        if p["code"] == "DUPLICATE_LENS"
    ] == [("DUPLICATE_LENS", f"/lens_review/1/{arn.replace('/', '~1')}")]


def test_it_records_milestones_given_in_a_native_document(alice, ml_lens):
    """The workload document's optional milestones go through the import's own checks."""
    version = ml_lens.versions.order_by("-published_at", "-id").first().version
    review = {
        "lens": "machine-learning",
        "lens_version": version,
        "answers": [{"question_key": "MLOPS01", "selected_choices": ["MLOPS01_BP01"]}],
    }
    document = {
        "format": "mllens-workload",
        "format_version": 1,
        "workload": {"name": "Native with history"},
        "reviews": [review],
        "milestones": [
            {"name": "Baseline", "recorded_in_aws_at": "2024-01-01T10:00:00Z", "reviews": [review]}
        ],
    }
    api = client_for(alice)
    response = api.post(f"{API}/workloads/import", document, format="json")
    assert response.status_code == 201, response.json()
    milestone = Milestone.objects.get(workload_id=response.json()["id"])
    assert (milestone.number, milestone.name) == (1, "Baseline")
    assert milestone.recorded_in_aws_at.isoformat() == "2024-01-01T10:00:00+00:00"
    document["milestones"][0]["colour"] = "red"
    refused = api.post(f"{API}/workloads/import", document, format="json")
    assert refused.status_code == 400
    assert [(e["code"], e["pointer"]) for e in refused.json()["errors"]] == [
        ("UNKNOWN_FIELD", "/milestones/0/colour")
    ]
