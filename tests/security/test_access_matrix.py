"""Every URL pattern of the app × every kind of user × every method, with the exact status.

The reviews API (``/api/v1/workloads/...`` and ``/api/v1/reports/...``) has its own matrix in
``tests/reviews/test_permissions_matrix.py``; this one adds the pages, the catalogue API,
sign-in, tokens, the schema, the docs, the health check and the admin (staff only), and
checks that the two matrices together cover every pattern the URL resolver knows, and every
method its class-based views implement. A new endpoint fails
``test_it_covers_every_url_pattern_of_the_app`` until someone decides who may call it.

Roles are session sign-ins (``force_login``) of the seeded world's users (see ``world.py``);
every request runs in a savepoint that is rolled back, so all roles see the same data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.fixtures.users import PASSWORD
from tests.reviews.test_permissions_matrix import ENDPOINTS as REVIEWS_API
from tests.security.figures import record
from tests.security.world import ROLES, client_as

SIGNED_IN = ROLES[1:]
LOGIN = "login"  # "expect a redirect to the sign-in page" (302 with ?next=)


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def signed_in(status, anonymous=LOGIN) -> dict:
    return {**dict.fromkeys(SIGNED_IN, status), "anonymous": anonymous}


def members(status, anonymous=LOGIN) -> dict:
    """A page or call of the workload: outsiders get 404, as if it did not exist."""
    return {**signed_in(status, anonymous), "outsider": 404}


def managers(status, others: int, anonymous=LOGIN) -> dict:
    """Only the lens's owner (alice) and staff may do it."""
    return {**signed_in(others, anonymous), "owner": status, "staff": status}


@dataclass(frozen=True)
class Case:
    expected: dict
    query: str = ""
    values: dict = field(default_factory=dict)  # route parameter -> world value name
    body: object = None  # dict: JSON; str: name of a world value; bytes: raw JSON
    form: dict | None = None  # a form post instead of JSON
    label: str = ""
    path: str = ""  # the concrete path, for a regular-expression pattern


@dataclass(frozen=True)
class Route:
    pattern: str  # exactly as the resolver has it
    methods: dict[str, list[Case]]


def team(status, manage: int | None = None, anonymous=LOGIN) -> dict:
    """A team's page or call: its members (dora; alice, its manager) and staff see it, others
    get 404. With ``manage``: only alice and staff may; dora, a plain member, gets that."""
    seen = {**signed_in(404, anonymous), "reader": status, "owner": status, "staff": status}
    return seen if manage is None else {**seen, "reader": manage}


def staff_only(status, anonymous=LOGIN) -> dict:
    return {**signed_in(403, anonymous), "staff": status}


def creators(status, anonymous=LOGIN) -> dict:
    """Staff and team managers (alice manages Platform) create teams."""
    return {**signed_in(403, anonymous), "owner": status, "staff": status}


API = 401  # anonymous API calls: NOT_AUTHENTICATED with `WWW-Authenticate: Token` (issue 15)
DRAFT = {"slug": "draft_slug"}

