"""Every reviews API endpoint × every kind of user × every method, with the exact status.

Anonymous requests get 401 NOT_AUTHENTICATED with ``WWW-Authenticate: Token`` (issue 15
item 3): token authentication comes first, and its challenge makes DRF answer 401.
Outsiders get 404 from every endpoint of a workload (OPTIONS included): it does not exist
for them. What members may do comes from the one role table, ``reviews.permissions.POLICY``:
each endpoint's method names its action, and the expected status of every role is derived
from the table (403 below the action's least role). The table itself is checked against the
README's role table, and a few decisions are pinned by hand below, so changing the table
without the README (or the README without the code) fails. Report jobs belong to their
workload: the same rules apply.

Each endpoint's row runs every method and role inside a savepoint that is rolled back, so
all requests see the same workload and one setup serves the whole row.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from catalog import services
from reviews.choices import ROLE_RANK, Role
from reviews.models import Answer, ReportJob, WorkloadMember
from reviews.permissions import POLICY, Action
from reviews.services import exchange
from reviews.services.answers import answer_update
from reviews.services.awswa.export import aws_review_export
from reviews.services.comments import comment_create
from reviews.services.milestones import milestone_create
from tests.catalog.factories import custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import UserFactory, client_for
from tests.reviews.factories import tricky_doc
from tests.reviews.helpers import API
from tests.security.world import template_world

ROLES = ("anonymous", "outsider", "reader", "contributor", "owner", "staff")


def read(ok: int = 200) -> dict[str, int]:
    return {
        "anonymous": 401,
        "outsider": 404,
        "reader": ok,
        "contributor": ok,
        "owner": ok,
        "staff": ok,
    }


MEMBER_ROLES = {"reader": Role.READER, "contributor": Role.CONTRIBUTOR, "owner": Role.OWNER}


USED: set[Action] = set()  # the actions the rows below name (every action must be used)


def may(action: Action, ok: int) -> dict[str, int]:
    """The statuses the role table implies: ``ok`` from the action's least role up (staff act
    as owners), 403 below it, 404 for outsiders, 403 NOT_AUTHENTICATED for anonymous."""
    USED.add(action)
    least = ROLE_RANK[POLICY[action]]
    members = {name: ok if ROLE_RANK[role] >= least else 403 for name, role in MEMBER_ROLES.items()}
    return {**read(ok), **members}


def template_may(least: Role, ok: int) -> dict[str, int]:
    """As :func:`may`, for a template's role table (``reviews.permissions.TEMPLATE_POLICY``)."""
    members = {
        name: ok if ROLE_RANK[role] >= ROLE_RANK[least] else 403
        for name, role in MEMBER_ROLES.items()
    }
    return {**read(ok), **members}


def anyone(ok: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, ok) | {"anonymous": 401}


@dataclass(frozen=True)
class Case:
    expected: dict[str, int]
    body: dict | str | None = None  # a str names a body built by the ``world`` fixture
    query: str = ""
    values: dict[str, str] = field(default_factory=dict)  # route parameter -> world value


@dataclass(frozen=True)
class Endpoint:
    route: str  # exactly as in the URLconf, below /api/v1/
    methods: dict[str, Case] = field(default_factory=dict)
    scoped: bool = True  # below one workload: outsiders get 404


W = "workloads/<int:workload_id>/"
R = W + "reviews/<slug:slug>/"
T = "templates/<int:template_id>/"
VIEW = may(Action.WORKLOAD_VIEW, 200)


def author_only(ok: int) -> dict[str, int]:
    """A comment's own writes: its author (the contributor) alone; other writers get 403."""
    return {**may(Action.COMMENT, ok), "owner": 403, "staff": 403}


