"""Hostile workload documents through ``POST /api/v1/workloads/import`` (issue 12 finding 4).

Every document of the corpus (``hostile_workloads.py``) is refused with 400 in the error
shape, with its problem at its JSON Pointer, in well under 2 s, and writes nothing: every
table of the reviews app keeps its row count. The valid document it is made from imports,
and an export round-trips.
"""

from __future__ import annotations

import json
import time

import pytest
from django.apps import apps

from mllens.errors import DomainError
from reviews.choices import Role
from reviews.models import Answer, ImprovementItem, LensReview, Workload, WorkloadMember
from reviews.services import exchange
from tests.fixtures.users import UserFactory, client_for
from tests.reviews.factories import TeamFactory, tricky_lens
from tests.security.figures import record
from tests.security.hostile_workloads import LENS, base_document, corpus
from tests.support import HOSTILE_REQUEST_BOUND_S

CORPUS = corpus()
IMPORT = "/api/v1/workloads/import"


@pytest.fixture
def tricky(alice):
    return tricky_lens(alice)


@pytest.fixture
def tess(db):
    return UserFactory(username="tess")


def reviews_rows() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("reviews").get_models()}


def _post(client, document, raw: bytes | None = None):
    body = raw if raw is not None else json.dumps(document).encode()
    started = time.perf_counter()
    response = client.generic("POST", IMPORT, body, "application/json")
    return response, time.perf_counter() - started


def test_it_has_a_corpus_covering_every_shape_the_audit_found():
    """Issue 12 finding 4: the corpus holds every shape the audit named, and more."""
    names = {h.name for h in CORPUS}
    audit = {
        "member_twice", "review_twice", "members_a_string", "selected_not_a_list",
        "question_key_unhashable", "item_bad_date", "reason_longer_than_column", "notes_nul",
        "status_junk", "pillar_notes_a_list", "reason_unknown", "selected_and_not_applicable",
        "none_with_others", "notes_too_long", "item_done_but_selected", "item_owner_not_member",
    }  # fmt: skip
    assert audit <= names, audit - names
    assert len(CORPUS) >= 60
    record("hostile_workload_documents", len(CORPUS))


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_it_refuses_each_hostile_document_with_its_pointer_and_writes_nothing(
    hostile, alice, bob, charlie, tricky
):
    """Issue 12 finding 4: a hostile workload document answers 400 with a JSON Pointer per
    problem (never 500, never a stored workload that breaks later) and writes nothing."""
    before = reviews_rows()
    response, elapsed = _post(client_for(alice), hostile.document())
    assert response.status_code == 400, response.content[:500]
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["message"]
    problems = [(e["code"], e.get("pointer")) for e in body["errors"]]
    assert hostile.rejected in problems, problems
    assert reviews_rows() == before
    assert elapsed < HOSTILE_REQUEST_BOUND_S, f"{elapsed:.2f} s"


def test_it_imports_the_valid_document_the_corpus_is_made_from(alice, bob, tricky):
    """Issue 12 finding 4: the base of the hostile corpus is itself accepted, as it says."""
    response, _ = _post(client_for(alice), base_document())
    assert response.status_code == 201, response.json()
    assert response.json()["warnings"] == []
    workload = Workload.objects.get(pk=response.json()["id"])
    answer = Answer.objects.get(lens_review__workload=workload, question_key="p1q1")
    assert (answer.risk, answer.selected_choices) == ("MEDIUM", ["p1q1_c3"])
    assert answer.choice_statuses == {"p1q1_c2": {"reason": "OUT_OF_SCOPE", "notes": "batch only"}}
    item = ImprovementItem.objects.get(lens_review__workload=workload)
    assert (item.choice_key, item.owner, item.status) == ("p1q1_c1", bob, "IN_PROGRESS")
    assert LensReview.objects.get(workload=workload).pillar_notes == {
        "pillar1": "Threat model pending"
    }
    # What was imported shows: the review page, the plan and the tables.
    api = client_for(alice)
    assert api.get(f"/api/v1/workloads/{workload.pk}/reviews/{LENS}/").status_code == 200
    plan = api.get(f"/api/v1/workloads/{workload.pk}/reviews/{LENS}/improvements/").json()
    plan = plan["results"]
    assert [i["owner"]["username"] for e in plan for i in e["items"] if i["owner"]] == ["bob"]
    for fmt in ("csv", "xlsx"):
        assert api.get(f"/api/v1/workloads/{workload.pk}/export?format={fmt}").status_code == 200


