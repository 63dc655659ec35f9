"""Workloads through the API: creation and its validation, changes, deletion, the list."""

from __future__ import annotations

import pytest

from reviews.choices import Role
from reviews.models import Activity, Workload, WorkloadMember
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import API, assert_error, select, url

LIST = f"{API}/workloads/"


def create(client, **fields):
    return client.post(LIST, {"name": "Recommendation engine", **fields}, format="json")


# --- creation -------------------------------------------------------------------------------


def test_it_creates_a_workload_owned_by_its_creator(clients, alice, tricky):
    response = create(
        clients["owner"],
        description="Ranks products.",
        environment="PRODUCTION",
        review_owner="Alice Owner",
        industry_type="Retail & Wholesale",
        industry="E-commerce",
        aws_regions=["eu-west-1", "us-gov-west-1"],
        non_aws_regions=["On-premises Paris"],
        account_ids=["123456789012"],
        architectural_design="https://wiki.example.com/design",
        pillar_priorities=["pillar2", "pillar1"],
        tags={"team": "ranking", "cost-centre": ""},
        lenses=[TRICKY_SLUG],
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["role"] == "OWNER"
    assert body["created_by"] == body["updated_by"] == {"id": alice.pk, "username": "alice"}
    assert body["aws_regions"] == ["eu-west-1", "us-gov-west-1"]
    assert body["tags"] == {"team": "ranking", "cost-centre": ""}
    assert [lens["slug"] for lens in body["lenses"]] == [TRICKY_SLUG]
    assert (body["questions_answered"], body["questions_total"]) == (0, 4)
    assert body["risk_counts"]["UNANSWERED"] == 4
    workload = Workload.objects.get(pk=body["id"])
    assert WorkloadMember.objects.get(workload=workload).user == alice
    assert Activity.objects.filter(workload=workload, verb="workload.create").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "ab"}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "   ab   "}, "name"),
        ({"environment": "STAGING"}, "environment"),
        ({"account_ids": ["12345678901"]}, "account_ids.0"),
        ({"account_ids": ["123456789012", "1234567890123"]}, "account_ids.1"),
        ({"account_ids": ["١٢٣٤٥٦٧٨٩٠١٢"]}, "account_ids.0"),  # Arabic-Indic digits
        ({"account_ids": ["12345678901a"]}, "account_ids.0"),
        ({"aws_regions": ["US-EAST-1"]}, "aws_regions.0"),
        ({"aws_regions": ["useast1"]}, "aws_regions.0"),
        ({"aws_regions": ["us-east-١"]}, "aws_regions.0"),
        ({"aws_regions": ["eu-west-1"] * 51}, "aws_regions"),
        ({"non_aws_regions": ["ab"]}, "non_aws_regions.0"),
        ({"non_aws_regions": ["x" * 26]}, "non_aws_regions.0"),
        ({"non_aws_regions": ["Paris", "Berlin", "Madrid", "Rome", "Lisbon", "Oslo"]}, None),
        ({"architectural_design": "javascript:alert(1)"}, "architectural_design"),
        ({"architectural_design": "ftps://files.example.com/design"}, "architectural_design"),
        ({"architectural_design": "not a url"}, "architectural_design"),
        ({"tags": {f"k{i}": "v" for i in range(51)}}, "tags"),
        ({"tags": {"": "v"}}, "tags"),
        ({"tags": {"k": "v" * 257}}, "tags.k"),
        ({"industry_type": "Space"}, "industry_type"),
        ({"pillar_priorities": ["a", "a"]}, "pillar_priorities"),
        ({"description": "d" * 2001}, "description"),
    ],
)
def test_it_refuses_invalid_fields_naming_them(fields, field, clients, alice):
    response = create(clients["owner"], **fields)
    body = assert_error(response, 400, "VALIDATION_ERROR", field=field)
    if field is None:
        assert body["errors"][0]["field"] == "non_aws_regions"
    assert not Workload.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "abc"},
        {"name": "x" * 100},
        {"aws_regions": ["eu-west-1"] * 50},
        {"tags": {f"k{i}": "v" for i in range(50)}},
        {"architectural_design": "ftp://files.example.com/design"},
        {"architectural_design": "http://wiki.corp.internal:8080/design?page=1"},
        {"account_ids": ["000000000000", "999999999999"]},
    ],
    ids=["name-3", "name-100", "regions-50", "tags-50", "ftp", "http", "accounts"],
)
def test_it_accepts_fields_at_their_limits(fields, clients, alice):
    assert create(clients["owner"], **fields).status_code == 201


def test_it_requires_a_name(clients, alice):
    response = clients["owner"].post(LIST, {}, format="json")
    body = assert_error(response, 400, "VALIDATION_ERROR", field="name")
    assert body["errors"][0]["code"] == "REQUIRED"