ENDPOINTS = [
    Endpoint(
        "workloads/",
        {"GET": Case(anyone(200)), "POST": Case(anyone(201), {"name": "Brand new workload"})},
        scoped=False,
    ),
    Endpoint(
        W,
        {
            "GET": Case(VIEW),
            "PATCH": Case(may(Action.WORKLOAD_EDIT, 200), {"notes": "Reviewed with the team."}),
            "DELETE": Case(may(Action.WORKLOAD_DELETE, 204)),
        },
    ),
    Endpoint(
        W + "members/",
        {
            "GET": Case(VIEW),
            "POST": Case(may(Action.MEMBERS_MANAGE, 201), {"user": "erin", "role": "READER"}),
            "PATCH": Case(may(Action.MEMBERS_MANAGE, 200), {"user": "dora", "role": "CONTRIBUTOR"}),
            "DELETE": Case(may(Action.MEMBERS_MANAGE, 204), {"user": "dora"}),
        },
    ),
    Endpoint(
        W + "members/<str:member_id>/",
        {
            "GET": Case(VIEW),
            "PATCH": Case(may(Action.MEMBERS_MANAGE, 200), {"role": "CONTRIBUTOR"}),
            "DELETE": Case(may(Action.MEMBERS_MANAGE, 204)),
        },
    ),
    Endpoint(W + "activity/", {"GET": Case(may(Action.ACTIVITY, 200))}),
    Endpoint(
        W + "reviews/",
        {"GET": Case(VIEW), "POST": Case(may(Action.REVIEW_ADD, 201), {"lens": "second-lens"})},
    ),
    Endpoint(
        R,
        {
            "GET": Case(VIEW),
            "PATCH": Case(may(Action.NOTES, 200), {"notes": "Lens notes."}),
            "DELETE": Case(may(Action.REVIEW_REMOVE, 204)),
        },
    ),
    Endpoint(R + "answers/", {"GET": Case(VIEW)}),
    Endpoint(
        R + "answers/<str:question_key>/",
        {
            "GET": Case(VIEW),
            "PATCH": Case(may(Action.ANSWER, 200), {"version": 1, "notes": "Checked."}),
        },
    ),
    Endpoint(R + "answers/<str:question_key>/history/", {"GET": Case(VIEW)}),
    Endpoint(R + "improvements/", {"GET": Case(VIEW)}),
    Endpoint(
        R + "improvements/<str:question_key>/<str:choice_key>/",
        {"PATCH": Case(may(Action.IMPROVEMENT_TRACK, 200), {"status": "IN_PROGRESS"})},
    ),
    # Question assignees (issue 18 item 2).
    Endpoint(
        R + "answers/<str:question_key>/assignee",
        {
            "GET": Case(VIEW),
            "PATCH": Case(may(Action.ASSIGN, 200), {"user": {"username": "dora"}}),
            "DELETE": Case(may(Action.ASSIGN, 204)),
        },
    ),
    # Comment threads (issue 18 item 1): every member reads, contributors and owners write;
    # a comment is changed or deleted by its author alone (bob, the contributor, wrote it).
    *(
        endpoint
        for thread, comment in (
            (R + "answers/<str:question_key>/", {}),
            (
                R + "improvements/<str:question_key>/<str:choice_key>/",
                {"comment_id": "item_comment_id"},
            ),
        )
        for endpoint in (
            Endpoint(
                thread + "comments/",
                {
                    "GET": Case(VIEW),
                    "POST": Case(may(Action.COMMENT, 201), {"body": "@alice is this right?"}),
                },
            ),
            Endpoint(
                thread + "comments/<int:comment_id>/",
                {
                    "GET": Case(VIEW, values=comment),
                    "PATCH": Case(author_only(200), {"body": "Edited."}, values=comment),
                    "DELETE": Case(author_only(204), values=comment),
                },
            ),
            Endpoint(
                thread + "thread",
                {
                    "GET": Case(VIEW),
                    "PATCH": Case(may(Action.COMMENT, 200), {"status": "RESOLVED"}),
                },
            ),
        )
    ),
    # Milestones, comparison, trend and upgrade (built alongside this matrix).
    Endpoint(
        W + "milestones/",
        {
            "GET": Case(VIEW),
            "POST": Case(may(Action.MILESTONE_CREATE, 201), {"name": "Before launch"}),
        },
    ),
    Endpoint(W + "milestones/<int:number>/", {"GET": Case(VIEW)}),
    Endpoint(
        W + "compare", {"GET": Case(may(Action.COMPARE, 200), query="?base=1&target=current")}
    ),
    Endpoint(W + "trend", {"GET": Case(may(Action.COMPARE, 200))}),
    Endpoint(
        R + "upgrade",
        {"POST": Case(may(Action.REVIEW_UPGRADE, 200), {"milestone_name": "Pre 2.0"})},
    ),
    # Export and import (issue item 8).
    Endpoint(W + "export", {"GET": Case(may(Action.EXPORT, 200))}),
    Endpoint("workloads/import", {"POST": Case(anyone(201), "export")}, scoped=False),
    # Reviews to and from the AWS tool (issue 13 part 5): the same routes, other variants.
    Endpoint(W + "export", {"GET": Case(read(), query="?format=aws-wa-tool")}),
    Endpoint(
        "workloads/import",
        {"POST": Case(anyone(201), "aws", query="?format=aws-wa-tool")},
        scoped=False,
    ),
    Endpoint(
        "workloads/import",
        {"POST": Case(anyone(200), "aws", query="?format=aws-wa-tool&dry_run=true")},
        scoped=False,
    ),
    # PDF reports: jobs are visible to whoever may read their workload.
    Endpoint(
        "reports/",
        {"GET": Case(anyone(200)), "POST": Case(may(Action.REPORT_REQUEST, 202), "report")},
        scoped=False,
    ),
    Endpoint(
        "reports/<int:job_id>/",
        {
            "GET": Case(may(Action.REPORT_DOWNLOAD, 200)),
            "DELETE": Case(may(Action.REPORT_DELETE, 204)),
        },
        scoped=False,
    ),
    Endpoint(
        "reports/<int:job_id>/retry",
        {"POST": Case(may(Action.REPORT_REQUEST, 202), values={"job_id": "failed_job_id"})},
        scoped=False,
    ),
    Endpoint(
        "reports/<int:job_id>/download",
        {"GET": Case(may(Action.REPORT_DOWNLOAD, 200))},
        scoped=False,
    ),
    # Review templates (issue 19): members of the template, in the workload roles' meaning
    # (the world gives alice, bob and dora the same roles on it as on the workload).
    Endpoint(
        "templates/",
        {"GET": Case(anyone(200)), "POST": Case(anyone(201), {"name": "Brand new template"})},
        scoped=False,
    ),
    Endpoint(
        T,
        {
            "GET": Case(read()),
            "PATCH": Case(template_may(Role.CONTRIBUTOR, 200), {"name": "Renamed"}),
            "DELETE": Case(template_may(Role.OWNER, 204)),
        },
    ),
    Endpoint(
        T + "lenses/<slug:slug>/answers/<str:question_key>/",
        {
            "GET": Case(read()),
            "PATCH": Case(template_may(Role.CONTRIBUTOR, 200), {"version": 1, "notes": "Ours."}),
            "DELETE": Case(template_may(Role.CONTRIBUTOR, 204)),
        },
    ),
    Endpoint(W + "templates/", {"POST": Case(may(Action.ANSWER, 200), "apply")}),
]


