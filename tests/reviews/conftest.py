"""Fixtures of the reviews tests: lenses, a workload with a member of every role, clients."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.db import connection
from rest_framework.test import APIClient

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.choices import Role
from tests.fixtures.users import UserFactory, client_for
from tests.reviews.factories import TeamFactory, WorkloadFactory, tricky_lens
from tests.support import require

ML_SLUG = "machine-learning"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made per test; the production password hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ml_lens(db) -> Lens:
    """The shipped Machine Learning Lens (35 questions, six phases)."""
    shipped_lenses_load()
    return Lens.objects.get(slug=ML_SLUG)


@pytest.fixture
def tricky(alice) -> Lens:
    """A small published lens with `!`, `||`, parentheses, HIGH-first rules and phases."""
    return tricky_lens(alice)


@pytest.fixture
def dora(db):
    """A reader of the workload."""
    return UserFactory(username="dora", first_name="Dora", last_name="Reader")


@pytest.fixture
def tess(db):
    """Not a member herself, but in a team that is."""
    return UserFactory(username="tess", first_name="Tess", last_name="Teammate")


@pytest.fixture
def team(tess):
    return TeamFactory(name="Platform", members=[tess])


@pytest.fixture
def workload(alice, bob, dora, tricky):
    """Alice owns it, bob contributes, dora reads; charlie is an outsider; the tricky lens."""
    return WorkloadFactory(
        name="Fraud model",
        owner=alice,
        lenses=[tricky],
        members=[(bob, Role.CONTRIBUTOR), (dora, Role.READER)],
    )


@pytest.fixture
def clients(alice, bob, dora, charlie, staff):
    """An API client per role, by name."""
    return {
        "anonymous": APIClient(),
        "outsider": client_for(charlie),
        "reader": client_for(dora),
        "contributor": client_for(bob),
        "owner": client_for(alice),
        "staff": client_for(staff),
    }


@pytest.fixture
def live_api(transactional_db, live_server):
    """``call(token, method, path, body=None, headers=None)`` -> ``(status, body)``: a real
    HTTP request to the live server with token auth (and any other ``headers``), safe to make
    from many threads at once. Races need PostgreSQL's row locks, so tests that use this skip
    (or fail under CI) without it."""
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")

    def call(token: str, method: str, path: str, body=None, headers=None):
        request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
            live_server.url + path,
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw.startswith(b"{") else raw.decode()[:300]

    return call
