"""Issue 15 item 4: creates can be retried safely with ``Idempotency-Key``, and every
201/202 says where the new resource is (``Location``)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test.client import encode_multipart
from django.utils import timezone

from catalog.models import Lens
from mllens.api.idempotency import sweep
from mllens.models import IdempotencyKey
from reviews.models import Milestone, ReportJob, Workload, WorkloadMember
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import api_key_for, client_for
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import API, assert_error, together, url

LIST = f"{API}/workloads/"


def post(client, path, body, key=None, **extra):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(path, body, format="json", headers=headers, **extra)


def test_it_answers_a_repeated_create_with_the_first_result_and_creates_once(clients, alice):
    first = post(clients["owner"], LIST, {"name": "Ranker", "tags": {"a": "1"}}, key="k-1")
    assert first.status_code == 201, first.json()
    assert "Idempotent-Replayed" not in first
    # The same body with its keys in another order and other spacing is the same body.
    again = clients["owner"].generic(
        "POST",
        LIST,
        json.dumps({"tags": {"a": "1"}, "name": "Ranker"}, indent=2),
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert first["Location"] == f"http://testserver{LIST}{first.json()['id']}/"
    assert Workload.objects.filter(name="Ranker").count() == 1
    # Without a key, a repeat is a new request (here refused: the name is taken).
    assert post(clients["owner"], LIST, {"name": "Ranker"}).status_code == 400


def test_it_refuses_a_key_reused_with_another_body_path_or_method(clients, workload):
    assert post(clients["owner"], LIST, {"name": "One"}, key="reused").status_code == 201
    other_body = post(clients["owner"], LIST, {"name": "Two"}, key="reused")
    assert_error(other_body, 409, "IDEMPOTENCY_MISMATCH", field="Idempotency-Key", query=True)
    other_path = post(clients["owner"], url(workload, "milestones"), {"name": "One"}, key="reused")
    assert_error(other_path, 409, "IDEMPOTENCY_MISMATCH")
    assert not Workload.objects.filter(name="Two").exists()
    assert not Milestone.objects.filter(workload=workload).exists()


def test_it_keeps_keys_per_user(clients, alice, bob):
    assert post(clients["owner"], LIST, {"name": "Mine"}, key="shared").status_code == 201
    theirs = post(clients["contributor"], LIST, {"name": "Mine"}, key="shared")
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert theirs.json()["id"] != Workload.objects.get(name="Mine", created_by=alice).pk


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "naïve"])
def test_it_refuses_a_malformed_key_and_creates_nothing(clients, key):
    response = post(clients["owner"], LIST, {"name": "Keyed"}, key=key)
    assert_error(response, 400, "VALIDATION_ERROR", field="Idempotency-Key", query=True)
    assert not Workload.objects.filter(name="Keyed").exists()


def test_it_releases_the_key_of_a_failed_request(clients):
    refused = post(clients["owner"], LIST, {"name": "x"}, key="fix-and-retry")
    assert refused.status_code == 400
    fixed = post(clients["owner"], LIST, {"name": "Fixed name"}, key="fix-and-retry")
    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed


def test_it_answers_409_while_the_first_request_is_in_flight(clients):
    assert post(clients["owner"], LIST, {"name": "Busy"}, key="busy").status_code == 201
    # As while the first request still runs: claimed, no answer kept yet.
    IdempotencyKey.objects.filter(key="busy").update(status_code=None)
    in_flight = post(clients["owner"], LIST, {"name": "Busy"}, key="busy")
    assert_error(in_flight, 409, "IDEMPOTENCY_IN_PROGRESS", field="Idempotency-Key", query=True)
    assert in_flight["Retry-After"] == "1"
    # Another body with that key is a mismatch, in flight or not.
    other = post(clients["owner"], LIST, {"name": "Other"}, key="busy")
    assert_error(other, 409, "IDEMPOTENCY_MISMATCH")
    assert Workload.objects.filter(name__in=["Busy", "Other"]).count() == 1


def test_it_forgets_keys_after_24_hours(clients, alice):
    assert post(clients["owner"], LIST, {"name": "Daily"}, key="day").status_code == 201
    IdempotencyKey.objects.filter(key="day").update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    again = post(clients["owner"], LIST, {"name": "Daily 2"}, key="day")
    assert again.status_code == 201  # the old claim expired: a new request
    assert "Idempotent-Replayed" not in again
    IdempotencyKey.objects.create(
        user=alice, key="old", fingerprint="0" * 64, created_at=timezone.now() - timedelta(days=2)
    )
    assert sweep() == 1
    assert set(IdempotencyKey.objects.values_list("key", flat=True)) == {"day"}


def test_a_retried_lens_import_gives_the_first_lens_not_a_second(clients):
    doc = lens_doc(name="Retried lens")
    first = post(clients["owner"], f"{API}/lenses/import", doc, key="import-1")
    again = post(clients["owner"], f"{API}/lenses/import", doc, key="import-1")
    assert first.status_code == again.status_code == 201, first.json()
    assert again.json()["lens"]["slug"] == first.json()["lens"]["slug"] == "retried-lens"
    assert Lens.objects.filter(name="Retried lens").count() == 1
    assert first["Location"].endswith(f"{API}/lenses/retried-lens/")


def test_a_multipart_retry_is_the_same_body_whatever_its_boundary(clients):
    doc = json.dumps(lens_doc(name="Uploaded lens")).encode()

    def upload(boundary: str):
        from django.core.files.uploadedfile import SimpleUploadedFile

        body = encode_multipart(boundary, {"file": SimpleUploadedFile("lens.json", doc)})
        return clients["owner"].generic(
            "POST",
            f"{API}/lenses/import",
            body,
            content_type=f"multipart/form-data; boundary={boundary}",
            headers={"Idempotency-Key": "upload"},
        )

    first, again = upload("AaB03x"), upload("ZzY98q")
    assert first.status_code == again.status_code == 201, first.content[:300]
    assert again["Idempotent-Replayed"] == "true"
    assert Lens.objects.filter(name="Uploaded lens").count() == 1


def test_every_create_says_where_the_new_resource_is(
    clients, workload, charlie, eager_reports, report_media
):
    owner = clients["owner"]
    base = f"http://testserver{url(workload)}"
    member = post(owner, url(workload, "members"), {"user": "charlie", "role": "READER"})
    assert member.status_code == 201, member.json()
    added = WorkloadMember.objects.get(workload=workload, user=charlie)
    assert member["Location"] == f"{base}members/{added.pk}/"
    milestone = post(owner, url(workload, "milestones"), {"name": "Launch"})
    assert milestone["Location"] == f"{base}milestones/1/"
    report = post(
        owner, f"{API}/reports/", {"workload": workload.pk, "lens": TRICKY_SLUG, "kind": "review"}
    )
    assert report.status_code == 202, report.json()
    job = ReportJob.objects.get(workload=workload)
    assert report["Location"] == f"http://testserver{API}/reports/{job.pk}/"
    exported = owner.get(url(workload) + "export?format=json").json()
    imported = post(owner, f"{LIST}import", {**exported, "name": "Imported copy"})
    if imported.status_code == 400:  # the document names the workload elsewhere
        exported["workload"]["name"] = "Imported copy"
        imported = post(owner, f"{LIST}import", exported)
    assert imported.status_code == 201, imported.json()
    assert imported["Location"] == f"http://testserver{LIST}{imported.json()['id']}/"
    removed = owner.delete(url(workload, "reviews", TRICKY_SLUG))
    assert removed.status_code == 204
    review = post(owner, url(workload, "reviews"), {"lens": TRICKY_SLUG})
    assert review["Location"] == f"{base}reviews/{TRICKY_SLUG}/"
    # Every Location answers a GET with what was created.
    for response in (member, milestone, report, imported, review):
        assert owner.get(response["Location"]).status_code == 200


def test_a_retried_milestone_without_a_key_names_the_one_that_exists(clients, workload):
    first = post(clients["owner"], url(workload, "milestones"), {"name": "Go live"})
    keyed = post(clients["owner"], url(workload, "milestones"), {"name": "Go live"}, key="m")
    body = assert_error(keyed, 409, "DUPLICATE_NAME", field="name")
    assert body["milestone"]["number"] == first.json()["number"]
    assert body["milestone"]["url"] == first["Location"]
    # A failure is not kept: the key is free again.
    assert not IdempotencyKey.objects.filter(key="m").exists()


@pytest.mark.postgres
def test_parallel_requests_with_one_key_create_once(live_api, alice):
    """Ten copies of one keyed create released at once against PostgreSQL: one workload;
    the others get the first result or 409 IDEMPOTENCY_IN_PROGRESS, never a second create."""
    token = api_key_for(alice)
    headers = {"Idempotency-Key": "race-1"}
    results = together(10, lambda: live_api(token, "POST", LIST, {"name": "Raced"}, headers))
    statuses = [status for status, _ in results]
    assert set(statuses) <= {201, 409}, results
    assert Workload.objects.filter(name="Raced").count() == 1
    created = Workload.objects.get(name="Raced").pk
    assert all(body["id"] == created for status, body in results if status == 201)
    assert all(
        body["code"] == "IDEMPOTENCY_IN_PROGRESS" for status, body in results if status == 409
    )
    # Once the first is done, every retry gets its result.
    status, body = live_api(token, "POST", LIST, {"name": "Raced"}, headers)
    assert (status, body["id"]) == (201, created)


def test_it_leaves_requests_of_others_alone(anon_api, alice):
    # No credentials: the view's 401, nothing stored.
    response = post(anon_api, LIST, {"name": "Nobody"}, key="anon")
    assert response.status_code == 401
    assert not IdempotencyKey.objects.exists()
    # The token endpoint's answer is a credential: never stored.
    client_for(alice).post(f"{API}/auth/token/", {}, headers={"Idempotency-Key": "t"})
    assert not IdempotencyKey.objects.exists()