def _methods(endpoint: Endpoint) -> dict[str, Case]:
    """The endpoint's methods plus HEAD (as GET) and OPTIONS."""
    methods = dict(endpoint.methods)
    if "GET" in methods:
        methods["HEAD"] = methods["GET"]
    methods["OPTIONS"] = Case(read() if endpoint.scoped else anyone(200))
    return methods


@pytest.fixture
def world(workload, alice, bob, dora, tricky, settings, tmp_path):
    """The workload with one HIGH answer (so the plan has items), a milestone, a second lens
    to apply, a newer version of the tricky lens to upgrade to, and an export to import."""
    UserFactory(username="erin")
    custom_lens(alice, lens_doc(name="Second lens"), publish=("1.0",))
    review = workload.lens_reviews.get()
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_no"]
    )
    milestone_create(workload=workload, name="First look", actor=alice)
    template = template_world(alice, bob, dora, tricky)
    bob = workload.members.get(role=Role.CONTRIBUTOR).user
    on_question = comment_create(review=review, question_key="p1q1", actor=bob, body="Sure?")
    on_item = comment_create(
        review=review, question_key="p1q1", choice_key="p1q1_c1", actor=bob, body="Who?"
    )
    _republish(tricky, alice)
    settings.MEDIA_ROOT = tmp_path
    job = {"workload": workload, "lens": tricky, "requested_by": alice, "kind": "review"}
    done = ReportJob.objects.create(
        **job, status="done", request_key="done", file=ContentFile(b"%PDF-1.7\n", "r.pdf")
    )
    failed = ReportJob.objects.create(**job, status="failed", request_key="failed")
    return {
        "values": {
            "workload_id": workload.pk,
            "member_id": WorkloadMember.objects.get(workload=workload, user=dora).pk,
            "slug": tricky.slug,
            "question_key": "p1q1",
            "choice_key": "p1q1_c1",
            "number": 1,
            "job_id": done.pk,
            "failed_job_id": failed.pk,
            "comment_id": on_question.pk,
            "item_comment_id": on_item.pk,
            "template_id": template.pk,
        },
        "apply": {"template": template.pk, "mode": "FILL_EMPTY"},
        # A copy under a name of its own: the owner may not hold two workloads of one name.
        "export": _renamed(exchange.workload_export(workload=workload), "Imported copy"),
        "aws": _renamed_aws(aws_review_export(workload=workload), "Imported AWS copy"),
        "report": {"workload": workload.pk, "lens": tricky.slug, "kind": "improvement_plan"},
        "version": Answer.objects.get(lens_review=review, question_key="p1q1").version,
    }