ROUTES = [
    # --- Pages ----------------------------------------------------------------------------
    Route("", {"GET": [Case(signed_in(200))]}),
    Route("workloads/new/", {"GET": [Case(signed_in(200))]}),
    Route("workloads/import/aws/", {"GET": [Case(signed_in(200))]}),
    Route("workloads/<int:workload_id>/", {"GET": [Case(members(200))]}),
    Route("workloads/<int:workload_id>/compare/", {"GET": [Case(members(200))]}),
    Route(
        "workloads/<int:workload_id>/reviews/<slug:slug>/",
        {
            "GET": [
                Case(members(200), label="now"),
                Case(members(200), query="?milestone=1", label="milestone"),
            ]
        },
    ),
    Route("lenses/", {"GET": [Case(signed_in(200))]}),
    Route(
        "tokens/",
        {"GET": [Case(signed_in(200))], "POST": [Case(signed_in(302), form={"name": "CI"})]},
    ),
    Route("users/", {"GET": [Case(staff_only(200))]}),
    Route("users/<int:user_id>/", {"POST": [Case(staff_only(302), form={"action": "deactivate"})]}),
    Route(
        "teams/",
        {"GET": [Case(signed_in(200))], "POST": [Case(creators(302), form={"name": "Search"})]},
    ),
    Route(
        "teams/<int:team_id>/",
        {
            "GET": [Case(team(200))],
            "POST": [
                Case(team(302, manage=403), form={"action": "rename", "name": "Core"}),
            ],
        },
    ),
    Route(
        "lenses/import/",
        {
            "GET": [
                Case(signed_in(200)),
                Case(managers(200, 403), query="?lens={slug}", label="draft of a lens"),
            ]
        },
    ),
    Route(
        "lenses/<slug:slug>/",
        {
            "GET": [
                Case(signed_in(200), label="published"),
                Case(managers(200, 404), values=DRAFT, label="draft only"),
            ]
        },
    ),
    Route(
        "login/",
        {
            "GET": [Case(signed_in(302, anonymous=200))],
            "POST": [Case(signed_in(302, anonymous=200), form={"username": "alice"})],
            # FormView treats PUT like POST.
            "PUT": [Case(signed_in(302, anonymous=200), form={"username": "alice"})],
        },
    ),
    Route("logout/", {"GET": [Case(everyone(405))], "POST": [Case(everyone(302))]}),
    Route("healthz", {"GET": [Case(everyone(200))], "POST": [Case(everyone(405))]}),
    # --- Schema and docs: public ----------------------------------------------------------
    Route("api/schema/", {"GET": [Case(everyone(200))]}),
    Route("api/docs/", {"GET": [Case(everyone(200)), Case(everyone(200), query="?script=")]}),
    # --- Tokens ---------------------------------------------------------------------------
    Route(
        "api/v1/auth/token/",
        {
            # bob: alice has a second factor in the seeded world (a password alone is 403).
            "POST": [Case(everyone(200), body={"username": "bob", "password": PASSWORD})],
            "DELETE": [Case(signed_in(204, anonymous=API))],
        },
    ),
    Route(
        "api/v1/auth/tokens/",
        {
            "GET": [Case(signed_in(200, API))],
            "POST": [Case(signed_in(201, API), body={"name": "CI"})],
        },
    ),
    Route(
        "api/v1/auth/tokens/<int:token_id>/",
        {
            # Tokens are personal: only alice sees hers, staff included get 404.
            "GET": [Case({**signed_in(404, API), "owner": 200})],
            "DELETE": [Case({**signed_in(404, API), "owner": 204})],
        },
    ),
    # --- Accounts: staff only -------------------------------------------------------------
    Route("api/v1/users/<int:user_id>/deactivate", {"POST": [Case(staff_only(200, API))]}),
    Route("api/v1/users/<int:user_id>/reactivate", {"POST": [Case(staff_only(200, API))]}),
    # --- Teams API --------------------------------------------------------------------------
    Route(
        "api/v1/teams/",
        {
            "GET": [Case(signed_in(200, API))],
            "POST": [Case(creators(201, API), body={"name": "Search"})],
        },
    ),
    Route(
        "api/v1/teams/<int:team_id>/",
        {
            "GET": [Case(team(200, anonymous=API))],
            "PATCH": [Case(team(200, 403, API), body={"description": "Runs the platform"})],
            "DELETE": [Case(team(204, 403, API))],
        },
    ),
    Route(
        "api/v1/teams/<int:team_id>/members/",
        {
            "GET": [Case(team(200, anonymous=API))],
            "POST": [Case(team(201, 403, API), body={"user": {"username": "erin"}})],
        },
    ),
    Route(
        "api/v1/teams/<int:team_id>/members/<str:member>/",
        {
            "GET": [Case(team(200, anonymous=API))],
            "PATCH": [Case(team(200, 403, API), body={"role": "MANAGER"})],
            "DELETE": [Case(team(204, 403, API))],
        },
    ),
    # --- Catalogue API --------------------------------------------------------------------
    Route("api/v1/lenses/", {"GET": [Case(signed_in(200, API))]}),
    Route("api/v1/lenses/import", {"POST": [Case(signed_in(201, API), body="lens_file")]}),
    Route(
        "api/v1/lenses/<slug:slug>/",
        {
            "GET": [
                Case(signed_in(200, API), label="published"),
                Case(managers(200, 404, API), values=DRAFT, label="draft only"),
            ],
            "DELETE": [
                Case(managers(204, 403, API), values={"slug": "unused_slug"}, label="unused"),
                Case(managers(204, 404, API), values=DRAFT, label="draft only"),
            ],
        },
    ),
    Route(
        "api/v1/lenses/<slug:slug>/publish",
        {"POST": [Case(managers(200, 403, API), body={"version": "3.0"})]},
    ),
    Route(
        "api/v1/lenses/<slug:slug>/export",
        {
            "GET": [
                Case(signed_in(200, API), query="?format=aws"),
                Case(managers(200, 404, API), values=DRAFT, query="?version=draft"),
            ]
        },
    ),
    Route(
        "api/v1/lenses/<slug:slug>/diff", {"GET": [Case(signed_in(200, API), "?from=1.0&to=2.0")]}
    ),
    Route(
        "api/v1/lenses/<slug:slug>/versions/<path:version>/",
        {
            "GET": [
                Case(signed_in(200, API), label="published"),
                Case(managers(200, 404, API), values={"version": "draft_label"}, label="draft"),
            ]
        },
    ),
]


