"""Review templates (issue 19 items 1-2): pre-set answers with the answer rules and 409
versioning, applying them to a workload (FILL_EMPTY, OVERWRITE) through ordinary answer
changes that record their origin, and a constant number of queries whatever the lens size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.choices import Role
from reviews.models import Activity, Answer, AnswerChange
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import client_for
from tests.reviews.factories import TRICKY_SLUG, WorkloadFactory
from tests.reviews.helpers import (
    API,
    answer_url,
    assert_counts_match_answers,
    assert_error,
    select,
    url,
)

TEMPLATES = f"{API}/templates/"


def _template(client, *lenses: str, name: str = "Platform defaults") -> dict:
    response = client.post(
        TEMPLATES, {"name": name, "lenses": list(lenses)}, format="json", headers={}
    )
    assert response.status_code == 201, response.content[:500]
    assert response["Location"].endswith(f"/templates/{response.json()['id']}/")
    return response.json()


def _answer_url(template: dict, slug: str, key: str) -> str:
    return f"{TEMPLATES}{template['id']}/lenses/{slug}/answers/{key}/"


def _preset(client, template, slug, key, version=0, **body):
    response = client.patch(
        _answer_url(template, slug, key), {"version": version, **body}, format="json"
    )
    assert response.status_code == 200, response.content[:500]
    return response.json()


def _apply(client, workload, template, mode):
    return client.post(
        url(workload, "templates"), {"template": template["id"], "mode": mode}, format="json"
    )


@pytest.fixture
def template(clients, tricky):
    owner = clients["owner"]
    made = _template(owner, TRICKY_SLUG)
    _preset(owner, made, TRICKY_SLUG, "p1q1", selected_choices=["p1q1_c1"], notes="Platform")
    _preset(
        owner,
        made,
        TRICKY_SLUG,
        "p1q2",
        choice_statuses={"p1q2_c3": {"status": "NOT_APPLICABLE", "reason": "OTHER"}},
        selected_choices=["p1q2_c1", "p1q2_c2"],
    )
    return owner.get(f"{TEMPLATES}{made['id']}/").json()


def test_a_template_answer_obeys_the_answer_rules_and_versions(clients, template):
    owner = clients["owner"]
    target = _answer_url(template, TRICKY_SLUG, "p1q1")
    body = owner.get(target).json()
    assert (body["version"], body["preset"], body["risk"]) == (1, True, "NONE")
    assert body["notes"] == "Platform"
    assert template["version"] == 3  # created, then two answers pre-set
    # The same rules as a workload answer: an unknown choice is a 400 at its pointer.
    assert_error(
        owner.patch(target, {"version": 1, "selected_choices": ["nope"]}, format="json"),
        400,
        "VALIDATION_ERROR",
        field="selected_choices.0",
    )
    stale = owner.patch(target, {"version": 0, "notes": "x"}, format="json")
    assert stale.status_code == 409, stale.content
    assert stale.json()["current"]["version"] == 1
    # Not pre-set yet: version 0, unanswered.
    empty = owner.get(_answer_url(template, TRICKY_SLUG, "p2q1")).json()
    assert (empty["version"], empty["preset"], empty["risk"]) == (0, False, "UNANSWERED")


def test_only_members_see_a_template_and_readers_may_not_change_it(clients, template, alice):
    detail = f"{TEMPLATES}{template['id']}/"
    assert clients["outsider"].get(detail).status_code == 404
    assert clients["contributor"].get(detail).status_code == 404  # not a template member
    assert clients["staff"].get(detail).status_code == 200
    assert clients["outsider"].get(TEMPLATES).json()["count"] == 0
    assert clients["anonymous"].get(TEMPLATES).status_code == 401


def test_fill_empty_keeps_answers_the_workload_gave_and_overwrite_replaces_them(
    clients, workload, template
):
    owner = clients["owner"]
    select(owner, workload, TRICKY_SLUG, "p1q1", "c3")  # the workload's own answer: MEDIUM
    filled = _apply(owner, workload, template, "fill_empty")
    assert filled.status_code == 200, filled.content[:500]
    body = filled.json()
    assert body["mode"] == "FILL_EMPTY"
    assert body["applied"] == [{"lens": TRICKY_SLUG, "question_key": "p1q2"}]
    assert body["skipped"] == [{"lens": TRICKY_SLUG, "question_key": "p1q1", "reason": "ANSWERED"}]
    kept = owner.get(answer_url(workload, TRICKY_SLUG, "p1q1")).json()
    assert (kept["selected_choices"], kept["origin"]) == (["p1q1_c3"], None)
    given = owner.get(answer_url(workload, TRICKY_SLUG, "p1q2")).json()
    assert given["selected_choices"] == ["p1q2_c1", "p1q2_c2"]
    assert given["choice_statuses"]["p1q2_c3"]["status"] == "NOT_APPLICABLE"
    assert given["origin"] == {
        "template": template["id"],
        "template_version": template["version"],
        "url": f"/api/v1/templates/{template['id']}/",
        "changed": False,
    }
    assert_counts_match_answers(workload)

    over = _apply(owner, workload, template, "OVERWRITE")
    assert over.status_code == 200, over.content[:500]
    replaced = owner.get(answer_url(workload, TRICKY_SLUG, "p1q1")).json()
    assert (replaced["selected_choices"], replaced["risk"]) == (["p1q1_c1"], "NONE")
    assert replaced["notes"] == "Platform"
    assert replaced["origin"]["changed"] is False
    # An ordinary answer change: history from MEDIUM to NONE, counts recomputed.
    change = AnswerChange.objects.filter(answer__question_key="p1q1").order_by("-version")[0]
    assert (change.before["risk"], change.after["risk"]) == ("MEDIUM", "NONE")
    assert_counts_match_answers(workload)
    assert Activity.objects.filter(workload=workload, verb="template.apply").count() == 2

    # Changed in the workload since: the origin says so.
    select(owner, workload, TRICKY_SLUG, "p1q1", "c2")
    assert owner.get(answer_url(workload, TRICKY_SLUG, "p1q1")).json()["origin"]["changed"]


def test_applying_needs_a_contributor_and_a_template_they_may_see(clients, workload, template):
    assert _apply(clients["reader"], workload, template, "FILL_EMPTY").status_code == 403
    assert _apply(clients["outsider"], workload, template, "FILL_EMPTY").status_code == 404
    # Bob contributes to the workload but is no member of the template: as if it did not exist.
    assert_error(
        _apply(clients["contributor"], workload, template, "FILL_EMPTY"),
        400,
        "VALIDATION_ERROR",
        field="template",
    )
    assert_error(
        _apply(clients["owner"], workload, template, "MERGE"), 400, "VALIDATION_ERROR", field="mode"
    )
    assert not Answer.objects.filter(template__isnull=False).exists()


def _sized(alice, questions: int):
    doc = lens_doc(n_pillars=2, n_questions=questions, name=f"Sized lens {questions}")
    lens = custom_lens(alice, doc, publish=("1.0",))
    workload = WorkloadFactory(name=f"Sized {questions}", owner=alice, lenses=[lens])
    client = client_for(alice)
    template = _template(client, lens.slug, name=f"Sized {questions}")
    for p in (1, 2):
        for q in range(1, questions + 1):
            key = f"p{p}q{q}"
            _preset(client, template, lens.slug, key, selected_choices=[f"{key}_c1"])
    return client, workload, template


def test_applying_a_template_costs_the_same_queries_whatever_the_lens_size(alice):
    counts = []
    for questions in (2, 12):
        client, workload, template = _sized(alice, questions)
        with CaptureQueriesContext(connection) as queries:
            response = _apply(client, workload, template, "OVERWRITE")
        assert response.status_code == 200, response.content[:300]
        assert len(response.json()["applied"]) == 2 * questions
        assert_counts_match_answers(workload)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_team_member_of_the_template_may_apply_it(clients, workload, template, team, tess):
    from reviews.models import TemplateMember, WorkloadMember

    TemplateMember.objects.create(template_id=template["id"], team=team, role=Role.READER)
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.CONTRIBUTOR)
    tess_client = client_for(tess)
    assert tess_client.get(f"{TEMPLATES}{template['id']}/").json()["role"] == "READER"
    assert _apply(tess_client, workload, template, "FILL_EMPTY").status_code == 200
    denied = tess_client.patch(
        _answer_url(template, TRICKY_SLUG, "p1q1"), {"version": 1, "notes": "x"}, format="json"
    )
    assert denied.status_code == 403