def _renamed(document: dict, name: str) -> dict:
    return {**document, "workload": {**document["workload"], "name": name}}


def _renamed_aws(document: dict, name: str) -> dict:
    (workload,) = document["workload"]
    return {**document, "workload": [{**workload, "WorkloadName": name}]}


def _republish(lens, owner) -> None:
    """Publish version 2.0 of the tricky lens (a changed title), so reviews can upgrade."""
    doc = tricky_doc()
    doc["pillars"][0]["questions"][0]["title"] = "How do you handle p1q1 now?"
    services.lens_import(raw=json.dumps(doc), user=owner, lens=lens)
    services.lens_publish(lens=lens, version="2.0", is_major=False, user=owner)


def concrete(route: str, values: dict, renamed: dict) -> str:
    def value(match) -> str:
        name = match.group(1)
        return str(values[renamed.get(name, name)])

    return f"{API}/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.route for e in ENDPOINTS])
def test_it_answers_each_role_with_the_exact_status(endpoint, world, clients):
    """One row per endpoint: ``{method: {role: status}}``, every request rolled back."""
    actual, expected = {}, {}
    for method, case in _methods(endpoint).items():
        path = concrete(endpoint.route, world["values"], case.values) + case.query
        body = world[case.body] if isinstance(case.body, str) else case.body
        if body and "version" in body:
            body = {**body, "version": world["version"]}
        expected[method] = case.expected
        actual[method] = {role: _status(clients[role], role, method, path, body) for role in ROLES}
    assert actual == expected