# --- Accounts: django-allauth's flows under /accounts/ (README, "People and sign-in") ----------
# Signed-in visitors of the entrance pages (sign-in, sign-up) go on to the dashboard; the
# pages about one's own account want a sign-in; links from mails (verification, reset) answer
# everyone, and a made-up key gets the "link is invalid" page. A provider nobody configured
# answers 404.
SIGNED_IN_TO_DASHBOARD = signed_in(302, anonymous=200)
OWN_ACCOUNT = signed_in(200)
LEGACY = {method: [Case(everyone(301))] for method in ("GET", "POST", "PUT", "PATCH", "DELETE")}
SECOND_FACTOR_REAUTH = {**dict.fromkeys(SIGNED_IN, 302), "anonymous": 302}
RECOVERY = {**dict.fromkeys(SIGNED_IN, 404), "anonymous": LOGIN}


def _form(expected: dict, path: str = "") -> dict:
    """GET, POST and PUT of an allauth form view (a PUT is treated as a POST)."""
    return {method: [Case(expected, path=path)] for method in ("GET", "POST", "PUT")}


ACCOUNT_ROUTES = [
    Route("accounts/login/", _form(SIGNED_IN_TO_DASHBOARD)),
    Route(
        "accounts/logout/",
        {"GET": [Case(signed_in(200, anonymous=302))], "POST": [Case(everyone(302))]},
    ),
    Route("accounts/inactive/", {"GET": [Case(everyone(200))]}),
    Route("accounts/signup/", _form(SIGNED_IN_TO_DASHBOARD)),
    Route("accounts/reauthenticate/", _form(OWN_ACCOUNT)),
    # Sign-in codes by mail are off: only a user with a verified address (alice) gets the form.
    Route(
        "accounts/reauthenticate/code/",
        _form({**signed_in(302), "owner": 200}),
    ),
    Route("accounts/reauthenticate/code/confirm/", _form(signed_in(302))),
    Route(
        "accounts/email/",
        {**_form(OWN_ACCOUNT), "POST": [Case(signed_in(302))], "PUT": [Case(signed_in(302))]},
    ),
    Route("accounts/confirm-email/", {"GET": [Case(everyone(200))]}),
    Route("accounts/password/change/", _form(OWN_ACCOUNT)),
    # Only for accounts without a password (single sign-on): the others go to "change".
    Route("accounts/password/set/", _form(signed_in(302))),
    Route("accounts/password/reset/", _form(everyone(200))),
    Route("accounts/login/code/confirm/", _form(everyone(302))),
    Route(
        r"accounts/^confirm-email/(?P<key>[-:\w]+)/$",
        {
            "GET": [Case(everyone(200), path="/accounts/confirm-email/made-up-key/")],
            "POST": [Case(everyone(404), path="/accounts/confirm-email/made-up-key/")],
        },
    ),
    Route("accounts/password/reset/key/done/", {"GET": [Case(everyone(200))]}),
    Route(
        "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        _form(everyone(200), path="/accounts/password/reset/key/1-made-up-key/"),
    ),
    Route("accounts/password/reset/done/", {"GET": [Case(everyone(200))]}),
    Route("accounts/2fa/", {"GET": [Case(OWN_ACCOUNT)]}),
    # Only during a sign-in that waits for its second factor.
    Route("accounts/2fa/authenticate/", {m: [Case(everyone(302))] for m in ("GET", "POST")}),
    # Alice has a TOTP authenticator: she confirms it; the others confirm their password.
    Route("accounts/2fa/reauthenticate/", _form({**signed_in(302), "owner": 200})),
    Route("accounts/2fa/totp/activate/", _form(SECOND_FACTOR_REAUTH)),
    Route(
        "accounts/2fa/totp/deactivate/",
        _form({**signed_in(404), "owner": 302}),
    ),
    Route("accounts/2fa/recovery-codes/", {"GET": [Case(RECOVERY)]}),
    Route("accounts/2fa/recovery-codes/generate/", _form(SECOND_FACTOR_REAUTH)),
    Route("accounts/2fa/recovery-codes/download/", {"GET": [Case(RECOVERY)]}),
    Route("accounts/3rdparty/login/cancelled/", {"GET": [Case(everyone(200))]}),
    Route("accounts/3rdparty/login/error/", {"GET": [Case(everyone(401))]}),
    Route("accounts/3rdparty/signup/", _form(everyone(302))),
    Route("accounts/3rdparty/", _form(OWN_ACCOUNT)),
    Route("accounts/social/login/cancelled/", LEGACY),
    Route("accounts/social/login/error/", LEGACY),
    Route("accounts/social/signup/", LEGACY),
    Route("accounts/social/connections/", LEGACY),
    Route(
        "accounts/oidc/^(?P<provider_id>[^/]+)/login/",
        {"GET": [Case(everyone(404), path="/accounts/oidc/unknown-provider/login/")]},
    ),
    Route(
        "accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/",
        {"GET": [Case(everyone(404), path="/accounts/oidc/unknown-provider/login/callback/")]},
    ),
]
ROUTES += ACCOUNT_ROUTES


