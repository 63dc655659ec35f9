"""Single sign-on settings, password sign-in turned off, and groups → teams (issue 16 item 5).
The end-to-end flow against a real provider is tests/browser/test_sso.py."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from mllens.env import ConfigError
from mllens.oidc_env import allauth_apps, group_teams, oidc_providers
from mllens.security import content_security_policy
from people.services.sso_teams import groups_from_claims, sso_teams_sync
from reviews.choices import Role
from reviews.models import Team, TeamMembership, WorkloadMember
from tests.fixtures.users import PASSWORD
from tests.reviews.factories import WorkloadFactory

GOOD = {"id": "corp", "issuer": "https://sso.example.org/realms/corp/", "client_id": "mllens"}


def providers(monkeypatch, value) -> list[dict]:
    monkeypatch.setenv("OIDC_PROVIDERS", value if isinstance(value, str) else json.dumps(value))
    return oidc_providers("OIDC_PROVIDERS")


def test_it_reads_providers_with_defaults(monkeypatch):
    [provider] = providers(monkeypatch, [{**GOOD, "secret": "s"}])
    assert provider == {
        "id": "corp",
        "label": "Sign in with corp",
        "issuer": "https://sso.example.org/realms/corp",
        "client_id": "mllens",
        "secret": "s",
        "scope": ["openid", "profile", "email"],
    }
    app = allauth_apps([provider])["openid_connect"]["APPS"][0]
    assert app["settings"]["server_url"] == "https://sso.example.org/realms/corp"
    monkeypatch.delenv("OIDC_PROVIDERS")
    assert oidc_providers("OIDC_PROVIDERS") == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("{not json", "not JSON"),
        ({"id": "x"}, "expected a JSON list"),
        ([{**GOOD, "issuer": "ftp://x"}], "is not an http(s) URL"),
        ([{**GOOD, "id": "Corp SSO"}], "use a-z, 0-9 and dashes"),
        ([{k: v for k, v in GOOD.items() if k != "client_id"}], "'client_id' is required"),
        ([{**GOOD, "secrett": "s"}], "unknown key 'secrett'"),
        ([GOOD, GOOD], "id 'corp' is used twice"),
    ],
)
def test_it_stops_on_a_bad_provider_naming_the_variable(monkeypatch, value, problem):
    with pytest.raises(ConfigError) as raised:
        providers(monkeypatch, value)
    assert raised.value.name == "OIDC_PROVIDERS"
    assert problem in raised.value.problem


def test_it_reads_the_group_mapping(monkeypatch):
    monkeypatch.setenv("OIDC_GROUP_TEAMS", '{"ml": "ML Platform"}')
    assert group_teams("OIDC_GROUP_TEAMS") == {"ml": "ML Platform"}
    monkeypatch.setenv("OIDC_GROUP_TEAMS", '["ml"]')
    with pytest.raises(ConfigError):
        group_teams("OIDC_GROUP_TEAMS")


def test_it_lets_forms_post_to_the_providers_only(settings):
    settings.OIDC_PROVIDERS = [{**GOOD, "issuer": "https://sso.example.org/realms/corp"}]
    assert "form-action 'self' https://sso.example.org;" in content_security_policy()
    settings.OIDC_PROVIDERS = []
    assert "form-action 'self';" in content_security_policy()


@pytest.fixture
def password_off(settings):
    settings.OIDC_PROVIDERS = [{**GOOD, "label": "Corp SSO", "secret": "", "scope": ["openid"]}]
    settings.SOCIALACCOUNT_PROVIDERS = allauth_apps(settings.OIDC_PROVIDERS)
    settings.PASSWORD_LOGIN = False
    return settings


def test_it_refuses_the_right_password_everywhere_when_password_sign_in_is_off(
    password_off, alice, staff
):
    page = Client().get("/login/")
    assert b"Corp SSO" in page.content
    assert b'name="password"' not in page.content
    signed = Client()
    signed.post("/login/", {"username": "alice", "password": PASSWORD})
    assert "_auth_user_id" not in signed.session
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert token.status_code == 400
    assert token.json()["code"] == "INVALID_CREDENTIALS"
    admin = Client()
    admin.post("/admin/login/", {"username": "staff", "password": PASSWORD})
    assert "_auth_user_id" not in admin.session
    for path in ("/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"):
        assert Client().get(path).status_code == 404, path
    # A session made before keeps working; single sign-on is the way in now.
    kept = Client()
    kept.force_login(alice)
    assert kept.get("/").status_code == 200


def test_it_maps_groups_to_existing_teams_and_leaves_the_providers_teams(settings, alice, bob):
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_GROUP_TEAMS = {"ml-eng": "ML Platform", "risk": "Risk"}
    ml, risk, data = (Team.objects.create(name=n) for n in ("ML Platform", "Risk", "Data"))
    claims = {"groups": ["ml-eng", "Data", "nobody-knows"]}
    assert groups_from_claims(claims) == ["ml-eng", "Data", "nobody-knows"]
    assert groups_from_claims({"groups": "Data"}) == ["Data"]
    done = sso_teams_sync(user=bob, groups=groups_from_claims(claims))
    assert done == {"joined": ["Data", "ML Platform"], "left": []}
    assert not Team.objects.filter(name="nobody-knows").exists()
    TeamMembership.objects.create(team=risk, user=bob)
    # Next sign-in without the groups: the provider's teams are left, "Data" (unmapped) stays.
    done = sso_teams_sync(user=bob, groups=[])
    assert done == {"joined": [], "left": ["ML Platform", "Risk"]}
    assert list(bob.review_teams.values_list("name", flat=True)) == ["Data"]
    assert data.memberships.filter(user=bob).exists()
    # A team that is a workload's only acting owner keeps its last person.
    owned = WorkloadFactory(name="Owned by ML", owner=alice)
    WorkloadMember.objects.create(workload=owned, team=ml, role=Role.OWNER)
    WorkloadMember.objects.filter(workload=owned, user=alice).delete()
    sso_teams_sync(user=bob, groups=["ml-eng"])
    assert sso_teams_sync(user=bob, groups=[]) == {"joined": [], "left": []}
    assert ml.memberships.filter(user=bob).exists()