def test_it_refuses_unknown_or_unpublished_lenses_on_creation(clients, alice, bob, tricky):
    response = create(clients["owner"], lenses=[TRICKY_SLUG, "no-such-lens"])
    body = assert_error(response, 400, "VALIDATION_ERROR", field="lenses.1")
    assert "no-such-lens" in body["message"]
    # a lens with nothing published yet, seen by its owner only
    draft = custom_lens(bob, lens_doc(name="Bob draft"))
    response = create(clients["owner"], lenses=[draft.slug])
    assert_error(response, 400, "VALIDATION_ERROR", field="lenses.0")
    response = create(clients["contributor"], lenses=[draft.slug])
    assert_error(response, 400, "LENS_NOT_PUBLISHED", field="lens")
    assert not Workload.objects.exists()


def test_it_refuses_malformed_json_with_the_error_shape(clients, alice):
    response = clients["owner"].post(LIST, "{nope", content_type="application/json")
    assert_error(response, 400, "PARSE_ERROR")


# --- reading, changing, deleting ------------------------------------------------------------


def test_it_shows_each_member_their_role(workload, clients):
    roles = {
        name: clients[name].get(url(workload)).json()["role"]
        for name in ("reader", "contributor", "owner", "staff")
    }
    assert roles == {
        "reader": "READER",
        "contributor": "CONTRIBUTOR",
        "owner": "OWNER",
        "staff": "OWNER",
    }


def test_it_changes_only_the_given_fields_and_records_which(workload, clients, bob):
    response = clients["contributor"].patch(
        url(workload), {"environment": "PRODUCTION", "improvement_status": "IN_PROGRESS"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["environment"], body["improvement_status"]) == (
        "Fraud model",
        "PRODUCTION",
        "IN_PROGRESS",
    )
    assert body["updated_by"]["username"] == "bob"
    activity = Activity.objects.filter(verb="workload.update").get()
    assert activity.actor == bob
    assert activity.data == {"fields": ["environment", "improvement_status"]}


def test_it_validates_changes_like_creation(workload, clients):
    response = clients["owner"].patch(url(workload), {"name": "ab"}, format="json")
    assert_error(response, 400, "VALIDATION_ERROR", field="name")
    response = clients["owner"].patch(url(workload), {"lenses": ["x"]}, format="json")
    assert_error(response, 400, "VALIDATION_ERROR", field="lenses")
    assert Workload.objects.get(pk=workload.pk).name == "Fraud model"


def test_it_records_nothing_for_a_patch_that_changes_nothing(workload, clients):
    before = Activity.objects.count()
    response = clients["owner"].patch(url(workload), {"name": "Fraud model"}, format="json")
    assert response.status_code == 200
    assert Activity.objects.count() == before


def test_it_deletes_a_workload_with_everything_in_it(workload, clients, alice):
    select(clients["owner"], workload, TRICKY_SLUG, "p1q1", "c1")
    assert clients["owner"].delete(url(workload)).status_code == 204
    assert clients["owner"].get(url(workload)).status_code == 404
    assert not Workload.objects.exists()
    deleted = Activity.objects.get(verb="workload.delete")
    assert (deleted.workload, deleted.actor) == (None, alice)
    assert "Fraud model" in deleted.summary


# --- duplicate names (issue 12 finding 22) ---------------------------------------------------


def test_it_refuses_a_second_workload_with_the_same_name_in_any_case(clients, alice, bob):
    """Issue 12 finding 22: duplicate workload names were accepted silently; one owner's
    workloads now have distinct names, compared case-insensitively (400 DUPLICATE_NAME)."""
    assert create(clients["owner"], name="Churn model").status_code == 201
    before = Workload.objects.count()
    response = create(clients["owner"], name="  CHURN Model ")
    body = assert_error(response, 400, "VALIDATION_ERROR", field="name")
    assert body["errors"][0]["code"] == "DUPLICATE_NAME"
    assert body["errors"][0]["pointer"] == "/name"
    assert Workload.objects.count() == before
    # Another user's workloads do not count: bob may use the name.
    assert create(clients["contributor"], name="Churn model").status_code == 201


def test_it_refuses_renaming_a_workload_to_the_name_of_another_owned_one(clients, alice):
    """Issue 12 finding 22: the rule holds for renames too; keeping one's own name is fine."""
    first = create(clients["owner"], name="Churn model").json()
    second = create(clients["owner"], name="Fraud model").json()
    url_second = f"{LIST}{second['id']}/"
    response = clients["owner"].patch(url_second, {"name": "churn MODEL"}, format="json")
    body = assert_error(response, 400, "VALIDATION_ERROR", field="name")
    assert body["errors"][0]["code"] == "DUPLICATE_NAME"
    assert Workload.objects.get(pk=second["id"]).name == "Fraud model"
    again = clients["owner"].patch(
        f"{LIST}{first['id']}/", {"name": "Churn model", "notes": "x"}, format="json"
    )
    assert again.status_code == 200, again.json()


# --- the list -------------------------------------------------------------------------------


@pytest.fixture
def several(alice, bob, charlie, tricky, clients):
    """Four workloads of alice's (one shared with bob) and one of charlie's."""
    made = {
        "prod-high": WorkloadFactory(
            owner=alice,
            name="Payments",
            environment="PRODUCTION",
            lenses=[tricky],
            members=[(bob, Role.READER)],
        ),
        "prod": WorkloadFactory(owner=alice, name="Search ranking", environment="PRODUCTION"),
        "pre-high": WorkloadFactory(owner=alice, name="Payments sandbox", lenses=[tricky]),
        "pre": WorkloadFactory(owner=alice, name="Chatbot"),
        "charlie": WorkloadFactory(owner=charlie, name="Charlie's payments"),
    }
    select(clients["owner"], made["prod-high"], TRICKY_SLUG, "p1q1", "no")
    select(clients["owner"], made["pre-high"], TRICKY_SLUG, "p2q2", "no")
    select(clients["owner"], made["pre-high"], TRICKY_SLUG, "p2q1", "c1")
    return made


def names(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Chatbot", "Payments", "Payments sandbox", "Search ranking"]),
        ("?name=PAYMENTS", ["Payments", "Payments sandbox"]),
        ("?environment=PRODUCTION", ["Payments", "Search ranking"]),
        (f"?lens={TRICKY_SLUG}", ["Payments", "Payments sandbox"]),
        ("?has_high_risks=true", ["Payments", "Payments sandbox"]),
        ("?has_high_risks=false", ["Chatbot", "Search ranking"]),
        ("?has_high_risks=1&environment=PREPRODUCTION", ["Payments sandbox"]),
        ("?lens=no-such-lens", []),
    ],
)
def test_it_filters_the_list(query, expected, several, clients):
    assert names(clients["owner"].get(LIST + query)) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [("?environment=STAGING", "environment"), ("?has_high_risks=maybe", "has_high_risks")],
)
def test_it_refuses_invalid_filters(query, field, several, clients):
    assert_error(
        clients["owner"].get(LIST + query), 400, "INVALID_PARAMETER", field=field, query=True
    )