# --- Invitations (README, "People and sign-in") ------------------------------------------------
def workload_owners(status, anonymous=API) -> dict:
    """The workload's owners and staff only: other members 403, outsiders 404."""
    return {**members(403, anonymous), "owner": status, "staff": status}


INVITE = {"email": "colleague@example.com", "role": "READER"}
NEW_ACCOUNT = {"username": "newcomer", "password": "a long passphrase 93"}
# The invitation mailed to the outsider's address: only the outsider may take it up.
THEIRS = {**dict.fromkeys(SIGNED_IN, 403), "outsider": 200}
OUTSIDER_TOKEN = {"token": "outsider_token"}

INVITATION_ROUTES = [
    Route(
        "api/v1/workloads/<int:workload_id>/invitations/",
        {
            "GET": [Case(workload_owners(200)), Case(workload_owners(200), "?status=PENDING")],
            "POST": [Case(workload_owners(201), body=INVITE)],
        },
    ),
    Route(
        "api/v1/workloads/<int:workload_id>/invitations/<int:invitation_id>/",
        {"GET": [Case(workload_owners(200))], "DELETE": [Case(workload_owners(204))]},
    ),
    Route(
        "api/v1/workloads/<int:workload_id>/invitations/<int:invitation_id>/resend",
        {"POST": [Case(workload_owners(200))]},
    ),
    Route(
        "api/v1/invitations/<str:token>/accept",
        {
            "POST": [
                # Signed in: nobody but the invited address's owner; anonymous: no account given.
                Case({**dict.fromkeys(SIGNED_IN, 403), "anonymous": 400}, label="newcomer's"),
                Case({**THEIRS, "anonymous": 400}, values=OUTSIDER_TOKEN, label="outsider's"),
                Case(
                    {**dict.fromkeys(SIGNED_IN, 400), "anonymous": 200},
                    body=NEW_ACCOUNT,
                    label="new account",
                ),
            ]
        },
    ),
    Route(
        "invitations/<str:token>/",
        {
            "GET": [Case(everyone(200))],
            "POST": [
                Case(
                    {**dict.fromkeys(SIGNED_IN, 403), "outsider": 302, "anonymous": 400},
                    values=OUTSIDER_TOKEN,
                    form={},
                ),
            ],
        },
    ),
]
ROUTES += INVITATION_ROUTES
ROUTES.append(
    # The profile: an empty form is valid (the username, the server's time zone).
    Route("profile/", {"GET": [Case(signed_in(200))], "POST": [Case(signed_in(302), form={})]})
)


