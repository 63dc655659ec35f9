"""Every API path answers with and without its trailing slash (issue 15 item 1)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from catalog.models import Lens
from reviews.models import Workload
from tests.catalog.lensdocs import lens_doc
from tests.reviews.helpers import API

SAMPLE = {"int": "7", "slug": "some-lens", "str": "q1", "path": "2025/11"}


def _api_routes(patterns=None, prefix: str = "") -> list[tuple[str, str]]:
    """(route, name) of every endpoint under ``/api/``, as the resolver knows them."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_api_routes(entry.url_patterns, route))
        elif isinstance(entry, URLPattern) and route.startswith("api/"):
            found.append((route, entry.name))
    return found


def _concrete(route: str) -> str:
    return "/" + re.sub(r"<(\w+):\w+>", lambda m: SAMPLE[m.group(1)], route)


API_ROUTES = _api_routes()


def _both_forms(route: str) -> tuple[str, str]:
    path = _concrete(route)
    return (path, path.rstrip("/")) if path.endswith("/") else (path, path + "/")


def test_it_finds_the_api_routes():
    names = {name for _, name in API_ROUTES}
    assert {"api-workload-list", "api-trend", "api-lens-import", "api-report-retry"} <= names
    assert len(API_ROUTES) >= 30


@pytest.mark.parametrize(("route", "name"), API_ROUTES, ids=[r for r, _ in API_ROUTES])
def test_it_resolves_both_forms_of_every_api_route_to_the_same_view(route, name):
    """Issue 15 item 1: with and without the trailing slash, one route, one view."""
    written, other = _both_forms(route)
    assert resolve(written).url_name == name
    assert resolve(other).url_name == name, f"{other} resolves elsewhere"


@pytest.mark.parametrize(("route", "name"), API_ROUTES, ids=[r for r, _ in API_ROUTES])
@pytest.mark.django_db
def test_it_never_redirects_nor_answers_html_under_api(route, name):
    """Issue 15 item 1: no 301 (nor any redirect), never an HTML page, for either form."""
    client = APIClient()
    for path in _both_forms(route):
        for method in ("get", "post", "patch"):
            response = getattr(client, method)(path, {"x": 1}, format="json")
            assert response.status_code not in (301, 302, 307, 308), (method, path)
            assert response.status_code < 500, (method, path)
            if name != "api-docs":
                kind = response.headers.get("Content-Type", "")
                assert "html" not in kind, (method, path, kind)


def test_it_creates_a_workload_posted_without_the_slash(clients, tricky):
    """Issue 15 item 1: `POST /api/v1/workloads` creates; it is not lost to a 301 and a GET."""
    response = clients["owner"].post(f"{API}/workloads", {"name": "No slash"}, format="json")
    assert response.status_code == 201, response.content
    assert Workload.objects.filter(name="No slash").exists()


def test_it_changes_a_workload_patched_without_the_slash(clients, workload):
    """Issue 15 item 1: `PATCH /api/v1/workloads/<id>` keeps its body."""
    response = clients["owner"].patch(
        f"{API}/workloads/{workload.pk}", {"description": "Changed"}, format="json"
    )
    assert response.status_code == 200, response.content
    workload.refresh_from_db()
    assert workload.description == "Changed"


def test_it_imports_a_lens_posted_with_a_slash(clients):
    """Issue 15 item 1: `POST /lenses/import/` is the import, not the lens called "import"."""
    response = clients["owner"].post(
        f"{API}/lenses/import/", lens_doc(name="Slash lens"), format="json"
    )
    assert response.status_code == 201, response.content
    assert Lens.objects.filter(name="Slash lens").exists()


def test_it_answers_action_paths_in_both_forms(clients, workload):
    """Issue 15 item 1: `/trend/` and `/trend` both answer."""
    for path in (f"{API}/workloads/{workload.pk}/trend", f"{API}/workloads/{workload.pk}/trend/"):
        response = clients["reader"].get(path)
        assert response.status_code == 200, (path, response.content)
        assert response.json() == clients["reader"].get(path.rstrip("/")).json()


def test_it_keeps_append_slash_for_pages(clients, alice):
    """Issue 15 item 1: pages outside /api/ still get Django's slash redirect."""
    client = APIClient()
    client.force_login(alice)
    response = client.get("/workloads/new")
    assert response.status_code == 301
    assert response["Location"].endswith("/workloads/new/")