def _status(client, role: str, method: str, path: str, body) -> int:
    kwargs = {} if body is None else {"data": _json(body), "content_type": "application/json"}
    with transaction.atomic():
        response = client.generic(method, path, **kwargs)
        transaction.set_rollback(True)
    if response.status_code >= 400 and method != "HEAD":
        _assert_error_shape(response, role)
    return response.status_code


def test_it_answers_methods_an_endpoint_lacks_with_404_to_outsiders_and_405_to_members(
    world, clients
):
    expected = {
        "anonymous": 401,
        "outsider": 404,
        "reader": 405,
        "contributor": 405,
        "owner": 405,
        "staff": 405,
    }
    for endpoint in ENDPOINTS:
        if not endpoint.scoped:
            continue
        path = concrete(endpoint.route, world["values"], {})
        actual = {role: _status(clients[role], role, "PUT", path, {}) for role in ROLES}
        assert actual == expected, endpoint.route


def _json(body) -> str:
    return json.dumps(body, default=str)


EXPECTED_ERROR_CODES = {
    401: {"NOT_AUTHENTICATED", "AUTHENTICATION_FAILED"},
    403: {"NOT_AUTHENTICATED", "PERMISSION_DENIED"},
    404: {"NOT_FOUND"},
    405: {"METHOD_NOT_ALLOWED"},
}


def _assert_error_shape(response, role: str) -> None:
    body = response.json()
    assert set(body) >= {"code", "message", "errors"}, body
    assert body["message"], body
    if role == "anonymous":
        assert body["code"] == "NOT_AUTHENTICATED", body
    elif response.status_code in EXPECTED_ERROR_CODES:
        assert body["code"] in EXPECTED_ERROR_CODES[response.status_code], body


def test_it_says_not_authenticated_to_anonymous_requests(clients, workload):
    """Issue 15 item 3: 401 with the challenge, so scripts know to authenticate again."""
    response = clients["anonymous"].get(f"{API}/workloads/{workload.pk}/")
    assert response.status_code == 401
    assert response.json() == {
        "code": "NOT_AUTHENTICATED",
        "message": "Authentication credentials were not provided.",
        "errors": [],
    }
    assert response["WWW-Authenticate"] == "Token"


def test_it_answers_404_for_a_workload_that_does_not_exist_like_for_a_hidden_one(clients, workload):
    hidden = clients["outsider"].get(f"{API}/workloads/{workload.pk}/")
    missing = clients["owner"].get(f"{API}/workloads/{workload.pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_it_gives_a_teams_members_the_teams_role(workload, team, tess, alice):
    client = client_for(tess)
    assert client.get(f"{API}/workloads/{workload.pk}/").status_code == 404
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.READER)
    assert client.get(f"{API}/workloads/{workload.pk}/").status_code == 200
    assert client.patch(f"{API}/workloads/{workload.pk}/", {"notes": "x"}).status_code == 403


def _api_routes() -> dict[str, set[str]]:
    """Every URL pattern of the reviews API with the methods its view implements."""
    routes: dict[str, set[str]] = {}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                view = getattr(pattern.callback, "view_class", None)
                if view is None or not view.__module__.startswith("reviews.api"):
                    continue
                routes[route] = {
                    m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)
                }

    walk(get_resolver().url_patterns, "")
    return {route.removeprefix("api/v1/"): methods for route, methods in routes.items()}


def test_it_covers_every_endpoint_and_method_of_the_reviews_api():
    """A new endpoint (or method) in reviews/api/urls.py must be added to ENDPOINTS."""
    in_urls = _api_routes()
    # Teams are not below a workload: their rows (staff, team managers, members, outsiders)
    # are in the whole-app matrix, tests/security/test_access_matrix.py, which checks that it
    # covers every URL pattern of the app.
    teams = {route for route in in_urls if route.startswith("teams/")}
    assert teams, "the teams API moved: update this test"
    in_matrix = {endpoint.route: set(endpoint.methods) for endpoint in ENDPOINTS}
    assert {route: in_urls[route] for route in in_urls.keys() - teams} == in_matrix