def test_it_round_trips_an_export_with_a_team_and_an_owner_through_the_team(
    alice, bob, tess, tricky
):
    """Issue 12 finding 4: a valid export still imports, equal to itself, after validation."""
    team = TeamFactory(name="Platform", members=[tess])
    document = base_document()
    document["members"].append({"team": team.name, "role": "READER"})
    document["reviews"][0]["improvement_items"][0]["owner"] = "tess"
    api = client_for(alice)
    first, _ = _post(api, document)
    assert first.status_code == 201, first.json()
    exported = api.get(f"/api/v1/workloads/{first.json()['id']}/export").json()
    # Alice owns the first copy: the second needs its own name (issue 12 finding 22).
    exported["workload"]["name"] = "Imported model (copy)"
    second, _ = _post(api, exported)
    assert second.status_code == 201, second.json()
    again = api.get(f"/api/v1/workloads/{second.json()['id']}/export").json()
    exported.pop("exported_at")
    again.pop("exported_at")
    assert again == exported


def test_it_skips_members_and_owners_unknown_here_with_warnings(alice, bob, tricky):
    """Issue 12 finding 4: people of another installation are skipped, said in ``warnings``."""
    document = base_document()
    document["members"].append({"user": "nobody-here", "role": "READER"})
    document["reviews"][0]["improvement_items"][0]["owner"] = "nobody-here"
    response, _ = _post(client_for(alice), document)
    assert response.status_code == 201, response.json()
    warnings = response.json()["warnings"]
    assert any(w.startswith("/members/1:") for w in warnings), warnings
    assert any(w.startswith("/reviews/0/improvement_items/0:") for w in warnings), warnings
    assert ImprovementItem.objects.get(lens_review__workload_id=response.json()["id"]).owner is None


def test_it_reports_every_problem_of_a_document_at_once(alice, bob, tricky):
    """Issue 12 finding 4: one 400 names every problem, not only the first."""
    document = base_document()
    document["members"].append(dict(document["members"][0]))
    document["reviews"][0]["answers"][0]["selected_choices"] = ["p1q1_no", "nope"]
    document["reviews"][0]["pillar_notes"] = {"nope": "x"}
    response, _ = _post(client_for(alice), document)
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert {
        "/members/1",
        "/reviews/0/answers/0/selected_choices/1",
        "/reviews/0/pillar_notes/nope",
    } <= pointers


def test_it_refuses_a_document_over_the_entry_cap_before_reading_it(alice, tricky, settings):
    """Issue 12 finding 4: 30,000 items (25 s of a worker before) are refused at once."""
    document = base_document()
    document["reviews"][0]["improvement_items"] = [
        {"question_key": "q", "choice_key": f"c{i}"} for i in range(30_000)
    ]
    before = reviews_rows()
    response, elapsed = _post(client_for(alice), document)
    assert response.status_code == 400
    assert (response.json()["errors"][0]["code"], response.json()["errors"][0]["pointer"]) == (
        "LIMIT",
        "",
    )
    assert elapsed < HOSTILE_REQUEST_BOUND_S, f"{elapsed:.2f} s"
    assert reviews_rows() == before
    settings.WORKLOAD_IMPORT_MAX_ITEMS = 4
    response, _ = _post(client_for(alice), base_document())
    assert response.status_code == 400  # 1 member + 1 review + 3 answers + 1 item
    settings.WORKLOAD_IMPORT_MAX_ITEMS = 6
    response, _ = _post(client_for(alice), base_document())
    assert response.status_code == 201, response.json()


def test_it_refuses_a_document_over_the_size_cap(alice, tricky, settings):
    """Issue 12 finding 4: the request size is capped (setting), in the error shape."""
    raw = json.dumps(base_document()).encode()
    settings.WORKLOAD_IMPORT_MAX_BYTES = len(raw) - 1
    response, _ = _post(client_for(alice), None, raw)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "LIMIT"
    settings.WORKLOAD_IMPORT_MAX_BYTES = len(raw)
    response, _ = _post(client_for(alice), None, raw)
    assert response.status_code == 201, response.json()


def test_it_validates_inside_the_service_that_other_importers_call(alice, bob, tricky):
    """Issue 12 finding 4: the checks sit in ``exchange.workload_import`` itself, so an importer
    that maps another format into this document gets them too."""
    document = base_document()
    document["reviews"][0]["answers"][0]["choice_statuses"] = {"X": {"reason": "OTHER"}}
    with pytest.raises(DomainError) as caught:
        exchange.workload_import(document=document, user=alice)
    assert caught.value.code == "INVALID_WORKLOAD_DOCUMENT"
    assert [e.pointer for e in caught.value.errors] == ["/reviews/0/answers/0/choice_statuses/X"]
    assert not Workload.objects.exists()
    workload, _ = exchange.workload_import(
        document=base_document(), user=alice, workload_fields={"name": "Renamed on import"}
    )
    assert workload.name == "Renamed on import"
    assert WorkloadMember.objects.get(workload=workload, user=alice).role == Role.OWNER
