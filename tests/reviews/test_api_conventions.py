"""One convention each (issue 15 item 10): enum values, timestamps, names, users, links; the
first v1 shape still answered to clients that send ``API-Version: 2026-11-01``."""

from __future__ import annotations

import pytest

from reviews.models import JobStatus, ReportJob
from tests.reviews.factories import TRICKY_SLUG
from tests.reviews.helpers import API, assert_error, listed, select, url

LEGACY = {"API-Version": "2026-11-01"}
REPORTS = f"{API}/reports/"

pytestmark = pytest.mark.usefixtures("eager_reports", "report_media")


@pytest.fixture
def recorded(workload, clients):
    """Milestone 1 with p1q1 unanswered, then p1q1 HIGH: a comparison with a direction."""
    owner = clients["owner"]
    select(owner, workload, TRICKY_SLUG, "p1q2", "c1")
    assert owner.post(url(workload, "milestones"), {"name": "Baseline"}).status_code == 201
    select(owner, workload, TRICKY_SLUG, "p1q1", "no")
    return workload


def _deprecated(response) -> bool:
    return {"Deprecation", "Sunset", "Link"} <= set(response.headers)


def test_it_writes_report_values_in_screaming_snake_and_still_reads_lower_case(recorded, clients):
    owner = clients["owner"]
    sent = {"workload": recorded.pk, "lens": TRICKY_SLUG, "kind": "COMPARISON", "base": 1}
    new = owner.post(REPORTS, {**sent, "target": "current"}, format="json")
    assert new.status_code == 202, new.content
    assert (new.json()["kind"], new.json()["status"]) == ("COMPARISON", "QUEUED")
    assert (new.json()["base"], new.json()["target"]) == (1, "current")
    # The lower-case values and the target as a string (the first v1 shape) are still taken.
    old = owner.post(REPORTS, {**sent, "kind": "comparison", "target": "1"}, format="json")
    assert old.status_code == 202, old.content
    assert (old.json()["kind"], old.json()["target"]) == ("COMPARISON", 1)
    as_number = owner.post(REPORTS, {**sent, "kind": "review", "milestone": 1}, format="json")
    assert as_number.json()["target"] is None
    assert_error(
        owner.post(REPORTS, {**sent, "kind": "Review"}, format="json"),
        400,
        "VALIDATION_ERROR",
        field="kind",
    )
    assert_error(
        owner.post(REPORTS, {**sent, "target": 1.5}, format="json"),
        400,
        "VALIDATION_ERROR",
        field="target",
    )
    first_shape = owner.get(f"{REPORTS}{new.json()['id']}/", headers=LEGACY)
    assert (first_shape.json()["kind"], first_shape.json()["status"]) == ("comparison", "queued")
    assert first_shape.json()["target"] == "current"
    assert _deprecated(first_shape)
    assert not _deprecated(new)


def test_it_links_a_download_absolutely_like_next(workload, clients, alice):
    job = ReportJob.objects.create(
        workload=workload,
        lens=workload.lens_reviews.get().lens,
        kind="review",
        request_key="done",
        status=JobStatus.DONE,
        requested_by=alice,
    )
    body = clients["reader"].get(f"{REPORTS}{job.pk}/").json()
    assert body["download_url"] == f"http://testserver/api/v1/reports/{job.pk}/download"
    old = clients["reader"].get(f"{REPORTS}{job.pk}/", headers=LEGACY).json()
    assert old["download_url"] == f"/api/v1/reports/{job.pk}/download"


def test_it_names_comparison_directions_in_screaming_snake(recorded, clients):
    path = url(recorded, "compare").rstrip("/") + "?base=1&target=current"
    result = clients["reader"].get(path).json()
    directions = {q["question_key"]: q["direction"] for q in result["lenses"][0]["questions"]}
    assert directions["p1q1"] == "REGRESSED"
    assert set(directions.values()) == {"REGRESSED", "UNCHANGED"}
    assert result["summary"]["questions"]["REGRESSED"] == 1
    old = clients["reader"].get(path, headers=LEGACY)
    assert old.json()["lenses"][0]["questions"][0]["direction"] == "regressed"
    assert old.json()["summary"]["questions"]["regressed"] == 1
    assert _deprecated(old)