# --- The role table: one model, written down once ------------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"
COLUMNS = ("reader", "contributor", "owner", "staff")


def _readme_roles() -> dict[str, dict[str, bool]]:
    """``{action label: {role: allowed}}`` from the README's "Who may do what" table."""
    text = README.read_text().split("## Who may do what", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("Action", "---"):
            continue
        assert set(cells[1:]) <= {"✓", "—"}, line
        rows[cells[0]] = {role: mark == "✓" for role, mark in zip(COLUMNS, cells[1:], strict=True)}
    return rows


def test_it_documents_the_role_table_the_code_enforces():
    """Issue 12 finding 5: the README's role table (every action × reader/contributor/owner/
    staff) is the table the API enforces, row for row."""
    least = {action: ROLE_RANK[role] for action, role in POLICY.items()}
    ranks = {"reader": 1, "contributor": 2, "owner": 3, "staff": 3}  # staff act as owners
    from_code = {
        action.label: {role: rank >= least[action] for role, rank in ranks.items()}
        for action in Action
    }
    assert _readme_roles() == from_code


def test_it_checks_every_action_of_the_table_on_some_endpoint():
    """Issue 12 finding 5: no row of the role table goes unchecked by the matrix."""
    assert set(Action) == USED
    assert set(POLICY) == set(Action)


def test_it_keeps_the_decisions_of_the_role_model():
    """Issue 12 finding 5: decisions pinned by hand, so the table cannot drift unnoticed.

    Removing or upgrading a lens review is an owner action (it destroys answers, history and
    plan tracking, or moves everyone to a new version); readers download but do not request
    or retry reports; contributors answer, track, record milestones and request reports.
    """
    owners_only = (
        Action.REVIEW_REMOVE,
        Action.REVIEW_UPGRADE,
        Action.REVIEW_ADD,
        Action.MEMBERS_MANAGE,
        Action.WORKLOAD_DELETE,
        Action.REPORT_DELETE,
    )
    contributors = (
        Action.ANSWER,
        Action.NOTES,
        Action.IMPROVEMENT_TRACK,
        Action.MILESTONE_CREATE,
        Action.REPORT_REQUEST,
        Action.WORKLOAD_EDIT,
    )
    readers = (Action.REPORT_DOWNLOAD, Action.COMPARE, Action.EXPORT, Action.ACTIVITY)
    assert {a: POLICY[a] for a in owners_only} == dict.fromkeys(owners_only, Role.OWNER)
    assert {a: POLICY[a] for a in contributors} == dict.fromkeys(contributors, Role.CONTRIBUTOR)
    assert {a: POLICY[a] for a in readers} == dict.fromkeys(readers, Role.READER)


def test_it_refuses_a_contributor_removing_or_upgrading_a_review_and_a_reader_requesting_reports(
    world, clients
):
    """Issue 12 finding 5: the three holes the audit found, each answered 403 and harmless."""
    values = world["values"]
    review = concrete(R, values, {})
    removed = clients["contributor"].delete(review)
    upgraded = clients["contributor"].post(
        review + "upgrade", {"milestone_name": "Pre 2.0"}, content_type="application/json"
    )
    requested = clients["reader"].post(
        f"{API}/reports/", world["report"], content_type="application/json"
    )
    retried = clients["reader"].post(f"{API}/reports/{values['failed_job_id']}/retry")
    assert [r.status_code for r in (removed, upgraded, requested, retried)] == [403] * 4
    assert {r.json()["code"] for r in (removed, upgraded, requested, retried)} == {
        "PERMISSION_DENIED"
    }
    assert clients["reader"].get(review).json()["lens_version"] == "1.0"
    assert ReportJob.objects.filter(status="queued").count() == 0
    assert ReportJob.objects.get(pk=values["failed_job_id"]).status == "failed"