def _rows():
    for route in ROUTES:
        methods = dict(route.methods)
        if "GET" in methods and route.pattern != "healthz":  # require_GET refuses HEAD
            methods.setdefault("HEAD", methods["GET"])
        for method, cases in methods.items():
            for index, case in enumerate(cases):
                label = f" ({case.label or index})" if len(cases) > 1 else ""
                yield pytest.param(route, method, case, id=f"{method} /{route.pattern}{label}")


@pytest.fixture
def world(security_world, db):
    return security_world


def concrete(pattern: str, values: dict, renamed: dict) -> str:
    def value(match) -> str:
        name = match.group(1)
        return str(values[renamed.get(name, name)])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, pattern)


def _request(client, method: str, path: str, case: Case, values: dict):
    if case.form is not None:
        return client.generic(
            method,
            path,
            data="&".join(f"{k}={v}" for k, v in case.form.items()),
            content_type="application/x-www-form-urlencoded",
        )
    body = values[case.body] if isinstance(case.body, str) else case.body
    if body is None:
        return client.generic(method, path)
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.generic(method, path, data=data, content_type="application/json")


def _status(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith("/login/?next="):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(("route", "method", "case"), list(_rows()))
def test_it_answers_each_role_with_the_exact_status(route, method, case, world):
    path = case.path or concrete(route.pattern, world.values, case.values)
    path += case.query.format(**world.values)
    actual = {}
    for role in ROLES:
        with transaction.atomic():
            response = _request(client_as(world, role), method, path, case, world.values)
            transaction.set_rollback(True)
        actual[role] = _status(response)
        assert response.status_code < 500, (role, response.content[:500])
    assert actual == case.expected


# --- The admin: staff only ---------------------------------------------------------------------


def _admin_urls(world) -> list[tuple[str, str, object]]:
    """(URL name, concrete path, model admin or None) of every admin URL pattern."""
    site = admin.site
    found = []
    for route, _, name in _walk(get_resolver().url_patterns, ""):
        if not route.startswith("admin/"):
            continue
        model_admin = next(
            (
                ma
                for model, ma in site._registry.items()
                if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/")
            ),
            None,
        )
        obj = model_admin.model._default_manager.order_by("pk").first() if model_admin else None
        if "<path:content_type_id>" in route:
            from django.contrib.contenttypes.models import ContentType

            workload = world.workload
            path = reverse(
                "admin:view_on_site",
                args=[ContentType.objects.get_for_model(workload).pk, workload.pk],
            )
        elif "(?P<app_label>" in route:
            path = reverse("admin:app_list", args=["reviews"])
        elif "(?P<url>" in route:
            path = "/admin/no-such-page/"
        elif "<id>" in route:
            path = "/" + route.replace("<id>", str(world.users["owner"].pk))
        elif "<path:object_id>" in route:
            path = "/" + route.replace("<path:object_id>", quote(str(obj.pk)))
        else:
            path = "/" + route
        found.append((name or route, path, model_admin, obj))
    return found


def _staff_status(name: str, model_admin, obj, request) -> int:
    """What staff (a superuser) gets from a GET of this admin URL."""
    special = {
        "login": 302,  # already signed in: on to the index
        "logout": 405,  # POST only
        "autocomplete": 403,  # no app_label/model_name/field_name given
        "view_on_site": 404,  # workloads have no public URL
        "admin/(?P<url>.*)$": 404,
    }
    if name in special:
        return special[name]
    if model_admin is None:
        return 200
    if name.endswith("_add"):
        return 200 if model_admin.has_add_permission(request) else 403
    if name.endswith("_delete"):
        return 200 if model_admin.has_delete_permission(request, obj) else 403
    if name.startswith("admin/"):  # "<object_id>/": the old URL of the change page
        return 302
    return 200


def test_it_keeps_every_admin_page_for_staff(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["staff"]
    checked = 0
    for name, path, model_admin, obj in _admin_urls(world):
        expected = {role: 302 if name != "login" else 200 for role in ROLES if role != "staff"}
        if name == "logout":  # not for them: back to the index, which sends them to login
            expected = dict.fromkeys(expected, 302)
        expected["staff"] = _staff_status(name, model_admin, obj, request)
        actual = {}
        for role in ROLES:
            with transaction.atomic():
                response = client_as(world, role).get(path)
                transaction.set_rollback(True)
            actual[role] = response.status_code
            if role != "staff" and response.status_code == 302:
                assert response["Location"].startswith("/admin/"), (path, role)
        assert actual == expected, path
        checked += len(ROLES)
    record("admin_cases", checked)


def test_it_limits_the_admin_login_for_every_role(world):
    """Issue 12 finding 2: POST /admin/login/ goes through the sign-in limiter, whoever sends
    it: five wrong passwords for the staff user, then even the right one answers 429."""
    staff = world.users["staff"].get_username()
    statuses = []
    for role in (*ROLES, *ROLES):
        with transaction.atomic():
            response = client_as(world, role).post(
                "/admin/login/", {"username": staff, "password": "not the password"}
            )
            transaction.set_rollback(True)
        statuses.append(response.status_code)
    assert statuses == [200] * 5 + [429] * 7
    right = {"username": staff, "password": PASSWORD}
    assert client_as(world, "anonymous").post("/admin/login/", right).status_code == 429
    elsewhere = client_as(world, "anonymous", REMOTE_ADDR="192.0.2.44")
    assert elsewhere.post("/admin/login/?next=/admin/", right).status_code == 302
    record("admin_login_cases", len(statuses) + 2)


# --- Coverage of the whole URLconf ---------------------------------------------------------------


def _walk(patterns, prefix: str):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback, pattern.name


def _implemented(callback) -> set[str] | None:
    """The methods a class-based view implements (None for a function view)."""
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:
        return None
    methods = {m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)}
    return methods


def test_it_covers_every_url_pattern_of_the_app():
    """Pages, APIs and the admin: the two matrices together know every pattern and method."""
    mine = {route.pattern: set(route.methods) for route in ROUTES}
    reviews_api = {f"api/v1/{e.route}": set(e.methods) for e in REVIEWS_API}
    assert not set(mine) & set(reviews_api), "a pattern is in both matrices"
    covered = mine | reviews_api
    uncovered, stale, methods = [], set(covered), []
    for route, callback, _ in _walk(get_resolver().url_patterns, ""):
        if route.startswith("admin/"):
            continue  # test_it_keeps_every_admin_page_for_staff walks those
        stale.discard(route)
        if route not in covered:
            uncovered.append(route)
            continue
        implemented = _implemented(callback)
        if implemented is not None and implemented != covered[route]:
            methods.append((route, sorted(implemented), sorted(covered[route])))
    assert not uncovered, f"URL patterns no matrix covers: {uncovered}"
    assert not stale, f"matrix rows for patterns that no longer exist: {sorted(stale)}"
    assert not methods, f"methods implemented ≠ methods in the matrix: {methods}"


def test_it_counts_the_cases_checked():
    mine = sum(len(cases) for route in ROUTES for cases in route.methods.values())
    heads = sum(1 for route in ROUTES if "GET" in route.methods and route.pattern != "healthz")
    theirs = sum(len(e.methods) + ("GET" in e.methods) + 1 for e in REVIEWS_API)  # +HEAD, OPTIONS
    record("matrix_routes", len(ROUTES) + len(REVIEWS_API))
    record("matrix_cases", (mine + heads + theirs) * len(ROLES))