def test_it_gives_a_milestones_time_one_name_and_every_time_with_z(recorded, clients):
    reader = clients["reader"]
    milestone = reader.get(url(recorded, "milestones", "1")).json()
    assert milestone["recorded_at"] == milestone["created_at"]
    assert milestone["recorded_at"].endswith("Z")
    trend = listed(reader, url(recorded, "trend").rstrip("/"))
    assert trend[0]["recorded_at"] == milestone["recorded_at"]
    compared = reader.get(url(recorded, "compare").rstrip("/") + "?base=1").json()
    assert compared["base"]["recorded_at"] == milestone["recorded_at"]
    for answer in milestone["reviews"][0]["answers"]:
        assert answer["updated_at"] is None or answer["updated_at"].endswith("Z")


def test_it_shows_recorded_answers_under_the_answers_own_names(recorded, clients, alice):
    reader = clients["reader"]
    snapshot = reader.get(url(recorded, "milestones", "1")).json()["reviews"][0]
    answer = next(a for a in snapshot["answers"] if a["question_key"] == "p1q2")
    live = reader.get(url(recorded, "reviews", TRICKY_SLUG, "answers", "p1q2")).json()
    assert {"pillar", "phase", "updated_by", "updated_at"} <= set(answer)
    assert not {"pillar_key", "phase_key", "updated_by_id", "updated_by_username"} & set(answer)
    assert (answer["pillar"], answer["phase"]) == (live["pillar"], live["phase"])
    assert answer["updated_by"] == {"id": alice.pk, "username": "alice"}
    old = reader.get(url(recorded, "milestones", "1"), headers=LEGACY)
    old_answer = next(a for a in old.json()["reviews"][0]["answers"] if a["question_key"] == "p1q2")
    assert (old_answer["pillar_key"], old_answer["updated_by_id"]) == (live["pillar"], alice.pk)
    assert _deprecated(old)


def test_it_names_activity_objects_as_the_api_does(recorded, clients):
    reader = clients["reader"]
    rows = listed(reader, url(recorded, "activity"))
    assert all(not {"object_type", "object_id"} & set(row) for row in rows)
    by_verb = {}
    for row in rows:  # newest first: the latest write of each kind
        by_verb.setdefault(row["verb"], row["object"])
    assert by_verb["answer.update"] == {
        "type": "answer",
        "url": f"http://testserver{url(recorded, 'reviews', TRICKY_SLUG, 'answers', 'p1q1')}",
    }
    assert by_verb["milestone.create"]["url"].endswith(url(recorded, "milestones", "1"))
    assert by_verb["workload.create"] == {
        "type": "workload",
        "url": f"http://testserver{url(recorded)}",
    }
    assert reader.get(by_verb["answer.update"]["url"]).status_code == 200
    old = reader.get(url(recorded, "activity"), headers=LEGACY).json()["results"]
    assert {row["object_type"] for row in old} >= {"Answer", "Milestone", "Workload"}


def test_it_names_an_activity_object_that_is_gone_without_a_url(workload, clients):
    owner = clients["owner"]
    owner.post(
        url(workload, "members"), {"user": {"username": "charlie"}, "role": "READER"}, format="json"
    )
    owner.delete(url(workload, "members", "charlie"))
    rows = listed(owner, url(workload, "activity"))
    assert {row["verb"]: row["object"] for row in rows}["member.add"] == {
        "type": "member",
        "url": None,
    }


def test_every_answer_to_the_deprecated_version_says_so(workload, clients):
    # The version is deprecated as a whole, where its shape differs and where it does not.
    same_shape = clients["owner"].get(url(workload), headers=LEGACY)
    assert same_shape.status_code == 200
    assert _deprecated(same_shape)
    assert same_shape["API-Version"] == "2026-11-01"
    missing = clients["owner"].get(f"{API}/workloads/999999/", headers=LEGACY)
    assert missing.status_code == 404
    assert _deprecated(missing)
    assert not _deprecated(clients["owner"].get(url(workload)))