def test_it_lists_only_what_the_user_may_read(several, clients):
    assert names(clients["contributor"].get(LIST)) == ["Payments"]
    assert names(clients["outsider"].get(LIST)) == ["Charlie's payments"]
    assert len(names(clients["staff"].get(LIST))) == 5


def test_it_shows_progress_and_risk_per_workload(several, clients):
    rows = {row["name"]: row for row in clients["owner"].get(LIST).json()["results"]}
    sandbox = rows["Payments sandbox"]
    assert (sandbox["questions_answered"], sandbox["questions_total"]) == (2, 4)
    assert (sandbox["high_count"], sandbox["medium_count"]) == (1, 1)
    assert sandbox["improvement_status"] == "NOT_STARTED"
    assert sandbox["lenses"] == [
        {
            "slug": TRICKY_SLUG,
            "name": "Tricky rules lens",
            "version": "1.0",
            "risk_counts": {
                "UNANSWERED": 2,
                "HIGH": 1,
                "MEDIUM": 1,
                "NONE": 0,
                "NOT_APPLICABLE": 0,
            },
            "questions_answered": 2,
            "questions_total": 4,
        }
    ]
    assert rows["Chatbot"]["lenses"] == []
    assert rows["Chatbot"]["questions_total"] == 0


def test_it_pages_the_list_by_cursor_and_still_by_number(alice, clients):
    for index in range(7):
        WorkloadFactory(owner=alice, name=f"Workload {index}")
    first = clients["owner"].get(LIST + "?page_size=3").json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert "cursor=" in first["next"]
    assert first["next"].endswith("page_size=3")
    assert first["previous"] is None
    # The deprecated page numbers keep working for scripts that use them.
    last = clients["owner"].get(LIST + "?page_size=3&page=3").json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    seen = [
        row["id"]
        for page in (1, 2, 3)
        for row in clients["owner"].get(LIST + f"?page_size=3&page={page}").json()["results"]
    ]
    assert len(set(seen)) == 7
    past = clients["owner"].get(LIST + "?page=9")
    assert past.status_code == 200
    assert past.json()["results"] == []
    assert past.json()["count"] == 7


def test_it_lists_the_most_recently_changed_first(alice, clients, tricky):
    old = WorkloadFactory(owner=alice, name="Old", lenses=[tricky])
    WorkloadFactory(owner=alice, name="New")
    select(clients["owner"], old, TRICKY_SLUG, "p1q1", "c1")
    results = clients["owner"].get(LIST).json()["results"]
    assert [row["name"] for row in results] == ["Old", "New"]
